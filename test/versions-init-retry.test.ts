import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario } from "../sim/index.ts";

/**
 * go-redis redis.go initConn runs HELLO, the options pipeline, CLIENT MAINT_NOTIFICATIONS and
 * CLIENT SETINFO through newConn(opt, pool.NewSingleConnPool(c.connPool, cn)), so through
 * baseClient.process / generalProcessPipeline and their retry loop (MaxRetries, RetryBackoff);
 * internal/pool/pool_single.go Remove keeps the first error sticky and Get returns it. Read at
 * v9.2.0, v9.5.0, v9.5.1, v9.5.3, v9.5.5, v9.15.1 and v9.22.0. Backoff pinned to 10 ms
 * (MinRetryBackoff = MaxRetryBackoff) so every sleep is exact.
 */
const tenMs = { minBackoff: "10ms", maxBackoff: "10ms" };

function run(profile: string, extra: Record<string, unknown>) {
  return runScenario(resolveScenario({ profile, transport: "tls", retry: tenMs, ...extra, network: { rtt: "1ms", dialTime: "2ms", ...(extra.network as object) } }));
}

/** A MinIdleConns connection dialed at 0 s, never used, hit at 1 s; one command at 2 s takes it (TLS: unchecked). */
function staleMinIdle(profile: string, mode: string, network: Record<string, unknown> = {}) {
  return run(profile, { pool: { size: 10, minIdle: 1 }, network, disconnects: [{ at: "1s", fraction: 1, mode }], workload: { kind: "sequential", commands: 1, start: "2s" } });
}

/** One command at 1 s into an empty pool: dial 1000–1002 ms, HELLO 1002–1003, then SETINFO; the hit at 1003.5 ms lands in the first SETINFO. */
function hitInSetinfo(profile: string, mode: string, extra: Record<string, unknown> = {}) {
  return run(profile, { disconnects: [{ at: "1003500us", fraction: 1, mode }], workload: { kind: "sequential", commands: 1, start: "1s" }, ...extra });
}

describe("initConn's commands run through the retry loop on a one-connection pool (redis.go initConn, internal/pool/pool_single.go)", () => {
  it("v9.5.3: a dead connection never initialised costs HELLO's 3 inner backoffs (EOF is sticky and retried), holding the turn, then the command's own retry", () => {
    // HELLO: EOF at once, then 3 × 10 ms inside initConn; the attempt fails (EOF), backoff 10 ms,
    // the retry takes the connection MinIdle dialed at 2 s: HELLO + SETINFO + the command, 3 ms.
    const r = staleMinIdle("go-redis@9.5.3", "fin");
    expect([r.failed, r.errors.eof, r.latencyMaxMs]).toEqual([0, 1, 3 * 10 + 10 + 3]);
    expect(staleMinIdle("go-redis@9.5.3", "fin", { initRetryLoop: false }).latencyMaxMs).toBe(10 + 3);
    expect(staleMinIdle("go-redis@9.22.0", "fin").latencyMaxMs).toBe(3 * 10 + 10 + 4); // + CLIENT MAINT_NOTIFICATIONS on the first init
  });

  it("v9.5.3: a blackholed one costs HELLO's read timeout and one backoff (the sticky timeout comes back through getConn with retryTimeout 0: error.go shouldRetry), and the command is not retried", () => {
    const r = staleMinIdle("go-redis@9.5.3", "blackhole");
    expect([r.failed, r.errors.timeout, r.latencyMaxMs]).toEqual([1, 1, 3000 + 10]);
    expect(staleMinIdle("go-redis@9.5.3", "blackhole", { initRetryLoop: false }).latencyMaxMs).toBe(3000);
  });
});

describe("CLIENT SETINFO errors by version (redis.go initConn; CVE-2025-29923)", () => {
  it("v9.5.3 ignores a SETINFO timeout (_, _ = p.Exec(ctx)): after the pipeline's 3 inner backoffs the command goes out on the dead connection, times out and is retried", () => {
    // SETINFO's read times out at 1003 + 3000, 3 × 10 ms, the command's read 3000 ms more, backoff
    // 10 ms, a new dial 2 + HELLO + SETINFO + the command: 6048 ms after the start, a success.
    const r = hitInSetinfo("go-redis@9.5.3", "blackhole");
    expect([r.failed, r.errors.timeout, r.latencyMaxMs]).toEqual([0, 1, 3 + 3000 + 30 + 3000 + 10 + 2 + 3]);
    for (const v of ["9.6.2", "9.7.1"]) expect(hitInSetinfo(`go-redis@${v}`, "blackhole").latencyMaxMs, v).toBe(6048);
  });

  it("v9.5.5, v9.6.3, v9.7.2 and v9.8.0 fail the init on SETINFO's network error: the timeout reaches the command through getConn and is not retried", () => {
    for (const v of ["9.5.5", "9.6.3", "9.7.2", "9.8.0", "9.14.1"]) {
      const r = hitInSetinfo(`go-redis@${v}`, "blackhole");
      expect([r.failed, r.errors.timeout, r.latencyMaxMs], v).toEqual([1, 1, 3 + 3000 + 30]);
    }
  });

  it("v9.2.0–v9.4.x send two SETINFO commands (3 init round trips), each with its own loop: a timeout costs one backoff at the first, none at the second (sticky, retryTimeout 0); EOF costs both loops", () => {
    expect(resolveScenario({ profile: "go-redis@9.4.0" }).network.initRoundTrips).toBe(3);
    // HELLO 1002–1003, SETINFO 1003–1004 (hit), SETINFO, command: timeout 1003 + 3000, +10, command read
    // 3000, backoff 10, dial 2 + 3 init round trips + the command.
    expect(hitInSetinfo("go-redis@9.2.0", "blackhole").latencyMaxMs).toBe(3 + 3000 + 10 + 3000 + 10 + 2 + 4);
    // FIN at 1003.5: EOF now, 3 × 10 in each SETINFO's loop, the command's EOF, backoff 10, dial and init again.
    const fin = hitInSetinfo("go-redis@9.4.0", "fin");
    expect([fin.failed, fin.latencyMaxMs]).toEqual([0, 3.5 + 60 + 10 + 2 + 4]);
  });

  it("v9.5.0 sends SETINFO inside the options pipeline and fails the init on any error: against a server without SETINFO (Redis < 7.2) every new connection fails and the command is not retried; v9.5.1 (5da49b1a) ignores it again", () => {
    const noSetinfo = { server: { setinfo: false } };
    const v950 = hitInSetinfo("go-redis@9.5.0", "fin", { disconnects: [], ...noSetinfo });
    expect([v950.failed, v950.errors.redisError, v950.latencyMaxMs]).toEqual([1, 1, 2 + 2]);
    expect(hitInSetinfo("go-redis@9.5.0", "fin", { disconnects: [] }).latencyMaxMs).toBe(2 + 2 + 1);
    for (const v of ["9.4.0", "9.5.1", "9.5.5", "9.22.0"]) expect(hitInSetinfo(`go-redis@${v}`, "fin", { disconnects: [], ...noSetinfo }).failed, v).toBe(0);
  });

  it("redis-py 8.x (no inner loop) fails the connect on SETINFO's network error and ignores a ResponseError (v8.1.0 redis/connection.py on_connect_check_health)", () => {
    const opts = resolveScenario({ profile: "redis-py@8.1.0" }).network;
    expect([opts.initRetryLoop, opts.initSetinfo]).toEqual([false, "ignore-redis-errors"]);
    expect(hitInSetinfo("redis-py@8.1.0", "fin", { disconnects: [], server: { setinfo: false }, transport: "tcp" }).failed).toBe(0);
  });
});
