import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario, type RunResult, type ScenarioOptions } from "../sim/index.ts";
import { buildOutput, cellsToCsv, expandCells, expandTasks, resolveSweep, runTask } from "../sim/sweep/index.ts";

/** One idle multiplexed socket, a fault at 1 s, commands from `start`; rtt 1 ms, dial 2 ms, 2 init round trips (spec defaults). */
function run(profile: string, fault: Record<string, unknown>, workload: Record<string, unknown>, extra: ScenarioOptions = {}, replication = 0): RunResult {
  return runScenario(resolveScenario({ profile, disconnects: [{ at: "1s", fraction: 1, ...fault }], workload, ...extra }), { replication });
}
const seq = (commands: number, start = "1s") => ({ kind: "sequential", commands, start });
const burst = (clients: number, start = "1s") => ({ kind: "concurrent", clients, commands: 1, think: "0s", start });

describe("multiplexed clients (ioredis, node-redis)", () => {
  it("runScenario(idle kill) under every multiplexed profile: no command fails, one reconnection", () => {
    for (const profile of ["ioredis@5", "ioredis@6", "node-redis@4", "node-redis@5"]) {
      const r = run(profile, { mode: "fin" }, seq(20));
      expect([profile, r.failed, r.reconnects, r.dials, r.maybeExecutedTwice]).toEqual([profile, 0, 1, 1, 0]);
    }
  });

  it("ioredis@5 waits its reconnect delay min(50·n, 2000) ms: the first command after the kill takes 50 + dial + init + rtt ms", () => {
    const r = run("ioredis@5", { mode: "fin" }, seq(1));
    expect(r.latencyMaxMs).toBe(50 + 2 + 2 + 1);
    expect(r.queueWaitMs).toBe(50 + 2 + 2);
  });

  it("node-redis reconnects at once after a ready socket drops: the command waits only for dial and init", () => {
    for (const profile of ["node-redis@4", "node-redis@5"]) expect(run(profile, { mode: "fin" }, seq(1)).latencyMaxMs).toBe(2 + 1 + 1);
  });

  it("a command in flight when the socket drops: ioredis re-sends it (maybe executed twice), node-redis fails it", () => {
    const inflight = { network: { rtt: "400ms" } };
    const io = run("ioredis@6", { mode: "fin" }, seq(3, "900ms"), inflight);
    expect([io.failed, io.maybeExecutedTwice]).toEqual([0, 1]);
    const nr = run("node-redis@5", { mode: "fin" }, seq(3, "900ms"), inflight);
    expect([nr.failed, nr.maybeExecutedTwice, nr.errors.eof]).toEqual([1, 0, 1]);
    const rst = run("node-redis@4", { mode: "rst" }, burst(10, "900ms"), inflight);
    expect([rst.failed, rst.errors.reset]).toEqual([10, 10]);
  });

  it("a crash with a 500 ms down window: ioredis@5 tries at 50, 151, 302 and 503 ms (each refusal takes a round trip) and connects on the fourth", () => {
    const r = run("ioredis@5", { mode: "fin", serverDown: "500ms" }, seq(1));
    expect([r.failed, r.dials, r.dialFailures, r.reconnects]).toEqual([0, 4, 3, 1]);
    expect(r.latencyMaxMs).toBe(50 + 1 + 100 + 1 + 150 + 1 + 200 + 2 + 2 + 1);
  });

  it("maxRetriesPerRequest 1 fails queued commands when the 2nd reconnection attempt is scheduled (retryAttempts % 2 === 0)", () => {
    const r = run("ioredis@5", { mode: "fin", serverDown: "5s" }, burst(20), { multiplexed: { maxRetriesPerRequest: 1 } });
    expect([r.failed, r.retryLimitFailures]).toEqual([20, 20]);
    expect(r.latencyMaxMs).toBe(50 + 1); // the refused attempt at 50 ms, one round trip
    const never = run("ioredis@5", { mode: "fin", serverDown: "5s" }, burst(20), { multiplexed: { maxRetriesPerRequest: -1 } });
    expect(never.failed).toBe(0);
  });

  it("the offline queue off: commands issued while reconnecting fail at once; a bounded queue refuses the overflow", () => {
    const off = run("node-redis@5", { mode: "fin", serverDown: "1s" }, burst(20), { multiplexed: { offlineQueue: false } });
    expect([off.failed, off.offlineRejected, off.latencyMaxMs]).toEqual([20, 20, 0]);
    const bounded = run("node-redis@5", { mode: "fin", serverDown: "1s" }, burst(20), { multiplexed: { offlineQueueMax: 5 } });
    expect([bounded.failed, bounded.offlineRejected]).toEqual([15, 15]);
  });

  it("READONLY after a failover: the socket stays open, so every command fails and nothing reconnects", () => {
    const r = run("ioredis@6", { mode: "readonly" }, seq(20));
    expect([r.failed, r.errors.readonly, r.reconnects]).toEqual([20, 20, 0]);
  });

  it("a blackholed socket with a command in flight: the command waits for TCP to give up (924.6 s) unless commandTimeout ends it", () => {
    const hang = run("node-redis@5", { mode: "blackhole" }, seq(1, "999ms"), { network: { rtt: "10ms" } });
    expect(hang.latencyMaxMs).toBeGreaterThan(924_000);
    expect(hang.errors.timeout).toBe(1);
    const timed = run("ioredis@6", { mode: "blackhole" }, seq(1, "999ms"), { network: { rtt: "10ms" }, multiplexed: { commandTimeout: "1s" } });
    expect([timed.failed, timed.latencyMaxMs]).toEqual([1, 1000]);
  });

  it("an idle blackholed socket is found by keep-alive: node-redis (5 s, 1 s × 10) has reconnected before the next command; ioredis@5 (kernel 7200 s) learns only when TCP gives up on the write", () => {
    const nr = run("node-redis@5", { mode: "blackhole" }, seq(1, "20s"));
    expect([nr.failed, nr.reconnects, nr.latencyMaxMs]).toEqual([0, 1, 1]);
    const io = run("ioredis@5", { mode: "blackhole" }, seq(1, "20s"), { network: { rtt: "10ms" } });
    expect([io.failed, io.reconnects]).toEqual([0, 1]); // then re-sent on the new socket
    expect(io.latencyMaxMs).toBeGreaterThan(924_000);
  });

  it("runScenario is deterministic for multiplexed clients (jittered reconnects included)", () => {
    const a = run("ioredis@6", { mode: "fin", serverDown: "2s" }, { kind: "poisson", rate: 100, duration: "5s", start: "0s" }, {}, 7);
    const b = run("ioredis@6", { mode: "fin", serverDown: "2s" }, { kind: "poisson", rate: 100, duration: "5s", start: "0s" }, {}, 7);
    expect(b).toEqual(a);
    expect(a.reconnects).toBe(1);
  });

  it("a sweep's profile axis mixes pooled and multiplexed clients on the same seeds", () => {
    const sweep = resolveSweep({
      base: { transport: "tls", warmup: { idle: "full" }, disconnects: [{ at: "1s", fraction: 1, mode: "fin" }], workload: seq(20, "1100ms") },
      axes: [{ path: "profile", values: ["go-redis-9.5.3", "ioredis@6", "node-redis@5"] }],
      replications: 20,
      metrics: ["failedCommands", "reconnects"],
    });
    const tasks = expandTasks(sweep);
    const out = buildOutput(sweep, tasks.flatMap((t) => runTask(t, sweep)), { cellCount: expandCells(sweep).length, expectedCells: expandCells(sweep).length });
    const rows = cellsToCsv(out).trim().split("\n").slice(1).map((l) => l.split(","));
    // go-redis loses ⌊10 / 4⌋ = 2 commands to the stale TLS connections; the multiplexed clients none.
    expect(rows.map((r) => [r[1], r[5]])).toEqual([["go-redis-9.5.3", "2"], ["ioredis@6", "0"], ["node-redis@5", "0"]]);
  });
});
