import { describe, expect, it } from "vitest";
import { planCommand } from "../experiments/cli/plan-command.ts";
import { resolveScenario } from "../sim/index.ts";
import { readFileSync } from "node:fs";
import { describeEvents, estimateIdle, fleetPerEvent, perEventSummary, type PlanRow } from "../sim/sweep/index.ts";

describe("per-event metrics do not depend on the window", () => {
  // Same seed, same replications (common random numbers): the event plays out identically in both
  // windows, so the per-event figures must agree run for run, not merely overlap.
  it("perEventSummary(s, reps): 20 → 200 commands per client leaves failed/event, P(event loses ≥ 1) and extra time/event the same while the per-command rate falls tenfold", () => {
    const at = (commands: number) =>
      perEventSummary(
        resolveScenario({
          transport: "tls", probe: "syscall", pool: { size: 10 }, retry: { maxRetries: 1 }, warmup: { idle: "full" },
          disconnects: [{ at: "1s", fraction: 0.6, mode: "fin" }],
          workload: { kind: "concurrent", clients: 4, commands, start: "1100ms", think: "5ms" },
        }),
        1000,
      );
    const [short, long] = [at(20), at(200)];
    expect(short.failedPerEvent.mean).toBeGreaterThan(0.1);
    expect(long.failedPerEvent).toEqual(short.failedPerEvent);
    expect(long.lossProbability).toEqual(short.lossProbability);
    expect(short.lossProbability!.mean).toBeGreaterThan(0.1);
    // Σ over 10× the commands: equal up to floating-point rounding of the longer sums.
    expect(long.extraLatencyMsPerEvent.mean).toBeCloseTo(short.extraLatencyMsPerEvent.mean, 9);
    expect(long.extraLatencyMsPerEvent.ci95![0]).toBeCloseTo(short.extraLatencyMsPerEvent.ci95![0], 9);
    expect(short.extraLatencyMsPerEvent.mean).toBeGreaterThan(1);
    expect(long.extraLatencyMaxMs).toEqual(short.extraLatencyMaxMs);
    expect(long.window.commands).toBe(10 * short.window.commands);
    expect(long.commandFailureRate).toBeCloseTo(short.commandFailureRate / 10, 12);
  });

  it("fleetPerEvent(e, n): failed commands and extra time add up over n instances; P(≥ 1 lost) = 1 − (1 − p)^n", () => {
    const one = { mean: 0.1, ci95: [0.05, 0.2] as [number, number] };
    const e = { failedPerEvent: one, lossProbability: one, extraLatencyMsPerEvent: one, extraLatencyMaxMs: one, extraLatencyMsPerOverlapping: one, overlappingPerEvent: one } as Parameters<typeof fleetPerEvent>[0];
    const f = fleetPerEvent(e, 8);
    // A mean over overlapping commands is the same on every instance; their number adds up.
    expect(f.extraLatencyMsPerOverlapping).toBe(one);
    expect(f.overlappingPerEvent.mean).toBeCloseTo(0.8, 12);
    expect(f.failedPerEvent.mean).toBeCloseTo(0.8, 12);
    expect(f.lossProbability!.mean).toBeCloseTo(1 - 0.9 ** 8, 12);
    expect(f.extraLatencyMaxMs).toBe(one);
  });
});

describe("estimateIdle(scenario, fleet): idle connections at the event", () => {
  const s = (over: Record<string, unknown> = {}) => resolveScenario({ profile: "go-redis-9.7", transport: "tls", pool: { size: 50 }, network: { rtt: "1ms" }, ...over });
  it("Little's law for the busy ones; the pool's peak within maxIdleTime for the open ones", () => {
    const e = estimateIdle(s(), { instances: 8, ratePerSecond: 2000, workers: 16 });
    expect(e.busy).toBeCloseTo(0.25, 12);
    // Deterministic: the peak k with fewer than one of 30 min / 1 ms looks at ρ = 0.25/16 reaching it (README: "5 of at most 16").
    expect(e.open).toBe(5);
    expect(e.why).toContain("(5 of at most 16), so 5 idle connections meet the event");
    expect(e.idle).toBe(Math.round(e.open - e.busy));
    expect(e.why).toContain("Little's law: 250 commands/s × 1 ms = 0.250 in flight per instance");
  });
  it("without an idle timeout every worker's connection stays open, capped by the pool size", () => {
    expect(estimateIdle(s({ pool: { size: 50, maxIdleTime: "0s" } }), { instances: 8, ratePerSecond: 2000, workers: 16 }).open).toBe(16);
    expect(estimateIdle(s({ pool: { size: 4, maxIdleTime: "0s" } }), { instances: 8, ratePerSecond: 2000, workers: 16 }).open).toBe(4);
  });
});

describe("plan --instances --rate --workers", () => {
  const plan = (argv: string[]) => {
    let text = "";
    planCommand(argv, (t) => (text += t));
    return text;
  };
  it("plans one instance of the fleet and states the fleet, its idle estimate and per-event figures across it", () => {
    const out = plan(["experiments/scenarios/incident.json", "--target", "0.01", "--strategies", "tls-aware", "--instances", "8", "--rate", "2000/s", "--workers", "16"]);
    expect(out).toContain("fleet: 8 instances × 16 workers, 2000 commands/s in all; per maintenance event across the fleet; idle connections at the event: Little's law");
    expect(out).toContain("window: Poisson 250 commands/s for 700ms per run");
    expect(out).toMatch(/failed commands\/event \(across the fleet\)/);
  });
  it("refuses a partial fleet or a bad rate, naming the flags", () => {
    expect(() => plan(["experiments/scenarios/incident.json", "--target", "0.01", "--instances", "8"])).toThrow(/a fleet needs --instances, --rate and --workers together.*got only --instances/);
    expect(() => plan(["experiments/scenarios/incident.json", "--target", "0.01", "--instances", "8", "--rate", "fast", "--workers", "2"])).toThrow(/--rate must be commands per second across the fleet, e.g. 2000\/s; got "fast"/);
  });
});

describe("extra time to outcome per event (all commands, failures counted apart)", () => {
  const load = (over: Record<string, unknown>, file = "experiments/scenarios/incident.json") => resolveScenario({ ...JSON.parse(readFileSync(file, "utf8")), ...over });
  // Without a failure every command reaches success, and a disconnect can only delay it (stale
  // connections, retries, dials): the sum cannot fall below the twin's, however the runs go.
  it("is ≥ 0 (mean and the CI's lower end) whenever no command fails, for one and for repeated events", () => {
    const cases = [
      load({ retry: { maxRetries: 10 } }),
      load({ probe: "tls-aware" }),
      load({ retry: { maxRetries: 2 }, workload: { kind: "poisson", rate: 200, duration: "25s", start: "0s" } }, "experiments/scenarios/rolling.json"),
    ];
    for (const s of cases) {
      const e = perEventSummary(s, 100);
      expect(e.failedPerEvent.mean).toBe(0);
      expect(e.extraLatencyMsPerEvent.mean).toBeGreaterThan(0);
      expect(e.extraLatencyMsPerEvent.ci95![0]).toBeGreaterThanOrEqual(0);
    }
  });
  it("plan names it for what it is, in every output", () => {
    let text = "";
    planCommand(["experiments/scenarios/incident.json", "--target", "0.001", "--strategies", "tls-aware"], (t) => (text += t));
    expect(text).toContain("extra time to outcome ms/event, all commands (per instance)");
    expect(text).not.toMatch(/extra command ms/);
  });
});

describe("plan states the disconnect events each run holds", () => {
  const rolling = ["experiments/scenarios/rolling.json", "--target", "0.01", "--strategies", "none", "--reps-max", "3000", "--set", 'workload.duration="25s"'];
  const plan = (argv: string[]) => {
    let text = "";
    planCommand(argv, (t) => (text += t));
    return text;
  };
  it("a schedule every 10 s over 25 s: 2 events per run in the table, markdown and JSON, never 'one'", () => {
    const table = plan(rolling);
    expect(table).toContain("window: Poisson 200 commands/s for 25s per run, 2 disconnect events per run; seed 1");
    expect(JSON.parse(plan([...rolling, "--format", "json"])).unit).toBe("runs (2 disconnect events per run)");
    const md = plan([...rolling, "--format", "markdown"]);
    expect(md).toContain("Window: Poisson 200 commands/s for 25s per run, 2 disconnect events per run.");
    expect(table + md).not.toContain("one disconnect event");
  });
  it("a range when runs differ: a schedule repeating until the run ends fires once more in longer runs", () => {
    const row = (fewest: number, most: number) => ({ perEvent: { eventsPerRun: fewest, eventsPerRunMax: most } }) as unknown as PlanRow;
    const s = resolveScenario({ disconnects: [{ at: "10s", every: "10s", fraction: 0.2, mode: "fin" }] });
    expect(describeEvents([row(5, 6)], s)).toBe("5–6 disconnect events per run");
    expect(describeEvents([row(1, 1)], s)).toBe("one disconnect event per run");
    expect(describeEvents([], s)).toBe("repeating disconnect events per run (every 10s from 10s)");
  });
});
