import { describe, expect, it } from "vitest";
import { parseScenario, runScenario, traceScenario, type Scenario } from "../sim/index.ts";

/**
 * One warm connection (idle since t = 0), hit at 1 s, then sequential commands from 1100 ms, over
 * plain TCP with the network times pinned (1 ms RTT, 2 ms dial, 4 init round trips as redis-py
 * 8.x's HELLO, CLIENT MAINT_NOTIFICATIONS, CLIENT SETINFO × 2), so expectations are hand-worked.
 */
function redisPy(o: { interval?: string; mode?: string | null; commands?: number; warm?: number; profile?: string; extra?: Record<string, unknown> } = {}): Scenario {
  return parseScenario({
    profile: o.profile ?? "redis-py",
    transport: "tcp",
    probeOptions: o.interval === undefined ? {} : { healthCheckInterval: o.interval },
    pool: { size: 1 },
    network: { rtt: "1ms", dialTime: "2ms", initRoundTrips: 4 },
    warmup: { idle: o.warm ?? 1 },
    disconnects: o.mode === null ? [] : [{ at: "1s", fraction: 1, mode: o.mode ?? "fin" }],
    workload: { kind: "sequential", commands: o.commands ?? 1, start: "1100ms" },
    ...o.extra,
  });
}

const latencyMs = (s: Scenario) => runScenario(s).latencyMaxMs;

/** Each command's time from issue to outcome, ms, from the trace. */
function perCommandMs(s: Scenario): number[] {
  const started = new Map<number, number>();
  const out: number[] = [];
  for (const e of traceScenario(s).trace) {
    const cmd = (e as { cmd?: number }).cmd;
    if (e.type === "commandStart") started.set(cmd!, e.atUs);
    if (e.type === "commandSucceeded" || e.type === "commandFailed") out.push((e.atUs - started.get(cmd!)!) / 1000);
  }
  return out;
}

describe("probeOptions.secondCheck: a second check at checkout, after probe (redis-py can_read() then check_health's PING)", () => {
  it("redis-py profiles name both checks: probe tls-aware (can_read), probeOptions.secondCheck ping-if-due (check_health), the PING off while healthCheckInterval is 0s", () => {
    for (const profile of ["redis-py", "redis-py@4.3.4", "redis-py@8.1.0"]) {
      const s = parseScenario({ profile });
      expect([s.probe, s.probeOptions.secondCheck, s.probeOptions.healthCheckInterval], profile).toEqual(["tls-aware", "ping-if-due", "0s"]);
    }
  });

  it("healthCheckInterval 0s (redis-py's default) gives exactly the results of no second check, in every disconnect mode (old scenarios unchanged)", () => {
    for (const mode of ["fin", "rst", "reset-on-use", "blackhole", "readonly"])
      for (const profile of ["redis-py", "redis-py@4.3.4"]) {
        const composed = redisPy({ profile, mode, commands: 5, warm: 1 });
        const single = redisPy({ profile, mode, commands: 5, warm: 1, extra: { probeOptions: { secondCheck: "none" } } });
        for (let seed = 1; seed <= 5; seed++) expect(runScenario(composed, { seed }), `${profile} ${mode} seed ${seed}`).toEqual(runScenario(single, { seed }));
      }
  });

  it("v8.1.0 redis/connection.py ConnectionPool.get_connection + check_health: can_read() sees the FIN and reconnects inside the Get, then the PING goes over the new socket (idle 1.1 s > interval 1 s): 2 + 1 + 4 + 1 = 8 ms, one RTT more than without", () => {
    const s = redisPy({ interval: "1s" });
    const r = runScenario(s);
    expect(latencyMs(s)).toBe(8);
    expect(latencyMs(redisPy())).toBe(7);
    expect([r.failed, r.attempts, r.dials, r.probes, r.probesCaught]).toEqual([0, 1, 1, 2, 1]);
  });

  it("check_health: the reconnected socket is judged by the old connection's clock (disconnect() leaves next_health_check): idle 1.1 s < interval 5 s sends no PING", () => {
    const r = runScenario(redisPy({ interval: "5s" }));
    expect(latencyMs(redisPy({ interval: "5s" }))).toBe(7);
    expect([r.probes, r.probesCaught]).toEqual([1, 1]);
  });

  it("check_health on a healthy idle connection: due (idle 1.1 s − 1 RTT > 1 s) costs one RTT, 2 ms; not due (2 s) costs nothing, 1 ms", () => {
    expect(latencyMs(redisPy({ interval: "1s", mode: null }))).toBe(2);
    expect(latencyMs(redisPy({ interval: "2s", mode: null }))).toBe(1);
    const r = runScenario(redisPy({ interval: "1s", mode: null }));
    expect([r.dials, r.probes, r.probesCaught]).toEqual([0, 2, 0]);
  });

  it("a new Connection's next_health_check is 0 (Connection.__init__, v4.3.4 and v8.1.0): its first use PINGs (8 ms, not 7), its next use 5 ms later does not (1 ms)", () => {
    expect(perCommandMs(redisPy({ interval: "1s", warm: 0, mode: null, commands: 2 }))).toEqual([8, 1]);
    expect(perCommandMs(redisPy({ warm: 0, mode: null, commands: 2 }))).toEqual([7, 1]);
  });

  it("a blackholed connection passes can_read() (EAGAIN) but not the PING: with the own pool's Retry (8.x, 10 retries) the PING waits 5 s, the Retry sleeps U[0, 20 ms) and PINGs over a new socket: no command attempt spent", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const s = redisPy({ interval: "1s", mode: "blackhole" });
      const r = runScenario(s, { seed });
      const ms = r.latencyMaxMs;
      // 5000 ms ping timeout + backoff + 2 ms dial + 1 ms PING + 4 ms init + 1 ms command.
      expect(ms).toBeGreaterThanOrEqual(5008);
      expect(ms).toBeLessThan(5028);
      expect([r.failed, r.attempts, r.dials, r.errors.timeout]).toEqual([0, 1, 1, 0]);
      // Without the PING the command itself meets the blackhole: a 5 s timeout spends an attempt.
      const plain = runScenario(redisPy({ mode: "blackhole" }), { seed });
      expect([plain.failed, plain.attempts, plain.errors.timeout]).toEqual([0, 2, 1]);
    }
  });

  it("without retries (a hand-built pool: Retry(NoBackoff(), 0)) the failed PING raises out of check_health and fails the command at the ping timeout", () => {
    const r = runScenario(redisPy({ interval: "1s", mode: "blackhole", extra: { redisPyPool: "hand-built" } }));
    expect([r.failed, r.attempts, r.errors.timeout, r.dials]).toEqual([1, 1, 1, 0]);
    expect(r.latencyMaxMs).toBe(5000);
  });

  it("redis-py 4.x (v4.3.4: no retry, socket_timeout None): the PING on a blackholed connection waits for the kernel (924.6 s) and the command fails", () => {
    const r = runScenario(redisPy({ profile: "redis-py@4.3.4", interval: "1s", mode: "blackhole" }));
    expect([r.failed, r.attempts, r.errors.timeout]).toEqual([1, 1, 1]);
    expect(r.latencyMaxMs).toBe(924_600);
  });

  it("a half-open peer (reset-on-use) passes can_read() but the PING draws its RST one RTT later: the Retry reconnects before the command is written", () => {
    const r = runScenario(redisPy({ interval: "1s", mode: "reset-on-use" }), { seed: 3 });
    expect([r.failed, r.attempts, r.dials, r.maybeExecutedTwice]).toEqual([0, 1, 1, 0]);
    const plain = runScenario(redisPy({ mode: "reset-on-use" }), { seed: 3 });
    expect([plain.failed, plain.attempts]).toEqual([0, 2]);
  });

  it("order matters: a cheap first check that catches FIN keeps the PING off dead connections (go-redis-style Get, onBadCheckout next)", () => {
    // Three warm connections closed by FIN; tls-aware discards each at no cost; the dialed one is not PINGed (ping-on-borrow checks idle connections only).
    const base = { transport: "tcp", pool: { size: 3 }, warmup: { idle: 3 }, network: { rtt: "1ms", dialTime: "2ms", initRoundTrips: 2 }, disconnects: [{ at: "1s", fraction: 1, mode: "fin" }], workload: { kind: "sequential", commands: 1, start: "1100ms" } };
    const r = runScenario(parseScenario({ ...base, probe: "tls-aware", probeOptions: { secondCheck: "ping-on-borrow" } }));
    expect([r.probes, r.probesCaught, r.dials, r.latencyMaxMs]).toEqual([3, 3, 1, 5]);
    // Reset-on-use: the read passes all three, the PING catches each one RTT later; then a dial: 3 + 2 + 2 + 1 = 8 ms, no retry spent.
    const half = runScenario(parseScenario({ ...base, probe: "syscall", probeOptions: { secondCheck: "ping-on-borrow" }, disconnects: [{ at: "1s", fraction: 1, mode: "reset-on-use" }] }));
    expect([half.probes, half.probesCaught, half.dials, half.attempts, half.failed, half.latencyMaxMs]).toEqual([6, 3, 1, 1, 0, 8]);
  });

  it("resolveScenario names field, value and what is allowed", () => {
    expect(() => parseScenario({ probeOptions: { secondCheck: "ping" } })).toThrow(/probeOptions\.secondCheck must be one of none, syscall, tls-aware, .*ping-if-due; got "ping"/);
    expect(() => parseScenario({ probeOptions: { healthCheckInterval: "soon" } })).toThrow(/probeOptions\.healthCheckInterval/);
  });
});
