/**
 * Issue 9: runs end with their workload (background machinery never keeps one alive), within
 * bounds computed from the scenario, and their accounts balance (test/invariants.ts), over the
 * hand-made arbitraries and over the spec-derived fuzz generator.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario, ScenarioError, type Scenario } from "../sim/index.ts";
import { compileScenario } from "../sim/scenario/compile.ts";
import { scenarioOptions } from "./arbitraries.ts";
import { checkRunInvariants } from "./invariants.ts";
import { workloadEndBoundUs } from "./invariants-bounds.ts";
import { runnableInput } from "./fuzz-inputs.ts";
import { scenarioInput } from "./spec-arbitrary.ts";

const SEED = 20261203;

/** Dials a pool can make: pool.size turn holders plus the breaker, each dial at least minDialUs. */
function dialBound(s: Scenario, endUs: number): number {
  const p = compileScenario(s);
  const minDialUs = Math.max(1, Math.min(p.dialTimeUs, p.rttUs, p.dialTimeoutUs));
  return (p.poolSize + 1) * (endUs / minDialUs + 1) + p.poolSize;
}

describe(`runs end with their workload (fast-check seed ${SEED})`, () => {
  it("every run ends complete, by the workload's end plus the longest a command can take", () => {
    fc.assert(
      fc.property(scenarioOptions, fc.nat(20), (o, rep) => {
        const s = resolveScenario(o);
        const r = runScenario(s, { replication: rep });
        expect(r.outcome).toBe("complete");
        expect(r.endMs * 1000).toBeLessThanOrEqual(workloadEndBoundUs(s));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("dials stay under a physical bound; every probe ends in a hand-out or a discard", () => {
    fc.assert(
      fc.property(scenarioOptions, (o) => {
        const s = resolveScenario(o);
        const r = runScenario(s);
        expect(r.dials).toBeLessThanOrEqual(dialBound(s, r.endMs * 1000));
        // A probe runs on an idle connection in Get, which then goes to the command (at most one
        // per attempt) or is discarded (probesCaught).
        expect(r.probes).toBeLessThanOrEqual(r.attempts + r.probesCaught);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("the issue's hikaricp repro ends complete, soon after its workload, with a believable dial count", () => {
    const s = resolveScenario({
      profile: "hikaricp",
      network: { dialTimeout: "38828ms", readTimeout: "908ms", dialRetryBackoff: "107.774s", keepAliveInterval: "101.351s", middleboxIdleTimeout: "0.170s" },
      workload: { kind: "poisson", rate: 500, duration: "10s" },
    });
    const r = runScenario(s);
    expect(r.outcome).toBe("complete");
    // One Get spends HikariCP's connectionTimeout (30 s) PINGing refills the middlebox kills first.
    expect(r.endMs).toBeLessThanOrEqual(10_000 + 30_000 + 1_000);
    expect(r.dials).toBeLessThan(200);
    expect(r.succeeded + r.failed).toBe(r.commands);
  });
});

describe(`conservation invariants, checked after every event (fast-check seed ${SEED})`, () => {
  it("hold over the hand-made arbitraries (pooled clients)", () => {
    fc.assert(
      fc.property(scenarioOptions, (o) => {
        const s = resolveScenario(o);
        // The checker steps the pooled model; multiplexed runs have their own suite.
        fc.pre(s.client === "pooled");
        const { violations } = checkRunInvariants(s);
        expect(violations).toEqual([]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("hold over spec-derived fuzz scenarios with a small workload", () => {
    let ran = 0;
    fc.assert(
      // The fuzz file's runnable inputs too (test/fuzz-inputs.ts): most raw inputs never resolve.
      fc.property(fc.oneof(scenarioInput, runnableInput), (input) => {
        let s: Scenario;
        try {
          s = resolveScenario(input as never);
        } catch (e) {
          if (e instanceof ScenarioError) return;
          throw e;
        }
        // The checker steps the pooled model; multiplexed runs have their own suite.
        if (s.client !== "pooled" || !tiny(s)) return;
        ran++;
        const { violations } = checkRunInvariants(s);
        expect(violations, JSON.stringify(s)).toEqual([]);
      }),
      { seed: SEED, numRuns: 9000 },
    );
    expect(ran).toBeGreaterThan(150);
  });
});

/**
 * And the scenario's own timeouts, retries and backoffs end its last command within 6 h
 * (workloadEndBoundUs, as the fuzz file's smallWorkload): a command allowed 10,000 retries of
 * a health-check PING that redials through 79 dial attempts each really runs for years.
 */
const tinyBound = (s: Scenario) => workloadEndBoundUs(s) <= 6 * 3_600e6;

/** Small enough to check after every event: ≤ 16 connections, ≤ 200 commands within ≤ 60 s, health checks ≥ 10 ms apart. */
function tiny(s: Scenario): boolean {
  const p = compileScenario(s);
  const w = p.workload;
  if (p.poolSize > 16 || (p.healthCheckIntervalUs > 0 && p.healthCheckIntervalUs < 10_000)) return false;
  if (w.kind === "poisson") return w.startUs + w.durationUs <= 60e6 && w.durationUs / w.meanGapUs <= 200 && tinyBound(s);
  const clients = w.kind === "concurrent" ? w.clients : 1;
  if (w.startUs > 60e6 || w.commands * clients > 200 || w.commands * (w.kind === "concurrent" ? w.thinkUs : 0) > 60e6) return false;
  return tinyBound(s);
}
