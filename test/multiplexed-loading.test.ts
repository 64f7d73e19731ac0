import { describe, expect, it } from "vitest";
import { loadingEtaSeconds, readyCheckRetryUs } from "../sim/model/multiplexed/loading.ts";
import { resolveScenario, runScenario, type RunResult, type ScenarioOptions } from "../sim/index.ts";

/** A crash at 1 s (FIN), the server down 500 ms, then loading until 1.5 s + `loading`; a burst of 5 at 1 s. rtt 1 ms, dial 2 ms. */
function restart(profile: string, loading: string, extra: ScenarioOptions = {}, replication = 0): RunResult {
  return runScenario(resolveScenario({
    profile, transport: "tcp",
    disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "500ms", loading }],
    workload: { kind: "concurrent", clients: 5, commands: 1, think: "0s", start: "1s" },
    ...extra,
  }), { replication });
}

describe("a restarted server loading its dataset, met by multiplexed clients", () => {
  it("loadingEtaSeconds follows Redis's INFO: 1 in the load's first wall-clock second, then elapsed whole seconds × remaining / loaded, truncated", () => {
    // A 10 s load that began 0.3 s into a wall-clock second.
    expect(loadingEtaSeconds(500_000, 0, 10_000_000, 300_000)).toBe(1); // 0.8 s on the wall clock: elapsed 0
    expect(loadingEtaSeconds(800_000, 0, 10_000_000, 300_000)).toBe(11); // elapsed 1: 1 · 9.2 / 0.8 = 11.5
    expect(loadingEtaSeconds(9_900_000, 0, 10_000_000, 300_000)).toBe(0); // elapsed 10: 10 · 0.1 / 9.9 = 0.1
  });

  it("readyCheckRetryUs: ETA × 1000 ms, capped by maxLoadingRetryTime; an ETA of 0 asks again at once", () => {
    expect(readyCheckRetryUs(1, 10_000_000)).toBe(1_000_000);
    expect(readyCheckRetryUs(11, 10_000_000)).toBe(10_000_000);
    expect(readyCheckRetryUs(0, 10_000_000)).toBe(0);
    expect(readyCheckRetryUs(11, 0)).toBe(11_000_000);
  });

  it("node-redis has no ready check: the queued commands go out once connected and fail with LOADING, exactly when they would have succeeded without the load", () => {
    for (const profile of ["node-redis@4", "node-redis@5"]) {
      const plain = restart(profile, "0s");
      const loading = restart(profile, "3s");
      expect([profile, plain.failed, loading.failed, loading.errors.loading, loading.reconnects]).toEqual([profile, 0, 5, 5, 1]);
      expect(loading.latencyMaxMs).toBe(plain.latencyMaxMs);
    }
  });

  it("node-redis@4 by hand: attempts at 1000, 1001, 1052, 1153, 1304 ms are refused a round trip later (then 0, 50, 100, 150, 200 ms waits); the one at 1505 connects at 1505 + 2 + 1; LOADING at 1509", () => {
    expect(restart("node-redis@4", "3s").latencyMaxMs).toBe(509);
  });

  it("ioredis's ready check keeps the commands queued until the load is over: none fails, none is answered before 4.5 s, none later than one capped wait (10 s) after", () => {
    for (const profile of ["ioredis@5", "ioredis@6"]) {
      for (let replication = 0; replication < 20; replication++) {
        const r = restart(profile, "3s", {}, replication);
        expect([profile, r.failed, r.errors.loading, r.reconnects]).toEqual([profile, 0, 0, 1]);
        expect(r.latencyMaxMs).toBeGreaterThanOrEqual(3500 + 1);
        expect(r.latencyMaxMs).toBeLessThanOrEqual(3500 + 10_000 + 2);
      }
    }
  });

  it("ioredis@5 connected 7 ms into the load: a check in the load's first wall-clock second waits 1 s; one just past a second boundary extrapolates 2993 ms / 7 ms × 1 s = 427 s and waits the 10 s cap", () => {
    const late = Array.from({ length: 20 }, (_, i) => restart("ioredis@5", "3s", {}, i).latencyMaxMs);
    expect(late).toContain(3501); // 1 s, then ETA steps that end right at the load's end
    expect(late).toContain(1000 + 500 + 7 + 10_000 + 2 - 1000); // 1507 ms + 10 s + INFO round trip, less the command's start
  });

  it("maxLoadingRetryTime caps the wait between checks: under a 50 ms cap a 60 s load is left at most 50 ms + a round trip late; the 10 s default leaves some runs later", () => {
    const lateness = (extra: ScenarioOptions) => Array.from({ length: 10 }, (_, i) => restart("ioredis@6", "60s", extra, i).latencyMaxMs - 60_500);
    const capped = lateness({ multiplexed: { maxLoadingRetryTime: "50ms" } });
    expect(Math.min(...capped)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...capped)).toBeLessThanOrEqual(50 + 2);
    expect(Math.max(...lateness({}))).toBeGreaterThan(50 + 2);
  });

  it("readyCheck false on ioredis: commands meet the loading server and fail with LOADING", () => {
    const r = restart("ioredis@5", "3s", { multiplexed: { readyCheck: false } });
    expect([r.failed, r.errors.loading]).toEqual([5, 5]);
  });
});
