import { describe, expect, it } from "vitest";
import { planCommand } from "../experiments/cli/plan-command.ts";
import { resolveScenario } from "../sim/index.ts";
import { estimateIdle, fleetPerEvent, perEventSummary, type PerEventEstimate } from "../sim/sweep/index.ts";

const overlap = (a: PerEventEstimate, b: PerEventEstimate) => a.ci95![0] <= b.ci95![1] && b.ci95![0] <= a.ci95![1];

describe("per-event metrics do not depend on the window", () => {
  it("perEventSummary(s, reps): 20 → 200 commands per client leaves failed/event, P(event loses ≥ 1) and extra latency/event inside each other's CI while the per-command rate falls", () => {
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
    expect(overlap(short.failedPerEvent, long.failedPerEvent)).toBe(true);
    expect(overlap(short.lossProbability!, long.lossProbability!)).toBe(true);
    expect(overlap(short.extraLatencyMsPerEvent, long.extraLatencyMsPerEvent)).toBe(true);
    expect(long.window.commands).toBe(10 * short.window.commands);
    expect(long.commandFailureRate).toBeLessThan(short.commandFailureRate / 5);
  });

  it("fleetPerEvent(e, n): failed commands and extra time add up over n instances; P(≥ 1 lost) = 1 − (1 − p)^n", () => {
    const one = { mean: 0.1, ci95: [0.05, 0.2] as [number, number] };
    const e = { failedPerEvent: one, lossProbability: one, extraLatencyMsPerEvent: one, extraLatencyMaxMs: one } as Parameters<typeof fleetPerEvent>[0];
    const f = fleetPerEvent(e, 8);
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
    expect(e.open).toBeGreaterThanOrEqual(2);
    expect(e.open).toBeLessThan(16);
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
    expect(out).toMatch(/failed\/event \(across the fleet\)/);
  });
  it("refuses a partial fleet or a bad rate, naming the flags", () => {
    expect(() => plan(["experiments/scenarios/incident.json", "--target", "0.01", "--instances", "8"])).toThrow(/a fleet needs --instances, --rate and --workers together.*got only --instances/);
    expect(() => plan(["experiments/scenarios/incident.json", "--target", "0.01", "--instances", "8", "--rate", "fast", "--workers", "2"])).toThrow(/--rate must be commands per second across the fleet, e.g. 2000\/s; got "fast"/);
  });
});
