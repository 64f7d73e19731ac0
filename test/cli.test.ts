import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseJson } from "../experiments/cli/json-file.ts";
import { applySets } from "../experiments/cli/overrides.ts";

function sim(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "experiments/cli.ts", ...args], { encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), "poolsim-cli-"));

describe("npm run sim -- run", () => {
  it("--format json prints the resolved scenario, reps, seed and every metric with a 95% interval", () => {
    const r = sim("run", "experiments/scenarios/incident.json", "--reps", "50", "--format", "json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.reps).toBe(50);
    expect(out.seed).toBe(1);
    expect(out.scenario.pool.size).toBe(10);
    for (const name of ["failedCommands", "commandFailureRate", "anyCommandFailed", "firstCommandFailed", "attemptsPerCommand", "staleHandedOut", "dials", "latencyP50", "latencyP99"]) {
      expect(out.metrics[name]).toHaveProperty("mean");
      expect(out.metrics[name].ci95).toHaveLength(2);
    }
    // The incident: 10 stale TLS connections, MaxRetries 3 → exactly the first 2 commands fail.
    expect(out.metrics.failedCommands.mean).toBe(2);
    expect(out.metrics.perCommandFailure).toHaveLength(20);
    expect(out.metrics.perCommandFailure.slice(0, 3).map((e: { mean: number }) => e.mean)).toEqual([1, 1, 0]);
  });

  it("--set overrides fields by path and --seed changes the streams", () => {
    const r = sim("run", "experiments/scenarios/incident.json", "--reps", "20", "--format", "json", "--set", "probe=tls-aware", "--set", "disconnects.0.fraction=0.5", "--seed", "9");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.scenario.probe).toBe("tls-aware");
    expect(out.scenario.disconnects[0].fraction).toBe(0.5);
    expect(out.seed).toBe(9);
    expect(out.metrics.failedCommands.mean).toBe(0);
  });

  it("the table output is the default", () => {
    const r = sim("run", "experiments/scenarios/incident.json", "--reps", "10");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/failedCommands\s+2\s+\[2, 2\]/);
  });

  it("bad scenario values exit 2 with every problem listed and no stack trace", () => {
    const r = sim("run", "experiments/scenarios/incident.json", "--set", "pool.size=0", "--set", "probe=tls");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("pool.size must be an integer from 1 to 100000; got 0");
    expect(r.stderr).toContain('probe must be one of none, syscall, tls-aware, peek, read-unwrap-tls, ping-on-borrow, ping-if-idle, ping-if-due; got "tls"');
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("invalid JSON is reported with file, line and column", () => {
    const f = join(dir, "broken.json");
    writeFileSync(f, '{\n  "pool": { "size": 4, }\n}\n');
    const r = sim("run", f);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f}:2:24: invalid JSON`);
  });

  it("unknown flags, bad flag values and missing files exit 2 with a message", () => {
    expect(sim("run", "experiments/scenarios/incident.json", "--repz", "3").stderr).toContain("unknown option --repz");
    expect(sim("run", "experiments/scenarios/incident.json", "--reps", "0").stderr).toContain('--reps must be an integer from 1 to 100000000; got "0"');
    expect(sim("run", "experiments/scenarios/incident.json", "--format", "xml").stderr).toContain('--format must be one of table, json; got "xml"');
    const missing = sim("run", "nope.json");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.json: no such file");
    expect(sim("frobnicate").stderr).toContain('unknown command "frobnicate"');
  });
});

describe("npm run sim -- sweep", () => {
  it("a bad cell between the corners exits 2 listing every problem, as the full check does, with no stack trace", () => {
    const file = join(dir, "between-corners.json");
    const axes = [{ path: "pool.size", values: [1, 2.5, 3] }, { path: "retry.maxRetries", values: [0, 1.5, 2] }];
    writeFileSync(file, JSON.stringify({ base: { workload: { kind: "sequential", commands: 2 } }, axes, replications: 10 }));
    const r = sim("sweep", file, "--threads", "2");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `error: invalid sweep ${file}:\n` +
        "  - cell {pool.size: 1, retry.maxRetries: 1.5}: retry.maxRetries must be an integer from 0 to 10000; got 1.5 (and 2 more cells)\n" +
        "  - cell {pool.size: 2.5, retry.maxRetries: 0}: pool.size must be an integer from 1 to 100000; got 2.5 (and 2 more cells)\n",
    );
  });
});

describe("CLI helpers", () => {
  it("parseJson() locates errors V8 reports without a position", () => {
    expect(() => parseJson('{"a": tru}', "x.json")).toThrow(/^x\.json:1:10: invalid JSON/);
    expect(() => parseJson('{"a": 1', "x.json")).toThrow(/^x\.json:1:8: invalid JSON/);
    expect(() => parseJson("", "x.json")).toThrow(/^x\.json:1:1: invalid JSON/);
  });

  it("applySets() parses JSON values, falls back to strings and builds list items", () => {
    expect(applySets({}, ["pool.size=8", "probe=tls-aware", "disconnects.0.mode=rst", "warmup.idle=\"full\""])).toEqual({
      pool: { size: 8 },
      probe: "tls-aware",
      disconnects: [{ mode: "rst" }],
      warmup: { idle: "full" },
    });
    expect(() => applySets({}, ["pool.size"])).toThrow('--set takes path=value; got "pool.size"');
  });
});
