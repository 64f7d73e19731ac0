import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario, traceScenario, type ScenarioOptions } from "../sim/index.ts";

describe("events that land while something is in flight", () => {
  it("a dial in flight when the server crashes fails instead of opening a healthy connection", () => {
    const { result, trace } = traceScenario(
      resolveScenario({ transport: "tcp", workload: { kind: "sequential", commands: 6, start: "999ms" }, disconnects: [{ at: "1s", mode: "fin", serverDown: "10s" }] }),
    );
    expect(trace.find((e) => e.type === "connDialed")).toBeUndefined();
    expect(result.succeeded).toBe(0);
    expect(result.errors.dialRefused).toBeGreaterThan(0);
  });

  it("a dial in flight when the server blackholes hangs until dialTimeout from its start", () => {
    const { trace } = traceScenario(
      resolveScenario({ retry: { maxRetries: 0 }, workload: { kind: "sequential", commands: 1, start: "999ms" }, disconnects: [{ at: "1s", mode: "blackhole", serverDown: "1m" }] }),
    );
    const failed = trace.find((e) => e.type === "attemptFailed")!;
    expect(failed.type === "attemptFailed" && failed.error).toBe("dialTimeout");
    expect(failed.atUs).toBe(999_000 + 5_000_000);
  });

  it("a PING on its way when the server FINs the connection sees it: discarded, no retry spent", () => {
    const r = runScenario(
      resolveScenario({ profile: "pgxpool", transport: "tcp", warmup: { idle: 1 }, network: { rtt: "10ms" }, workload: { kind: "sequential", commands: 1, start: "2s" }, disconnects: [{ at: "2005ms", mode: "fin" }] }),
    );
    expect(r.failed).toBe(0);
    expect(r.probesCaught).toBe(1);
    expect(r.staleHandedOut.closed).toBe(0);
  });

  it("keep-alive counts unanswered probes from the first probe after the peer went silent", () => {
    // v9.22: probes every 5 s after 30 s idle; the peer goes silent at 120 s, the next probe is at
    // 120 s (30 + 18 × 5), and the socket fails 3 × 5 s later, at 135 s.
    const at = (start: string) =>
      runScenario(
        resolveScenario({ profile: "go-redis-9.22", transport: "tcp", warmup: { idle: 2 }, pool: { size: 2 }, workload: { kind: "sequential", commands: 1, start }, disconnects: [{ at: "120s", mode: "blackhole" }] }),
      );
    expect(at("120001ms").staleHandedOut.blackholed).toBe(2);
    // Just before 135 s: the first connection is still silent (a 5 s read timeout); by the retry
    // the second has failed its keep-alive, and the probe discards it.
    const edge = at("134999ms");
    expect(edge.staleHandedOut.blackholed).toBe(1);
    expect(edge.probesCaught).toBe(1);
    const late = at("135001ms");
    expect(late.staleHandedOut.blackholed).toBe(0);
    expect(late.probesCaught).toBe(2);
  });
});

describe("errors inside initConn (go-redis v9.5 _getConn)", () => {
  it("a timeout during HELLO on a never-used connection is not retried; EOF there is", () => {
    // minIdle dials an uninitialised idle connection; the server then goes silent (or closes it).
    const base = { transport: "tcp", probe: "none", pool: { size: 1, minIdle: 1 }, retry: { maxRetries: 3 }, workload: { kind: "sequential", commands: 1, start: "2s" } } satisfies ScenarioOptions;
    const silent = runScenario(resolveScenario({ ...base, disconnects: [{ at: "1s", fraction: 1, mode: "blackhole" }] }));
    expect(silent.attempts).toBe(1);
    expect(silent.failed).toBe(1);
    const closed = runScenario(resolveScenario({ ...base, disconnects: [{ at: "1s", fraction: 1, mode: "fin" }] }));
    expect(closed.attempts).toBe(2);
    expect(closed.failed).toBe(0);
  });
});
