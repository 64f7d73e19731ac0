import { describe, expect, it } from "vitest";
import { emptyResult, resetResult } from "../sim/model/result-build.ts";
import type { RunResult } from "../sim/model/result.ts";
import { createRunner, parseScenario, replicate } from "../sim/index.ts";
import { Simulation } from "../sim/model/simulation.ts";

/** Every number, string and array element of `v` set away from its empty value, recursively. */
function dirty(v: Record<string, unknown>): void {
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === "number") v[k] = 7;
    else if (typeof x === "string") v[k] = "eventLimit";
    else if (x instanceof Uint8Array) x.fill(1);
    else if (typeof x === "object" && x !== null) dirty(x as Record<string, unknown>);
  }
}

describe("reused run results", () => {
  it("resetResult brings every field, a new one included, back to emptyResult's value", () => {
    const r = emptyResult();
    r.perCommandFailed = new Uint8Array(4);
    dirty(r as unknown as Record<string, unknown>);
    const expected = { ...emptyResult(), perCommandFailed: new Uint8Array(4) };
    expect(resetResult(r)).toEqual(expected);
  });

  it("a runner that reuses its result gives, run by run, the results of one that does not", () => {
    const scenarios = [
      { transport: "tls", warmup: { idle: "full" }, disconnects: [{ at: "1s", fraction: 1, mode: "fin" }], workload: { kind: "sequential", commands: 20, start: "1100ms" } },
      { probe: "tls-aware", pool: { size: 4 }, disconnects: [{ at: "200ms", every: "300ms", until: "2s", fraction: 0.5, mode: "rst" }], workload: { kind: "poisson", rate: 300, duration: "2s" } },
      { profile: "ioredis@5", disconnects: [{ at: "1s", fraction: 1, mode: "fin" }], workload: { kind: "sequential", commands: 10, start: "900ms" } },
    ].map((o) => parseScenario(o));
    for (const s of scenarios) {
      const sim = new Simulation();
      const fresh = createRunner(s, s.seed, null, new Simulation());
      const reused = createRunner(s, s.seed, null, sim, true);
      let previous: RunResult | null = null;
      for (let i = 0; i < 40; i++) {
        const a = fresh(i);
        const b = reused(i);
        expect(b).toEqual(a);
        if (previous !== null && s.client !== "multiplexed") expect(b).toBe(previous);
        previous = b;
      }
    }
  });

  it("replicate, which reuses one result, summarises as runs on fresh results do", () => {
    const s = parseScenario({ transport: "tls", warmup: { idle: "full" }, disconnects: [{ at: "1s", fraction: 0.5, mode: "fin" }], workload: { kind: "sequential", commands: 12, start: "1100ms" } });
    const run = createRunner(s);
    const results = Array.from({ length: 300 }, (_, i) => run(i));
    const summary = replicate(s, 300);
    const mean = (f: (r: RunResult) => number) => results.reduce((n, r) => n + f(r), 0) / results.length;
    expect(summary.metrics.failedCommands.mean).toBeCloseTo(mean((r) => r.failed), 12);
    expect(summary.perCommandFailure.map((e) => e.mean)).toEqual(Array.from({ length: 12 }, (_, k) => mean((r) => r.perCommandFailed[k])));
  });
});
