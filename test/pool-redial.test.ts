import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario, type RunResult } from "../sim/index.ts";

/**
 * No connection yet (warm-up 0), the server down from 1 s for 500 ms, one command at 1 s: its Get
 * dials at once. rtt 1 ms, dialTime 2 ms, go-redis v9.5.3's init (HELLO + SETINFO: 2 round trips).
 */
function crash(onDialError: "fail-attempt" | "redial", extra: { mode?: "fin" | "blackhole"; pool?: Record<string, unknown>; network?: Record<string, unknown> } = {}): RunResult {
  return runScenario(resolveScenario({
    profile: "go-redis@9.5.3",
    transport: "tcp",
    pool: { size: 1, onDialError, ...extra.pool },
    retry: { maxRetries: 0 },
    network: { rtt: "1ms", dialTime: "2ms", ...extra.network },
    warmup: { idle: 0 },
    disconnects: [{ at: "1s", fraction: 1, mode: extra.mode ?? "fin", serverDown: "500ms" }],
    workload: { kind: "sequential", commands: 1, start: "1s" },
  }), { replication: 0 });
}

describe("pool.onDialError: a failed dial fails the attempt (go-redis) or is made again at once (generic-pool)", () => {
  it("fail-attempt: the refused dial ends the command after one round trip (and, PoolSize 1 failures on, the breaker's tryDial dials once more)", () => {
    const r = crash("fail-attempt");
    expect([r.failed, r.dials, r.errors.dialRefused, r.latencyMaxMs]).toEqual([1, 2, 1, 1]);
  });

  it("redial: refused every round trip from 1000 to 1499 ms, the dial at 1500 ms connects: 500 + dial 2 + init 2 + command 1 ms", () => {
    const r = crash("redial");
    expect([r.failed, r.dials, r.dialFailures, r.poolTimeouts]).toEqual([0, 501, 500, 0]);
    expect(r.latencyMaxMs).toBe(505);
  });

  it("redial gives up at pool.timeout after the attempt began, with a pool timeout (not retried before go-redis v9.8.0)", () => {
    const r = crash("redial", { pool: { timeout: "300ms" } });
    expect([r.failed, r.poolTimeouts, r.errors.poolTimeout, r.dials]).toEqual([1, 1, 1, 300]);
    expect(r.latencyMaxMs).toBe(300);
  });

  it("redial while the server blackholes dials: the kernel's SYN at +1 s connects (dialTimeout 5 s); with dialTimeout 600 ms the second dial, at 1600 ms, does", () => {
    const slow = crash("redial", { mode: "blackhole" });
    expect([slow.failed, slow.dials, slow.latencyMaxMs]).toEqual([0, 1, 1000 + 2 + 2 + 1]);
    const fast = crash("redial", { mode: "blackhole", network: { dialTimeout: "600ms" } });
    expect([fast.failed, fast.dials, fast.dialFailures, fast.latencyMaxMs]).toEqual([0, 2, 1, 600 + 2 + 2 + 1]);
  });

  it("redial and a long down window: the refusals are counted, not walked one by one", () => {
    const r = runScenario(resolveScenario({
      profile: "go-redis@9.5.3", transport: "tcp", pool: { size: 1, onDialError: "redial", timeout: "48h" }, retry: { maxRetries: 0 },
      network: { rtt: "0.1ms", dialTime: "2ms" }, warmup: { idle: 0 },
      disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "24h" }], workload: { kind: "sequential", commands: 1, start: "1s" },
    }), { replication: 0 });
    expect([r.failed, r.dials]).toEqual([0, 864_000_001]);
  });
});
