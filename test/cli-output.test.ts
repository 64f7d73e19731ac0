import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSweep, SweepError } from "../sim/sweep/index.ts";
import { mergeShards, MergeError } from "../sim/sweep/index.ts";

const dir = mkdtempSync(join(tmpdir(), "poolsim-out-"));
function sim(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "experiments/cli.ts", ...args], { encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("CLI output files and damaged inputs", () => {
  it("an --out in a missing folder is refused before any run, with exit 2 and no stack trace", () => {
    const r = sim("sweep", "experiments/sweeps/frontier.json", "--out", "/nonexistent/dir/x.csv");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--out /nonexistent/dir/x.csv: cannot write there (no such folder)");
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("merge refuses a damaged JSON shard or a CSV shard without its header line", () => {
    expect(() => mergeShards([{ name: "a.json", text: '{"shard":"1/1"}' }])).toThrow(MergeError);
    expect(() => mergeShards([{ name: "a.json", text: '{"shard":"1/1"}' }])).toThrow(/damaged shard output/);
    expect(() => mergeShards([{ name: "a.csv", text: "# shard 1/1 of sweep abc123, 4 cells\n" }])).toThrow(/no header line/);
  });

  it("a sweep with no axes is refused", () => {
    expect(() => resolveSweep({ base: {}, axes: [] }, { loadBase: () => ({}) })).toThrow(SweepError);
    try {
      resolveSweep({ base: {}, axes: [] }, { loadBase: () => ({}) });
    } catch (e) {
      expect((e as SweepError).problems).toContain("axes must hold at least one axis; got []");
    }
  });

  it("a JSON syntax error is one line: file, line, column and reason", () => {
    const f = join(dir, "bad.json");
    writeFileSync(f, '{"base": {}, "axes": [ }');
    const r = sim("sweep", f);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`${f}:1:24: invalid JSON`);
  });
});
