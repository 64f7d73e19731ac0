import { describe, expect, it } from "vitest";
import { replicate, runScenario, traceScenario } from "../sim/index.ts";
import { choose, incident } from "./helpers.ts";

describe("closed forms: every idle connection stale, sequential commands, dials succeed", () => {
  const modes = ["fin", "rst", "reset-on-use"] as const;
  for (const probe of ["none", "syscall"] as const) {
    it(`TLS with probe ${probe}: exactly floor(K/(R+1)) commands fail, and they are the first ones`, () => {
      for (const mode of modes)
        for (let k = 1; k <= 12; k++)
          for (let r = 0; r <= 6; r++) {
            const s = incident({ probe, pool: { size: k }, retry: { maxRetries: r }, disconnects: [{ at: "1s", fraction: 1, mode }] });
            const res = runScenario(s, { replication: k * 7 + r });
            const expected = Math.floor(k / (r + 1));
            expect(res.failed, `mode ${mode} K=${k} R=${r}`).toBe(expected);
            const firstFailures = Array.from(res.perCommandFailed).slice(0, expected);
            expect(firstFailures.every((x) => x === 1)).toBe(true);
            expect(Array.from(res.perCommandFailed).slice(expected).every((x) => x === 0)).toBe(true);
            expect(res.staleHandedOut.closed + res.staleHandedOut.reset + res.staleHandedOut.resetOnUse).toBe(k);
            // F failed commands spend R+1 attempts each, the next spends the K − F(R+1) left plus one.
            expect(res.attempts).toBe(20 + k - expected);
          }
    });
  }

  it("TLS with probe tls-aware: no command fails and no retry is spent", () => {
    for (const mode of ["fin", "rst"] as const)
      for (let k = 1; k <= 12; k++) {
        const res = runScenario(incident({ probe: "tls-aware", pool: { size: k }, retry: { maxRetries: 0 }, disconnects: [{ at: "1s", fraction: 1, mode }] }));
        expect(res.failed).toBe(0);
        expect(res.attempts).toBe(20);
        expect(res.probesCaught).toBe(k);
      }
  });

  it("plain TCP with probe syscall or tls-aware: no command fails", () => {
    for (const probe of ["syscall", "tls-aware"] as const) {
      const res = runScenario(incident({ transport: "tcp", probe, pool: { size: 10 }, retry: { maxRetries: 0 } }));
      expect(res.failed).toBe(0);
      expect(res.probesCaught).toBe(10);
      expect(res.dials).toBe(1);
    }
  });

  it("plain TCP with probe none behaves like TLS with syscall", () => {
    const a = runScenario(incident({ transport: "tcp", probe: "none" }));
    const b = runScenario(incident({ transport: "tls", probe: "syscall" }));
    expect(a.failed).toBe(b.failed);
    expect(a.latencyP99Ms).toBe(b.latencyP99Ms);
  });
});

describe("closed forms: a random K of N idle connections stale, one command", () => {
  const cases = [
    { n: 10, k: 5, r: 0 },
    { n: 10, k: 5, r: 2 },
    { n: 10, k: 8, r: 3 },
    { n: 20, k: 15, r: 4 },
  ];
  for (const { n, k, r } of cases) {
    it(`N=${n}, K=${k}, R=${r}: P(fail) = C(K,R+1)/C(N,R+1) lies in the Wilson interval of 10,000 runs (seed 11)`, () => {
      const s = incident({
        seed: 11,
        pool: { size: n },
        retry: { maxRetries: r },
        disconnects: [{ at: "1s", count: k, mode: "fin" }],
        workload: { kind: "sequential", commands: 1, start: "1100ms" },
      });
      const sum = replicate(s, 10_000);
      const expected = choose(k, r + 1) / choose(n, r + 1);
      const [lo, hi] = sum.metrics.anyCommandFailed.ci95!;
      expect(expected).toBeGreaterThanOrEqual(lo);
      expect(expected).toBeLessThanOrEqual(hi);
    });
  }

  it("fraction f hits exactly floor(f × n) connections", () => {
    for (const f of [0, 0.15, 0.5, 0.99, 1]) {
      const res = traceScenario(incident({ pool: { size: 10 }, disconnects: [{ at: "1s", fraction: f }] }));
      expect(res.trace.filter((e) => e.type === "connHit")).toHaveLength(Math.floor(f * 10));
    }
  });
});

describe("closed forms: blackholed connections", () => {
  it("each blackholed attempt costs readTimeout; with no backoff a failure takes (R+1)·readTimeout", () => {
    for (let r = 0; r <= 4; r++) {
      const s = incident({
        pool: { size: 8 },
        retry: { maxRetries: r, minBackoff: "0s" },
        network: { readTimeout: "3s" },
        disconnects: [{ at: "1s", fraction: 1, mode: "blackhole" }],
        workload: { kind: "sequential", commands: 1, start: "1100ms" },
      });
      const res = runScenario(s);
      expect(res.failed).toBe(r + 1 <= 8 ? 1 : 0);
      expect(res.latencyMaxMs).toBe((r + 1) * 3000);
      expect(res.errors.timeout).toBe(r + 1);
    }
  });

  it("with backoff the failure takes (R+1)·readTimeout plus the sum of the sleeps, each in go-redis's range", () => {
    const r = 3;
    const { result, trace } = traceScenario(
      incident({ pool: { size: 8 }, retry: { maxRetries: r }, disconnects: [{ at: "1s", fraction: 1, mode: "blackhole" }], workload: { kind: "sequential", commands: 1, start: "1100ms" } }),
    );
    const sleeps = trace.flatMap((e) => (e.type === "backoff" ? [e.sleepUs] : []));
    expect(sleeps).toHaveLength(r);
    sleeps.forEach((us, i) => {
      expect(us).toBeGreaterThanOrEqual(8000);
      expect(us).toBeLessThan(8000 + 8000 * 2 ** (i + 1));
    });
    const total = (r + 1) * 3_000_000 + sleeps.reduce((a, b) => a + b, 0);
    expect(result.latencyMaxMs).toBe(total / 1000);
  });

  it("no probe sees a blackholed connection: tls-aware fails exactly as none does", () => {
    const base = { pool: { size: 8 }, disconnects: [{ at: "1s", fraction: 1, mode: "blackhole" }], workload: { kind: "sequential", commands: 4, start: "1100ms" } };
    const a = runScenario(incident({ ...base, probe: "tls-aware", transport: "tcp" }));
    const b = runScenario(incident({ ...base, probe: "none", transport: "tcp" }));
    expect(a.failed).toBe(2);
    expect(a.probesCaught).toBe(0);
    expect({ ...a, probes: 0 }).toEqual(b);
  });
});

describe("crash and restart: the dial breaker", () => {
  it("after pool.size refused dials every attempt fails at once until the background re-dial succeeds", () => {
    // Server down 10 s from t=1 s; pool of 2, no warm-up: each command dials.
    const s = incident({
      pool: { size: 2 },
      warmup: { idle: 0 },
      retry: { maxRetries: 0 },
      disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "10s" }],
      workload: { kind: "concurrent", clients: 1, commands: 200, think: "100ms", start: "1100ms" },
    });
    const { result, trace } = traceScenario(s);
    const opened = trace.find((e) => e.type === "breakerOpen")!;
    const closed = trace.find((e) => e.type === "breakerClosed")!;
    // Refused dials cost one RTT (1 ms); the second one, at 1.201 s + 1 ms, trips it (PoolSize = 2).
    expect(opened.atUs).toBe(1_202_000);
    // tryDial dials at once, then every 1 s + one RTT after a failure: the first success is the
    // first dial that starts at or after t = 11 s.
    expect(closed.atUs).toBeGreaterThanOrEqual(11_000_000);
    expect(closed.atUs).toBeLessThan(12_100_000);
    expect(result.breakerRejections).toBeGreaterThan(80);
    // Commands fail from the crash until the breaker closes, not only while the server is down.
    const lastFailure = trace.filter((e) => e.type === "commandFailed").at(-1)!;
    expect(lastFailure.atUs).toBeGreaterThan(11_000_000);
    expect(lastFailure.atUs).toBeLessThan(closed.atUs);
  });
});
