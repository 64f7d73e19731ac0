import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario, traceScenario, type Scenario } from "../sim/index.ts";

/** One command at 1.1 s, no idle connection, one attempt: what a single dialConn costs. */
function dialOnce(profile: string, disconnect: Record<string, unknown>, extra: Record<string, unknown> = {}): Scenario {
  return resolveScenario({
    profile,
    transport: "tcp",
    pool: { size: 10 },
    retry: { maxRetries: 0 },
    network: { rtt: "1ms", dialTime: "2ms" },
    disconnects: [{ at: "1s", fraction: 1, ...disconnect }],
    workload: { kind: "sequential", commands: 1, start: "1100ms" },
    ...extra,
  });
}

describe("go-redis dialer retries in three forms (internal/pool/pool.go newConn, dialConn)", () => {
  it("refused: v9.14.1 dials once; v9.15.1 5 attempts with a 100ms sleep after each, the last included; v9.19.0 no sleep after the last", () => {
    const refused = { mode: "fin", serverDown: "10s" };
    const cost = (v: string) => runScenario(dialOnce(`go-redis@${v}`, refused));
    const [v914, v915, v919] = [cost("9.14.1"), cost("9.15.1"), cost("9.19.0")];
    for (const r of [v914, v915, v919]) expect(r.errors.dialRefused).toBe(1);
    expect(v914.latencyMaxMs).toBe(1);
    expect(v915.latencyMaxMs).toBe(5 * (1 + 100));
    expect(v919.latencyMaxMs).toBe(5 * 1 + 4 * 100);
  });

  it("blackholed: v9.15.1–v9.18.x's attempts share ONE DialTimeout, so the first uses it all; v9.19.0 gives each attempt its own (475b50a9)", () => {
    const silent = { mode: "blackhole", serverDown: "10m" };
    for (const v of ["9.15.1", "9.18.0"]) {
      const r = runScenario(dialOnce(`go-redis@${v}`, silent));
      expect(r.errors.dialTimeout, v).toBe(1);
      expect(r.latencyMaxMs, v).toBe(5000);
    }
    expect(runScenario(dialOnce("go-redis@9.19.0", silent)).latencyMaxMs).toBe(5 * 5000 + 4 * 100);
  });

  it("a dial timeout is retried by the command loop only from v9.20.0 (error.go shouldRetry, c615d30b)", () => {
    const silent = { mode: "blackhole", serverDown: "10m" };
    const attempts = (v: string) => runScenario(dialOnce(`go-redis@${v}`, silent, { retry: { maxRetries: 3 } })).attempts;
    expect(attempts("9.19.0")).toBe(1);
    expect(attempts("9.20.0")).toBe(4);
  });
});

describe("a dial pending when a blackhole window ends connects at the kernel's next SYN (network.synRetransmits)", () => {
  // The window is 1s–2.5s; the dial starts at 1.1s. Linux 6.5+ resends at 1, 2, 3, 4, 5, 7 s
  // (tcp_syn_linear_timeouts 4); older kernels at 1, 3, 7, 15, … s.
  const window = { mode: "blackhole", serverDown: "1500ms" };
  const ok = 2 + 2 * 1 + 1; // dialTime, HELLO + SETINFO, the command

  it("linux: connects at the resend 2s after the first SYN; linux-exponential: at 3s; none: waits out DialTimeout and fails", () => {
    const linux = runScenario(dialOnce("go-redis@9.5.3", window));
    expect(linux.failed).toBe(0);
    expect(linux.latencyMaxMs).toBe(2000 + ok);
    const older = runScenario(dialOnce("go-redis@9.5.3", window, { network: { rtt: "1ms", dialTime: "2ms", synRetransmits: "linux-exponential" } }));
    expect(older.latencyMaxMs).toBe(3000 + ok);
    const none = runScenario(dialOnce("go-redis@9.5.3", window, { network: { rtt: "1ms", dialTime: "2ms", synRetransmits: "none" } }));
    expect(none.failed).toBe(1);
    expect(none.errors.dialTimeout).toBe(1);
  });

  it("under v9.15.1's shared DialTimeout the first attempt's resend still connects when the window ends in time", () => {
    const r = runScenario(dialOnce("go-redis@9.15.1", window));
    expect(r.failed).toBe(0);
    expect(r.latencyMaxMs).toBe(2000 + ok + 1); // v9.15.1 init adds CLIENT MAINT_NOTIFICATIONS
  });
});

describe("the breaker's probe is one Dialer call then a 1s sleep, in every version (internal/pool/pool.go tryDial)", () => {
  it("go-redis@9.15.1: the breaker re-dials every 1s + one refused attempt, not every 1s + 5 × (attempt + 100ms)", () => {
    const s = resolveScenario({
      profile: "go-redis@9.15.1",
      transport: "tcp",
      pool: { size: 2 },
      retry: { maxRetries: 0 },
      network: { rtt: "1ms", dialTime: "2ms" },
      disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "4s" }],
      // One client every 500ms until past the outage, so the run lasts until the breaker closes.
      workload: { kind: "concurrent", clients: 1, commands: 16, think: "500ms", start: "1100ms" },
    });
    const { trace } = traceScenario(s);
    const opened = trace.find((e) => e.type === "breakerOpen")!.atUs;
    const closed = trace.find((e) => e.type === "breakerClosed")!.atUs;
    const upAt = 5_000_000;
    // tryDial: refused in 1 RTT, sleep 1s, again; the first probe starting after the server is up connects.
    let t = opened;
    while (t < upAt) t += 1_000 + 1_000_000;
    expect(closed).toBe(t + 2_000);
  });
});
