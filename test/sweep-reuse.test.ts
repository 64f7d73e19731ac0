import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { METRIC_NAMES } from "../sim/metrics.ts";
import { Simulation } from "../sim/model/simulation.ts";
import { parseScenario } from "../sim/scenario/resolve.ts";
import { compileScenario } from "../sim/scenario/compile.ts";
import { expandTasks, resolveSweep, runTask, type ResolvedSweep, type Task } from "../sim/sweep/index.ts";

// A sweep worker runs every task on one Simulation (run() resets it) instead of a new one per
// cell. These tests pin that a reused Simulation gives exactly what fresh ones give, across cells
// that differ in every way a reset must undo: pool sizes up and down, profiles (pooled and
// multiplexed), disconnect modes, workloads, retry budgets.

const scenarioFile = (name: string) => JSON.parse(readFileSync(`experiments/scenarios/${name}.json`, "utf8")) as Record<string, unknown>;
const bases = ["incident", "crash-restart", "blackhole-outage", "failover-readonly", "azure-idle", "rolling", "blackhole"].map(scenarioFile);

const scenarios = [
  ...bases,
  { ...scenarioFile("incident"), pool: { size: 32 }, probe: "tls-aware" },
  { ...scenarioFile("incident"), pool: { size: 1 }, retry: { maxRetries: 16, budget: { kind: "token-bucket" } } },
  { ...scenarioFile("crash-restart"), profile: "redis-py" },
  { ...scenarioFile("crash-restart"), profile: "ioredis@6" },
  { ...scenarioFile("failover-readonly"), profile: "node-redis@5" },
  { ...scenarioFile("incident"), profile: "hikaricp", pool: { size: 3, minIdle: 2 } },
  { ...scenarioFile("crash-restart"), disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "1s", loading: "2s" }] },
  { ...scenarioFile("crash-restart"), profile: "mongodb-cmap", disconnects: [{ at: "1s", fraction: 0.5, mode: "rst" }] },
  { ...scenarioFile("azure-idle"), profile: "pgxpool", pool: { size: 6, healthCheckInterval: "30s" } },
  { ...scenarioFile("crash-restart"), profile: "go-redis-9.15", disconnects: [{ at: "1s", fraction: 1, mode: "blackhole", serverDown: "3s" }] },
  { ...scenarioFile("failover-readonly"), server: { idleTimeout: "5ms" }, disconnects: [] },
  // Ends with the dial breaker open (the server is still down) and with MAINT_NOTIFICATIONS switched off.
  { ...scenarioFile("crash-restart"), pool: { size: 2 }, network: { initMaintNotifications: true }, disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "60s" }], workload: { kind: "poisson", rate: 50, duration: "5s", start: "0s" } },
  { ...scenarioFile("crash-restart"), pool: { size: 2, minIdle: 1 }, network: { initMaintNotifications: true }, warmup: { idle: 0 } },
].map((raw) => compileScenario(parseScenario(raw)));

describe("a reused Simulation", () => {
  it("sim.run(p, seed, i) after other scenarios equals a fresh Simulation's run, field for field", () => {
    const shared = new Simulation();
    // Forward, backward and interleaved, so every scenario follows both bigger and smaller ones.
    const order = [...scenarios.keys(), ...[...scenarios.keys()].reverse(), ...scenarios.keys()];
    order.forEach((k, step) => {
      const replication = step % 5;
      const reused = shared.run(scenarios[k], 7, replication);
      const fresh = new Simulation().run(scenarios[k], 7, replication);
      expect(reused, `scenario ${k}, replication ${replication}, step ${step}`).toEqual(fresh);
    });
  });

  const frontierLike = resolveSweep({
    base: { ...scenarioFile("incident"), warmup: { idle: "full" } },
    axes: [
      { path: "probe", values: ["none", "syscall", "tls-aware"] },
      { path: "pool.size", values: [24, 2, 9] },
      { path: "retry.maxRetries", values: [5, 0] },
    ],
    replications: 40,
    metrics: [...METRIC_NAMES],
  });
  const paired = resolveSweep({
    base: scenarioFile("crash-restart"),
    axes: [
      { path: "profile", values: ["go-redis-9.5.3", "redis-py", "ioredis@5", "go-redis-9.22"] },
      { path: "pool.size", values: [12, 3] },
    ],
    replications: { metric: "commandFailureRate", halfWidth: 0.02, min: 10, max: 30 },
    metrics: [...METRIC_NAMES],
    pairBy: "profile",
  });

  function runAll(sweep: ResolvedSweep, tasks: Task[], simulation?: Simulation) {
    return tasks.map((t) => runTask(t, sweep, simulation ? { simulation } : {}));
  }

  for (const [name, sweep] of [["fixed replications, one cell a task", frontierLike], ["adaptive replications, paired cells", paired]] as const) {
    it(`runTask(task, sweep, {simulation}) on one Simulation equals runTask on fresh ones: ${name}`, () => {
      const tasks = expandTasks(sweep);
      const shuffled = tasks.map((t, i) => tasks[(i * 7) % tasks.length]);
      expect(new Set(shuffled.map((t) => t.index)).size).toBe(tasks.length);
      const shared = new Simulation();
      expect(runAll(sweep, shuffled, shared)).toEqual(runAll(sweep, shuffled));
    });
  }
});
