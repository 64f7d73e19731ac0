import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario, type RunResult, type ScenarioOptions } from "../sim/index.ts";

/** One idle multiplexed socket from time 0, no disconnect; one command at `start`. rtt 1 ms, dial 2 ms (spec defaults). */
function idle(profile: string, start: string, extra: ScenarioOptions = {}): RunResult {
  return runScenario(resolveScenario({ profile, transport: "tcp", workload: { kind: "sequential", commands: 1, start }, ...extra }), { replication: 0 });
}
const redisTimeout = (t: string): ScenarioOptions => ({ server: { idleTimeout: t } });

describe("idle multiplexed sockets: Redis `timeout` and middlebox idle timeouts", () => {
  it("Redis timeout 10 s closes the idle ioredis@5 socket at 10 s; it reconnects 50 ms later (dial 2 + 2 init round trips: ready at 10.054 s), is closed again at 20.054 s and back at 20.108 s", () => {
    const late = idle("ioredis@5", "25s", redisTimeout("10s"));
    expect([late.failed, late.reconnects, late.dials, late.latencyMaxMs]).toEqual([0, 2, 2, 1]);
    // Issued at 20.060 s, while the socket reconnects: it waits in the offline queue until 20.108 s.
    const queued = idle("ioredis@5", "20060ms", redisTimeout("10s"));
    expect([queued.failed, queued.reconnects, queued.latencyMaxMs, queued.queueWaitMs]).toEqual([0, 2, 48 + 1, 48]);
  });

  it("node-redis@5 reconnects at once after Redis closes it: closed at 10 s, back at 10.003 s (dial 2 + 1 init round trip)", () => {
    const r = idle("node-redis@5", "10001ms", redisTimeout("10s"));
    expect([r.failed, r.reconnects, r.latencyMaxMs]).toEqual([0, 1, 2 + 1]);
  });

  it("the idle clock restarts at each reply: under timeout 5 s, commands 1 s apart see no close; two 8 s apart (4 s, 12.001 s) see one, at 9.001 s, reconnected before the second", () => {
    const workload = (commands: number, think: string) => ({ kind: "concurrent", clients: 1, commands, think, start: "4s" }) as const;
    const busy = runScenario(resolveScenario({ profile: "node-redis@5", transport: "tcp", server: { idleTimeout: "5s" }, workload: workload(10, "1s") }), { replication: 0 });
    expect([busy.failed, busy.reconnects, busy.dials]).toEqual([0, 0, 0]);
    const gap = runScenario(resolveScenario({ profile: "node-redis@5", transport: "tcp", server: { idleTimeout: "5s" }, workload: workload(2, "8s") }), { replication: 0 });
    expect([gap.failed, gap.reconnects, gap.dials, gap.latencyMaxMs]).toEqual([0, 1, 1, 1]);
  });

  it("a middlebox dropping flows idle 350 s (AWS NLB): ioredis@5's kernel keep-alive (7200 s) is too late, so the next command hangs until TCP gives up; ioredis@6 (30 s) and node-redis (5 s) keep the flow", () => {
    const nlb: ScenarioOptions = { network: { middleboxIdleTimeout: "350s", rtt: "10ms" } };
    const io5 = idle("ioredis@5", "400s", nlb);
    expect(io5.errors.timeout).toBe(0); // ioredis re-sends, it does not fail: the write waits for the kernel to give up (924.6 s)
    expect([io5.failed, io5.reconnects]).toEqual([0, 1]);
    expect(io5.latencyMaxMs).toBeGreaterThan(924_000);
    for (const profile of ["ioredis@6", "node-redis@4", "node-redis@5"]) {
      const r = idle(profile, "400s", nlb);
      expect([profile, r.failed, r.reconnects, r.latencyMaxMs]).toEqual([profile, 0, 0, 10]);
    }
  });

  it("an idle dropped socket is found by keep-alive when the command comes late enough: keep-alive 400 s / 1 s × 3 after a 350 s drop notices at 403 s and node-redis reconnects at once", () => {
    const r = idle("node-redis@5", "500s", { network: { middleboxIdleTimeout: "350s", keepAliveIdle: "400s", keepAliveInterval: "1s", keepAliveCount: 3 } });
    expect([r.failed, r.reconnects, r.dials, r.latencyMaxMs]).toEqual([0, 1, 1, 1]);
  });
});
