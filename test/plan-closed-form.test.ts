import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Aggregate, resolveScenario, runScenario, type Scenario } from "../sim/index.ts";
import { wilson } from "../sim/stats.ts";
import { closedFormFailure, leadingStaleAtLeast, planRetries } from "../sim/sweep/index.ts";

const incident = (over: Record<string, unknown> = {}): Scenario =>
  resolveScenario({
    transport: "tls", probe: "syscall", pool: { size: 10 }, warmup: { idle: "full" },
    disconnects: [{ at: "1s", fraction: 1, mode: "fin" }],
    workload: { kind: "sequential", commands: 20, start: "1100ms" },
    ...over,
  });

function simulate(s: Scenario, reps: number): Aggregate {
  const agg = new Aggregate();
  for (let i = 0; i < reps; i++) agg.add(runScenario(s, { replication: i }));
  return agg;
}

describe("closedFormFailure(scenario)", () => {
  it("bulk FIN of a full blind pool fails ⌊S/(R+1)⌋ commands, exactly as simulated", () => {
    for (const [size, r] of [[10, 3], [10, 0], [7, 2], [3, 5], [32, 4]]) {
      const s = incident({ pool: { size }, retry: { maxRetries: r } });
      const form = closedFormFailure(s)!;
      expect(form.failedCommands).toBe(Math.min(20, Math.floor(size / (r + 1))));
      const sim = simulate(s, 20).summary();
      expect(sim.metrics.failedCommands.mean).toBe(form.failedCommands);
      expect(sim.metrics.commandFailureRate.mean).toBeCloseTo(form.commandFailureRate, 12);
    }
  });

  it("a probe that sees the FIN (tls-aware, or syscall on TCP) leaves nothing to fail", () => {
    for (const over of [{ probe: "tls-aware" }, { transport: "tcp" }]) {
      const s = incident(over);
      expect(closedFormFailure(s)).toEqual({ failedCommands: 0, commandFailureRate: 0, anyCommandFailed: 0, firstCommandFailed: 0 });
      expect(simulate(s, 20).summary().metrics.failedCommands.mean).toBe(0);
    }
  });

  it("random K of 10 stale, one command: P(fail) = C(K,R+1)/C(10,R+1), inside the simulated Wilson interval", () => {
    for (const [k, r] of [[5, 1], [8, 2], [6, 0]]) {
      const s = incident({ disconnects: [{ at: "1s", count: k, mode: "rst" }], workload: { kind: "sequential", commands: 1, start: "1100ms" }, retry: { maxRetries: r } });
      const p = closedFormFailure(s)!.anyCommandFailed;
      expect(p).toBeCloseTo(leadingStaleAtLeast(k, 10, r + 1), 15);
      const n = 3000;
      const hat = simulate(s, n).summary().metrics.anyCommandFailed.mean;
      const [lo, hi] = wilson(hat, n);
      expect(p, `K=${k} R=${r}: simulated ${hat}`).toBeGreaterThanOrEqual(lo);
      expect(p).toBeLessThanOrEqual(hi);
    }
  });

  it("hypergeometric tail: C(5,2)/C(10,2) = 10/45, and 0 when m > K", () => {
    expect(leadingStaleAtLeast(5, 10, 2)).toBeCloseTo(10 / 45, 15);
    expect(leadingStaleAtLeast(3, 10, 4)).toBe(0);
  });

  it("does not apply outside its shape", () => {
    expect(closedFormFailure(incident({ disconnects: [{ at: "1s", mode: "blackhole" }] }))).toBeNull();
    expect(closedFormFailure(incident({ disconnects: [{ at: "1s", mode: "fin", serverDown: "1s" }] }))).toBeNull();
    expect(closedFormFailure(incident({ workload: { kind: "concurrent", clients: 2 } }))).toBeNull();
    expect(closedFormFailure(incident({ retry: { retryOn: { eof: false } } }))).toBeNull();
    expect(closedFormFailure(incident({ pool: { size: 10, maxIdleTime: "1s" } }))).toBeNull();
    expect(closedFormFailure(incident({ pool: { size: 10, order: "fifo" }, disconnects: [{ at: "1s", count: 4 }] }))).toBeNull();
  });
});

describe("planRetries(scenario, options)", () => {
  it("closed-form rows: smallest R with ⌊S/(R+1)⌋/20 ≤ target, and none needed with a working probe", () => {
    const rows = planRetries(incident(), { target: 0.001, poolSizes: [1, 10], strategies: ["syscall", "tls-aware"], costReps: 20 });
    expect(rows.map((r) => [r.poolSize, r.strategy, r.maxRetries, r.upper, r.method, r.confidence])).toEqual([
      [1, "syscall", 1, 0, "closed-form", 1],
      [1, "tls-aware", 0, 0, "closed-form", 1],
      [10, "syscall", 10, 0, "closed-form", 1],
      [10, "tls-aware", 0, 0, "closed-form", 1],
    ]);
    expect(rows.every((r) => Number.isFinite(r.p99LatencyMs) && r.dials >= 1)).toBe(true);
  });

  it("the simulated search agrees with the closed form where both apply", () => {
    // Blackholed conns are outside the closed form; but with FIN they are inside: force simulation with a second disconnect far in the future.
    const late = { at: "1h", fraction: 1, mode: "fin" };
    const s = incident({ pool: { size: 6 }, disconnects: [{ at: "1s", fraction: 1, mode: "fin" }, late] });
    expect(closedFormFailure(s)).toBeNull();
    const [row] = planRetries(s, { target: 0.01, strategies: ["syscall"], costReps: 20 });
    expect(row).toMatchObject({ method: "confidence-sequence", confidence: 0.95, status: "certified" });
    expect(row.upper).toBeLessThanOrEqual(0.01);
    // ⌊6/(R+1)⌋ ≤ 0.01 × 20 needs R + 1 > 6.
    expect(row.maxRetries).toBe(6);
  });

  it("reports null when no maxRetries up to the limit is enough", () => {
    const [row] = planRetries(incident({ pool: { size: 10 } }), { target: 0.001, strategies: ["none"], retriesMax: 4, costReps: 10 });
    expect(row).toMatchObject({ maxRetries: null, status: "exceeds", upper: 2 / 20 });
    expect(row.note).toContain("no maxRetries ≤ 4");
  });

  it("a simulated step stops as soon as the sequence decides: 2 of 20 failing in every run is refuted within 30 runs", () => {
    const late = { at: "1h", fraction: 1, mode: "fin" };
    const s = incident({ disconnects: [{ at: "1s", fraction: 1, mode: "fin" }, late] });
    const [row] = planRetries(s, { target: 0.001, strategies: ["none"], retriesMax: 0, costReps: 10 });
    expect(row).toMatchObject({ maxRetries: null, status: "exceeds", method: "confidence-sequence" });
    expect(row.runs).toBeLessThan(30);
  });

  it("a target too small for the runs allowed per step is refused before any run, in plain words", () => {
    const late = { at: "1h", fraction: 1, mode: "fin" };
    const s = incident({ disconnects: [{ at: "1s", fraction: 1, mode: "fin" }, late] });
    const [row] = planRetries(s, { target: 1e-6, strategies: ["tls-aware"], repsMax: 20_000, costReps: 10 });
    expect(row).toMatchObject({ maxRetries: null, status: "cannot-certify", runsTotal: 0 });
    expect(row.note).toMatch(/^cannot certify ≤ 0.000001 within 20,000 runs per step \(needs ≥ [\d,]+ runs with no failure\)$/);
  });

  it("decides the closed form from resolved behaviour: go-redis-9.7 (the revert) gets go-redis-9.5.3's exact answer", () => {
    const incidentFile = { ...JSON.parse(readFileSync("experiments/scenarios/incident.json", "utf8")) };
    const rows = planRetries(incidentFile, { target: 0.001, strategyPath: "profile", strategies: ["go-redis-9.5.3", "go-redis-9.7"], costReps: 20 });
    expect(rows.map((r) => [r.strategy, r.maxRetries, r.upper, r.method])).toEqual([
      ["go-redis-9.5.3", 10, 0, "closed-form"],
      ["go-redis-9.7", 10, 0, "closed-form"],
    ]);
    expect(closedFormFailure(resolveScenario({ ...incidentFile, profile: "go-redis-9.7" }))).toEqual(closedFormFailure(resolveScenario(incidentFile)));
  });
});
