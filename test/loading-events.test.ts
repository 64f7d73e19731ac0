import { describe, expect, it } from "vitest";
import { loadingServedAtUs } from "../sim/model/loading-serve.ts";
import { resolveScenario, runScenario, type ScenarioOptions } from "../sim/index.ts";

/** Multiplexed: a crash at 1 s (FIN), down 500 ms, loading from 1.5 s for `loading`; a burst of 5 at 1 s (rtt 1 ms, dial 2 ms). */
function muxRestart(profile: string, loading: string, every: string, extra: ScenarioOptions = {}, replication = 0) {
  return runScenario(resolveScenario({
    profile, transport: "tcp",
    disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "500ms", loading, loadingEventsEvery: every }],
    workload: { kind: "concurrent", clients: 5, commands: 1, think: "0s", start: "1s" },
    ...extra,
  }), { replication });
}

/** Pooled: a warm pool of 4, a crash at 1 s, down 1 s, loading from 2 s; one command at 2.5 s. */
function pooledRestart(loading: string, every: string) {
  return runScenario(resolveScenario({
    profile: "go-redis@9.5.3", transport: "tcp", pool: { size: 4 }, network: { rtt: "1ms", dialTime: "2ms" },
    warmup: { idle: "full" }, retry: { maxRetries: 0 },
    disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "1s", loading, loadingEventsEvery: every }],
    workload: { kind: "sequential", commands: 1, start: "2500ms" },
  }));
}

describe("disconnects[].loadingEventsEvery: a loading server answers only between chunks of its file", () => {
  it("loadingServedAtUs(at, start, until, every) is the next multiple of every after start (never the start itself), at most until; at once after the load, or from its start with every 0", () => {
    expect(loadingServedAtUs(1_250, 1_000, 2_000, 300)).toBe(1_300);
    expect(loadingServedAtUs(1_300, 1_000, 2_000, 300)).toBe(1_300); // a request read at a serve point is answered there
    expect(loadingServedAtUs(1_000, 1_000, 2_000, 300)).toBe(1_300);
    expect(loadingServedAtUs(1_950, 1_000, 2_000, 300)).toBe(2_000); // no point left: the load's end
    expect(loadingServedAtUs(2_000, 1_000, 2_000, 300)).toBe(2_000);
    expect(loadingServedAtUs(900, 1_000, 2_000, 300)).toBe(1_300); // before the load starts (still initialising): its first point
    expect(loadingServedAtUs(1_250, 1_000, 2_000, 0)).toBe(1_250);
    expect(loadingServedAtUs(900, 1_000, 2_000, 0)).toBe(1_000);
  });

  it("node-redis@4: the queued commands written at 1508 ms are read at the 1900 ms serve point and get LOADING at 1901 (latency 901, not 509); with no point before the load's end they are read at 4500 ms and succeed", () => {
    const chunked = muxRestart("node-redis@4", "3s", "400ms");
    expect([chunked.failed, chunked.errors.loading, chunked.latencyMaxMs]).toEqual([5, 5, 901]);
    expect(muxRestart("node-redis@4", "3s", "0s").latencyMaxMs).toBe(509);
    const late = muxRestart("node-redis@4", "3s", "4s");
    expect([late.failed, late.latencyMaxMs]).toEqual([0, 3500 + 1]);
  });

  it("loadingStartsAfter moves the points: node-redis@4's commands written at 1508 ms meet a load that starts 100 ms after listening, first point at 1500 + 100 + 400 ms: LOADING at 2001 (latency 1001)", () => {
    const late = muxRestart("node-redis@4", "3s", "400ms", { disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "500ms", loading: "3s", loadingEventsEvery: "400ms", loadingStartsAfter: "100ms" }] });
    expect([late.failed, late.errors.loading, late.latencyMaxMs]).toEqual([5, 5, 1001]);
  });

  it("resolveScenario: loadingStartsAfter beyond loading is refused, naming both", () => {
    expect(() => resolveScenario({ disconnects: [{ loading: "3s", loadingStartsAfter: "4s" }] })).toThrow(/disconnects\.0\.loadingStartsAfter must be ≤ disconnects\.0\.loading \("3s"\); got "4s"/);
  });

  it("ioredis@5, points every 1 s of a 3 s load: the INFO sent at 1507 ms is answered at 2500 ms, one third loaded and 1 whole second elapsed whatever the wall clock's phase, so ETA = 1 · 2 / 1 = 2 s and the next INFO at 4501 ms finds it loaded: 3502 ms in every run", () => {
    const chunked = Array.from({ length: 10 }, (_, i) => muxRestart("ioredis@5", "3s", "1s", {}, i).latencyMaxMs);
    expect(new Set(chunked)).toEqual(new Set([3502]));
    // Answered at once, the ETA depends on the phase: runs differ.
    const continuous = Array.from({ length: 10 }, (_, i) => muxRestart("ioredis@5", "3s", "0s", {}, i).latencyMaxMs);
    expect(new Set(continuous).size).toBeGreaterThan(1);
  });

  it("pooled go-redis@9.5.3, points every 1 s: dialed at 2502 ms, HELLO, CLIENT SETINFO and the command each wait for a point (3000, 4000, 5000 ms): LOADING at 5001 ms; a load ending at 4200 ms answers the command there, and it succeeds", () => {
    const r = pooledRestart("10s", "1s");
    expect([r.failed, r.errors.loading, r.latencyMaxMs]).toEqual([1, 1, 5001 - 2500]);
    const short = pooledRestart("2200ms", "1s");
    expect([short.failed, short.latencyMaxMs]).toEqual([0, 4201 - 2500]);
    expect(pooledRestart("2200ms", "0s").failed).toBe(1);
  });
});

describe("multiplexed.failedAttemptTime: each refused attempt pushes the reconnect schedule later", () => {
  /** node-redis@4, a crash at 1 s (FIN) with the server down `down`; a burst of 5 at 1 s (rtt 1 ms, dial 2 ms). */
  const crash = (down: string, failedAttemptTime: string) => runScenario(resolveScenario({
    profile: "node-redis@4", transport: "tcp",
    disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: down }],
    workload: { kind: "concurrent", clients: 5, commands: 1, think: "0s", start: "1s" },
    multiplexed: { failedAttemptTime },
  }));

  it("node-redis@4 by hand, 3 ms per refused attempt: attempts at 1000, 1004, 1058, 1162, 1316 ms fail 1 + 3 ms later; the one at 1520 connects (dial 2 ms, init 1 ms) and the commands' replies come at 1524", () => {
    expect(crash("500ms", "3ms").latencyMaxMs).toBe(524);
    expect(crash("500ms", "0s").latencyMaxMs).toBe(509);
  });

  it("a server back at 1515 ms: the formula's own attempt at 1505 is refused at 1506 and the next, 250 ms later, connects (dial 2 ms, init 1 ms) with replies at 1760; 3 ms per attempt lands it at 1520 and it connects", () => {
    expect(crash("515ms", "0s").latencyMaxMs).toBe(1505 + 1 + 250 + 2 + 1 + 1 - 1000);
    expect(crash("515ms", "3ms").latencyMaxMs).toBe(524);
  });
});
