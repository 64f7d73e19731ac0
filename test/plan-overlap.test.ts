import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CommandLog } from "../sim/model/command-log.ts";
import { resolveScenario } from "../sim/index.ts";
import { OverlapMeter, perEventSummary } from "../sim/sweep/index.ts";

const incident = (over: Record<string, unknown> = {}) => resolveScenario({ ...JSON.parse(readFileSync("experiments/scenarios/incident.json", "utf8")), ...over });

describe("extra time to outcome per overlapping command", () => {
  // Plain TCP, 2 idle connections closed (FIN) at 1 s, 4 sequential commands at 1.1 s, one attempt
  // each, probe none. A FIN'd TCP connection fails its attempt at once (EOF, 0 ms); the twin's
  // commands take one RTT (1 ms) each. Command 0 and 1 each meet a dead connection and fail in
  // 0 ms (−1 ms each); command 2 finds the pool empty and dials: 2 ms dial + 2 ms of connection
  // init (HELLO, then the pipelined CLIENT SETINFO) + 1 ms for itself = 5 ms (+4 ms); command 3
  // reuses that connection in 1 ms, as its twin: unchanged, so not overlapping.
  // Overlapping: 3 commands, (−1 − 1 + 4) / 3 = 2/3 ms each.
  it("perEventSummary(s, reps) equals the value worked out by hand in a tiny deterministic scenario", () => {
    const s = resolveScenario({
      transport: "tcp", probe: "none", pool: { size: 2 }, retry: { maxRetries: 0 }, warmup: { idle: 2 },
      disconnects: [{ at: "1s", fraction: 1, mode: "fin" }], workload: { kind: "sequential", commands: 4, start: "1100ms" },
    });
    const e = perEventSummary(s, 20);
    expect(e.overlappingPerEvent.mean).toBe(3);
    expect(e.extraLatencyMsPerOverlapping.mean).toBeCloseTo(2 / 3, 12);
    expect(e.extraLatencyMsPerEvent.mean).toBeCloseTo(2, 12);
    expect(e.failedPerEvent.mean).toBe(2);
  });

  it("OverlapMeter counts a command in flight at the event even when the event left it alone, and matches Poisson arrivals by issue order", () => {
    const log = (rows: [index: number, startUs: number, endUs: number, failed: boolean][]) => {
      const l = new CommandLog();
      for (const [index, start, end, failed] of rows) l.record(index % 3, index, start, end, failed);
      return l;
    };
    const s = resolveScenario({ disconnects: [{ at: "1s", fraction: 0.5, mode: "fin" }], workload: { kind: "poisson", rate: 10, duration: "2s", start: "0s" } });
    // Arrival 0 spans the event untouched (0 extra), 1 ends before it, 2 is 7 ms slower, 3 fails where
    // its twin succeeded in the same time (changed), 4 is as its twin. Logged out of issue order.
    const run = log([[1, 100, 900, false], [0, 990_000, 1_001_000, false], [3, 1_100_000, 1_101_000, true], [2, 1_050_000, 1_059_000, false], [4, 1_500_000, 1_501_000, false]]);
    const twin = log([[0, 990_000, 1_001_000, false], [1, 100, 900, false], [2, 1_050_000, 1_052_000, false], [3, 1_100_000, 1_101_000, false], [4, 1_500_000, 1_501_000, false]]);
    expect(new OverlapMeter().measure(s, run, twin, [1_000_000])).toEqual({ extraMs: 7, count: 3 });
  });
});

describe("the overlapping commands do not depend on the window", () => {
  // The example: the same event, 20 or 200 commands per client, the same seeds.
  it("incident: 20 → 200 sequential commands leave per-overlapping-command figures exactly the same", () => {
    const [short, long] = [20, 200].map((commands) => perEventSummary(incident({ workload: { kind: "sequential", commands, start: "1100ms" } }), 1000));
    expect(short.overlappingPerEvent.mean).toBe(3);
    expect(long.extraLatencyMsPerOverlapping).toEqual(short.extraLatencyMsPerOverlapping);
    expect(long.overlappingPerEvent).toEqual(short.overlappingPerEvent);
    expect(short.extraLatencyMsPerOverlapping.mean).toBeGreaterThan(60);
  });

  it("4 concurrent clients: 20 → 200 commands each, the same to the bit", () => {
    const at = (commands: number) =>
      perEventSummary(
        resolveScenario({
          transport: "tls", probe: "syscall", pool: { size: 10 }, retry: { maxRetries: 1 }, warmup: { idle: "full" },
          disconnects: [{ at: "1s", fraction: 0.6, mode: "fin" }], workload: { kind: "concurrent", clients: 4, commands, start: "1100ms", think: "5ms" },
        }),
        1000,
      );
    const [short, long] = [at(20), at(200)];
    expect(long.extraLatencyMsPerOverlapping).toEqual(short.extraLatencyMsPerOverlapping);
    expect(short.overlappingPerEvent.mean).toBeGreaterThan(1);
  });

  // With Poisson arrivals the event can leave the pool with fewer (or more) connections than the
  // twin's; the first later command to need one the other pool has differs too, so the figures
  // settle once both pools have met their next peak: at 2 s they are ~2% off, from 20 s on stable.
  it("Poisson arrivals, 20 s → 60 s: each mean within the other's 95% interval", () => {
    const at = (duration: string) =>
      perEventSummary(
        resolveScenario({
          profile: "go-redis-9.7", transport: "tls", pool: { size: 10 }, warmup: { idle: 2 },
          disconnects: [{ at: "200ms", fraction: 1, mode: "fin" }], workload: { kind: "poisson", rate: 50, duration, start: "0s" },
        }),
        1000,
      );
    const [short, long] = [at("20s"), at("60s")];
    const [a, b] = [short.extraLatencyMsPerOverlapping, long.extraLatencyMsPerOverlapping];
    expect(a.ci95![0]).toBeLessThanOrEqual(b.mean);
    expect(b.mean).toBeLessThanOrEqual(a.ci95![1]);
    expect(b.ci95![0]).toBeLessThanOrEqual(a.mean);
    expect(a.mean).toBeLessThanOrEqual(b.ci95![1]);
    expect(long.window.commands).toBeGreaterThan(2.5 * short.window.commands);
    expect(short.overlappingPerEvent.mean).toBeGreaterThan(2);
  });
});
