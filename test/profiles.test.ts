import { describe, expect, it } from "vitest";
import { parseScenario, resolveScenario, runScenario, traceScenario, type Scenario } from "../sim/index.ts";
import { profiles } from "../sim/profiles/index.ts";
import { PROFILE_KEYS } from "../sim/scenario/spec.ts";

/** The incident (10 idle TLS connections all FIN'd at 1 s, 20 sequential commands) under a profile. */
function incident(profile: string, extra: Record<string, unknown> = {}): Scenario {
  return parseScenario({
    seed: 1,
    profile,
    transport: "tls",
    pool: { size: 10 },
    warmup: { idle: "full" },
    disconnects: [{ at: "1s", fraction: 1, mode: "fin" }],
    workload: { kind: "sequential", commands: 20, start: "1100ms" },
    ...extra,
  });
}

describe("profiles", () => {
  it("every profile resolves, and the scenario still overrides it", () => {
    for (const key of PROFILE_KEYS) {
      expect(profiles[key].key).toBe(key);
      const s = resolveScenario({ profile: key, retry: { maxRetries: 7 } });
      expect(s.profile).toBe(key);
      expect(s.retry.maxRetries).toBe(7);
    }
  });

  it("go-redis-9.5.3 and go-redis-9.7: TLS unprobed, exactly floor(10/4) = 2 commands fail", () => {
    for (const p of ["go-redis-9.5.3", "go-redis-9.7"]) {
      const r = runScenario(incident(p));
      expect(r.failed).toBe(2);
      expect(r.probes).toBe(0);
    }
  });

  it("go-redis-9.5.4: TLS probed, no failure; with pending TLS bytes every reuse is a needless close and a dial", () => {
    const calm = runScenario(incident("go-redis-9.5.4"));
    expect(calm.failed).toBe(0);
    expect(calm.probesCaught).toBe(10);
    expect(calm.needlessCloses).toBe(0);
    const churn = runScenario(incident("go-redis-9.5.4", { probeOptions: { pendingBytesProbability: 1 } }));
    expect(churn.failed).toBe(0);
    expect(churn.needlessCloses).toBe(19); // commands 2..20 each find the previous one's connection "unhealthy"
    expect(churn.dials).toBe(20);
  });

  it("go-redis-9.15: checks at most 3 idle connections per Get, then dials and leaves the rest stale", () => {
    const r = runScenario(incident("go-redis-9.15", { transport: "tcp" }));
    expect(r.failed).toBe(0);
    expect(r.probesCaught).toBe(3);
    expect(r.dials).toBe(1);
    expect(r.connections.openAtEnd).toBe(8); // 7 stale at the bottom of the LIFO stack + 1 fresh
  });

  it("go-redis-9.22: dial timeouts are retried (4 attempts, each 5 dial attempts 100ms apart); v9.5.3 gives up after one", () => {
    const crash = { warmup: { idle: 0 }, disconnects: [{ at: "1s", fraction: 1, mode: "blackhole", serverDown: "10m" }], workload: { kind: "sequential", commands: 1, start: "1100ms" } };
    const old = runScenario(incident("go-redis-9.5.3", crash));
    expect(old.attempts).toBe(1);
    expect(old.errors.dialTimeout).toBe(1);
    expect(old.latencyMaxMs).toBe(5000);
    const { result, trace } = traceScenario(incident("go-redis-9.22", crash));
    expect(result.attempts).toBe(4);
    expect(result.errors.dialTimeout).toBe(4);
    const sleeps = trace.reduce((a, e) => a + (e.type === "backoff" ? e.sleepUs : 0), 0) / 1000;
    expect(result.latencyMaxMs).toBe(4 * (5 * 5000 + 4 * 100) + sleeps);
  });

  it("database-sql: never fails a command from stale connections alone while dials succeed", () => {
    for (let k = 1; k <= 12; k++) {
      const r = runScenario(incident("database-sql", { pool: { size: k } }));
      expect(r.failed, `K=${k}`).toBe(0);
      expect(r.attempts).toBeLessThanOrEqual(20 + 2 * Math.ceil(k / 2));
    }
  });

  it("database-sql: a connection past MaxLifetime at checkout spends an attempt (driver.ErrBadConn)", () => {
    const r = runScenario(incident("database-sql", { transport: "tcp", pool: { size: 10, maxLifetime: "1s" }, warmup: { idle: 2 }, disconnects: [], workload: { kind: "sequential", commands: 1, start: "2s" } }));
    expect(r.attempts).toBe(3); // two cached attempts meet expired connections, the last dials
    expect(r.errors.badConn).toBe(2);
    expect(r.dials).toBe(1);
    expect(r.failed).toBe(0);
  });

  it("database-sql: an error after the write is not driver.ErrBadConn, so it is not retried", () => {
    const r = runScenario(incident("database-sql", { disconnects: [{ at: "1s", fraction: 1, mode: "blackhole" }], workload: { kind: "sequential", commands: 1, start: "1100ms" } }));
    expect(r.attempts).toBe(1);
    expect(r.errors.timeout).toBe(1);
    expect(r.failed).toBe(1);
  });

  it("redis-py: a connection that fails can_read() at checkout is reconnected in place; the rest stay", () => {
    const r = runScenario(incident("redis-py"));
    expect(r.failed).toBe(0);
    expect(r.probesCaught).toBe(1);
    expect(r.dials).toBe(1);
    expect(r.connections.openAtEnd).toBe(10); // 9 stale below the reconnected one (LIFO)
  });

  it("redis-py: a stale connection costs at most one attempt, since every retry reconnects", () => {
    // Without the can_read() check, only the first command meets a stale connection.
    const r = runScenario(incident("redis-py", { probe: "none", retry: { maxRetries: 1 } }));
    expect(r.failed).toBe(0);
    expect(r.staleHandedOut.closed).toBe(1);
    expect(r.attempts).toBe(21);
    // With no retry at all, each of the 10 stale connections fails one command.
    const none = runScenario(incident("redis-py", { probe: "none", retry: { maxRetries: 0 } }));
    expect(none.failed).toBe(10);
  });

  it("pgxpool: a connection idle > 1s is pinged first; a blackholed one costs the ping timeout, not a retry", () => {
    const fin = runScenario(incident("pgxpool"));
    expect(fin.failed).toBe(0);
    expect(fin.probesCaught).toBe(10);
    const hole = runScenario(incident("pgxpool", { pool: { size: 4 }, disconnects: [{ at: "1s", fraction: 1, mode: "blackhole" }], workload: { kind: "sequential", commands: 1, start: "1100ms" } }));
    expect(hole.failed).toBe(0);
    // 4 pings × readTimeout 3s, then dial 2ms + HELLO/SETINFO 2 × 1ms + the command 1ms.
    expect(hole.latencyMaxMs).toBe(4 * 3000 + 2 + 2 + 1);
  });

  it("hikaricp: validity check when idle > 500ms; the pool is refilled to full in the background", () => {
    const r = runScenario(incident("hikaricp", { workload: { kind: "sequential", commands: 1, start: "1600ms" } }));
    expect(r.failed).toBe(0);
    expect(r.probesCaught).toBe(10);
    expect(r.connections.openAtEnd).toBe(10);
  });

  it("mongodb-cmap: the first network error clears the pool; concurrent clients then dial a full pool", () => {
    const r = runScenario(incident("mongodb-cmap", { workload: { kind: "concurrent", clients: 10, commands: 1, start: "1100ms" } }));
    expect(r.failed).toBe(0);
    expect(r.poolClears).toBe(1);
    expect(r.dials).toBe(10);
    // SDAM: a failed dial (network error while establishing) clears the pool as well.
    const crash = runScenario(incident("mongodb-cmap", { warmup: { idle: 0 }, disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "1m" }], workload: { kind: "sequential", commands: 1, start: "1100ms" } }));
    expect(crash.poolClears).toBe(2);
    const seq = runScenario(incident("mongodb-cmap"));
    expect(seq.failed).toBe(0);
    expect(seq.perishedDiscarded).toBe(9);
    expect(seq.attempts).toBe(21);
  });
});

describe("retry budgets", () => {
  const blackhole = { disconnects: [{ at: "1s", fraction: 1, mode: "blackhole" }], retry: { maxRetries: 3, minBackoff: "0s" } };

  it("token-bucket: a bucket smaller than one retry's cost refuses every retry", () => {
    const r = runScenario(incident("go-redis-9.5.3", { ...blackhole, retry: { ...blackhole.retry, budget: { kind: "token-bucket", capacity: 9, timeoutRetryCost: 10 } } }));
    expect(r.retriesRefused).toBe(10); // each of the 10 stale connections fails one command once
    expect(r.failed).toBe(10);
    expect(r.attempts).toBe(20);
  });

  it("token-bucket: a retry that succeeds gives its cost back (aws-sdk-go-v2 releaseToken)", () => {
    const twoCrashes = {
      pool: { size: 1 },
      retry: { maxRetries: 3, budget: { kind: "token-bucket", capacity: 5, retryCost: 5, successIncrement: 0 } },
      disconnects: [{ at: "1s", fraction: 1, mode: "fin" }, { at: "2s", fraction: 1, mode: "fin" }],
      workload: { kind: "concurrent", clients: 1, commands: 20, think: "100ms", start: "1100ms" },
    };
    const r = runScenario(incident("go-redis-9.5.3", twoCrashes));
    expect(r.attempts - r.commands).toBe(2); // one retry after each crash, both allowed
    expect(r.retriesRefused).toBe(0);
    expect(r.failed).toBe(0);
  });

  it("grpc: retries stop once failures drain the tokens to half", () => {
    const r = runScenario(incident("go-redis-9.5.3", { ...blackhole, retry: { ...blackhole.retry, budget: { kind: "grpc", maxTokens: 4, tokenRatio: 0.1 } } }));
    // tokens 4 → 3 (retry allowed: 3 > 2) → 2 (refused: 2 is not > 2).
    expect(r.retriesRefused).toBeGreaterThan(0);
    expect(r.errors.timeout).toBe(10);
  });

  it("ratio: retries capped at percent × requests + floor × window", () => {
    const r = runScenario(incident("go-redis-9.5.3", { ...blackhole, retry: { ...blackhole.retry, budget: { kind: "ratio", percent: 0, minRetriesPerSecond: 0.01, window: "100s" } } }));
    // Floor 0.01/s × 100 s = 1 retry in a window that spans the whole run.
    expect(r.attempts - r.commands).toBe(1);
  });
});

describe("more disconnect patterns", () => {
  it("readonly: the socket stays open, so no probe sees it; each use spends a retry and closes the connection", () => {
    const r = runScenario(incident("go-redis-9.5.3", { transport: "tcp", probe: "tls-aware", disconnects: [{ at: "1s", fraction: 1, mode: "readonly" }] }));
    expect(r.failed).toBe(2);
    expect(r.errors.readonly).toBe(10);
    expect(r.probesCaught).toBe(0);
  });

  it("a middlebox idle timeout blackholes idle flows unless keep-alive probes come sooner", () => {
    const base = { warmup: { idle: "full" }, disconnects: [], workload: { kind: "sequential", commands: 1, start: "10m" } };
    // Built with Go 1.22, go-redis ≤ v9.21's KeepAlive 5m is idle and interval (options.go NewDialer):
    // dropped at 4m, keep-alive would notice only at 5m + 9 × 5m: all 4 attempts meet silent flows.
    const dropped = runScenario(incident("go-redis-9.5.3", { ...base, goVersion: "1.22", network: { middleboxIdleTimeout: "4m", keepAliveIdle: "5m" } }));
    expect(dropped.staleHandedOut.blackholed).toBe(4);
    expect(dropped.failed).toBe(1);
    // Built with Go ≥ 1.23 the interval is Go's 15s: the kernel fails the flows at 5m + 9 × 15s, before the command at 10m.
    const newGo = runScenario(incident("go-redis-9.5.3", { ...base, goVersion: "1.24", network: { middleboxIdleTimeout: "4m", keepAliveIdle: "5m" } }));
    expect(newGo.staleHandedOut.blackholed).toBe(0);
    const kept = runScenario(incident("go-redis-9.5.3", { ...base, network: { middleboxIdleTimeout: "350s", keepAliveIdle: "5m" } }));
    expect(kept.staleHandedOut.blackholed).toBe(0);
  });

  it("keep-alive turns a blackholed idle connection into an error a TCP probe sees, after idle + interval × count", () => {
    const s = (start: string) => incident("go-redis-9.22", { transport: "tcp", disconnects: [{ at: "1s", fraction: 1, mode: "blackhole" }], workload: { kind: "sequential", commands: 1, start } });
    // v9.22 keep-alive 30s + 5s × 3 = 45s after last use (t = 0).
    expect(runScenario(s("44s")).staleHandedOut.blackholed).toBe(1);
    const after = runScenario(s("46s"));
    expect(after.probesCaught).toBe(3); // v9.15+ checks 3 per Get, then dials
    expect(after.failed).toBe(0);
  });

  it("a server idle timeout (Redis `timeout`) FINs idle connections; maxIdleTime below it avoids them", () => {
    const base = { disconnects: [], server: { idleTimeout: "60s" }, workload: { kind: "sequential", commands: 5, start: "90s" } };
    expect(runScenario(incident("go-redis-9.5.3", base)).failed).toBe(2);
    expect(runScenario(incident("go-redis-9.5.3", { ...base, pool: { size: 10, maxIdleTime: "30s" } })).failed).toBe(0);
  });
});
