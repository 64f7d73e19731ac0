/** Input that names object machinery (__proto__, constructor, prototype) exits 2 with one problem naming it. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

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
