import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario, traceScenario } from "../sim/index.ts";

/**
 * go-redis internal/pool/pool.go: ≤ v9.14.1 removeConn calls checkMinIdleConns, so every close
 * refills MinIdleConns, the stale connection Get discards with CloseConn included; from v9.15.1
 * (0ef6d072) removeConn does not, and only Remove (after a failed command) refills, after its
 * freeTurn. popIdle refills in both.
 */
const base = { transport: "tcp", network: { rtt: "1ms", dialTime: "2ms" }, disconnects: [{ at: "1s", fraction: 1, mode: "fin" }] } as const;

describe("MinIdleConns refill after a close (internal/pool/pool.go removeConn, Remove)", () => {
  it("the profiles: v9.14.1 refills on every close, v9.15.1 only on Remove", () => {
    expect(resolveScenario({ profile: "go-redis@9.14.1" }).pool.refillOnStaleDiscard).toBe(true);
    expect(resolveScenario({ profile: "go-redis@9.15.1" }).pool.refillOnStaleDiscard).toBe(false);
    expect(resolveScenario({ profile: "go-redis@9.22.0" }).pool.refillOnStaleDiscard).toBe(false);
  });

  it("v9.15.1 getConn's 3 stale discards (CloseConn) refill nothing: 2 refills from popIdle and a pooled dial, where v9.14's rule dials 3 refills and an unpooled one", () => {
    // PoolSize 4 = MinIdleConns 4, all 4 idle connections closed, 3 commands at 2 s.
    // v9.15.1: pop A (refill blocked: 4 pooled), close A (3 pooled); pop B refills R1 (4), close B (3);
    // pop C refills R2 (4), close C (3); getAttempts = 3 reached: the command dials, pooled (4).
    // Commands 2 and 3 reuse that connection. With close-refills: each close refills (R1–R3), so
    // the command's dial finds 4 pooled and is unpooled, closed on Put; command 2 inits R3.
    const run = (refill?: boolean) =>
      runScenario(
        resolveScenario({
          profile: "go-redis@9.15.1",
          ...base,
          pool: { size: 4, minIdle: 4, ...(refill === undefined ? {} : { refillOnStaleDiscard: refill }) },
          warmup: { idle: 4 },
          workload: { kind: "sequential", commands: 3, start: "2s" },
        }),
      );
    const v915 = run();
    expect(v915.dials).toBe(3);
    // dial 2 + HELLO, MAINT_NOTIFICATIONS (refused: off after this first reply), SETINFO + the command; then 1 and 1.
    expect(v915.latencyMeanMs).toBeCloseTo((2 + 3 + 1 + 1 + 1) / 3, 12);
    const closeRefills = run(true);
    expect(closeRefills.dials).toBe(4);
    expect(closeRefills.latencyMeanMs).toBeCloseTo((2 + 3 + 1 + (2 + 1) + 1) / 3, 12);
  });

  it("v9.15.1 Remove refills after freeTurn, so the refill gets the turn the failed attempt gave back; ≤ v9.14 refills before it and finds no turn", () => {
    // PoolSize 1 = MinIdleConns 1, one idle TLS connection (unchecked) closed at 1 s, one command at 2 s.
    // Attempt 1 meets EOF; Remove. v9.15.1: freeTurn, then the refill dials R (2 ms) during the backoff
    // (≥ 8 ms), and the retry finds R idle. Close-refill order: the refill finds the only turn held,
    // so the retry dials itself after the backoff: 2 ms later, same backoff draw.
    const run = (refill?: boolean) =>
      traceScenario(
        resolveScenario({
          profile: "go-redis@9.15.1",
          ...base,
          transport: "tls",
          pool: { size: 1, minIdle: 1, ...(refill === undefined ? {} : { refillOnStaleDiscard: refill }) },
          warmup: { idle: 1 },
          workload: { kind: "sequential", commands: 1, start: "2s" },
        }),
      );
    const v915 = run();
    const before = run(true);
    expect(v915.result.dials).toBe(1);
    expect(before.result.dials).toBe(1);
    expect(v915.trace.some((e) => e.type === "idleConnDialed")).toBe(true);
    expect(before.trace.some((e) => e.type === "idleConnDialed")).toBe(false);
    expect(before.result.latencyMaxMs - v915.result.latencyMaxMs).toBeCloseTo(2, 9);
  });
});
