/** Input that names object machinery (__proto__, constructor, prototype) exits 2 with one problem naming it: scenario files, --set, sweep axes, merge inputs. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MergeError, mergeShards } from "../sim/sweep/index.ts";

function sim(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "experiments/cli.ts", ...args], { encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), "poolsim-proto-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The problem lines of an error: "error: …" or the "  - …" items under "invalid scenario:". */
function problemLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith("error: ") || l.startsWith("  - "));
}

describe("the CLI refuses prototype-named keys", () => {
  it('run {"workload":{"kind":"__proto__"}} exits 2 naming the kind, no stack trace', () => {
    const r = sim("run", file("kind.json", '{"workload":{"kind":"__proto__"}}'), "--reps", "1");
    expect(r.code).toBe(2);
    expect(problemLines(r.stderr)).toEqual(['  - workload.kind must be one of sequential, concurrent, poisson; got "__proto__"']);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('run {"constructor": 0, "seed": 1} exits 2 naming constructor as an unknown field', () => {
    const r = sim("run", file("ctor.json", '{"constructor": 0, "seed": 1}'), "--reps", "1");
    expect(r.code).toBe(2);
    const lines = problemLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ {2}- constructor is not a known field; allowed here: profile, seed/);
  });

  it("run --set __proto__.polluted=1 exits 2 naming __proto__", () => {
    const r = sim("run", "experiments/scenarios/incident.json", "--reps", "1", "--set", "__proto__.polluted=1");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --set __proto__ is not a known field (in path "__proto__.polluted")\n');
  });

  it("sweep axes and set through prototype-named paths exit 2", () => {
    const axis = file("axis.json", JSON.stringify({ base: {}, axes: [{ path: "pool.constructor.x", values: [1] }], replications: 1 }));
    const r = sim("sweep", axis);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pool\.constructor is not a known field/);
    const set = file("set.json", JSON.stringify({ base: {}, set: { "prototype.x": 1 }, axes: [{ path: "pool.size", values: [1] }], replications: 1 }));
    const s = sim("sweep", set);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/set: prototype is not a known field/);
  });
});

describe("the CLI refuses absurdly nested input", () => {
  const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

  it("a scenario value nested 100,000 levels deep exits 2 naming the field, no stack trace", () => {
    const r = sim("run", file("deep.json", `{"seed": ${deep(100_000)}}`), "--set", "pool.size=3");
    expect(r.code).toBe(2);
    expect(problemLines(r.stderr)).toEqual(["  - seed.0.0… is nested more than 32 levels deep; nothing in a scenario is"]);
  });

  it("a sweep whose axis values nest 100,000 levels deep exits 2", () => {
    const r = sim("sweep", file("deep-sweep.json", `{"base": {}, "axes": [{"path": "seed", "values": [${deep(100_000)}]}]}`));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/axes\.0\.values… is nested more than 32 levels deep/);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe("merge refuses prototype-named keys in its input", () => {
  const sweep = file("merge-sweep.json", JSON.stringify({ base: "experiments/scenarios/incident.json", axes: [{ path: "pool.size", values: [2, 3] }], replications: 5 }));
  const shard = join(dir, "shard.json");
  const csvShard = join(dir, "shard.csv");
  const made = [sim("sweep", sweep, "--shard", "1/1", "--threads", "1", "--out", shard), sim("sweep", sweep, "--shard", "1/1", "--threads", "1", "--out", csvShard)];
  /** The shard's text with `"key": {…},` put first into the object whose text starts with `anchor`. */
  const withKey = (anchor: string, key: string) => {
    const text = readFileSync(shard, "utf8");
    expect(text).toContain(anchor);
    return text.replace(anchor, anchor.replace("{", `{"${key}": {"polluted": 1}, `));
  };

  it("the untouched shards merge (exit 0)", () => {
    expect(made.map((r) => r.code)).toEqual([0, 0]);
    expect(sim("merge", shard).code).toBe(0);
    expect(sim("merge", csvShard).code).toBe(0);
  });

  it.each([
    ["a cell's own __proto__", '{"index":0,', "__proto__", "cells.0.__proto__"],
    ["a top-level constructor", '{\n  "sweep"', "constructor", "constructor"],
    ["a prototype inside a cell's metrics", '{"failedCommands"', "prototype", "cells.0.metrics.prototype"],
  ])("%s exits 2 with one line naming the key", (_, anchor, key, path) => {
    const bad = file(`bad-${key}.json`, withKey(anchor, key));
    const r = sim("merge", bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: merge: ${bad}: ${path} is not a known field (no shard output has a key named ${key})\n`);
    // In process too: refused before anything is copied, and Object.prototype stays clean.
    expect(() => mergeShards([{ name: "s", text: withKey(anchor, key) }])).toThrow(new MergeError(`s: ${path} is not a known field (no shard output has a key named ${key})`));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a CSV shard with a column named __proto__ exits 2 naming it", () => {
    const text = readFileSync(csvShard, "utf8").replace(/^index,/m, "index,__proto__,");
    const bad = file("bad-column.csv", text);
    const r = sim("merge", bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: merge: ${bad}: column __proto__ is not a known field (no shard output has a column named __proto__)\n`);
  });
});
