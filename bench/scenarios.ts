import type { ScenarioOptions } from "../sim/index.ts";

/** The benchmark scenarios of issue 2: the hot path (steady-churn) and a saturated pool (overload). */
const steadyChurn = {
  seed: 1,
  transport: "tls",
  probe: "none",
  pool: { size: 16, order: "lifo", timeout: "4s" },
  retry: { maxRetries: 3 },
  network: { rtt: "1ms", dialTime: "2ms" },
  // Every connection that exists goes stale (FIN) at t = 5, 10, … 600 s.
  disconnects: [{ at: "5s", every: "5s", until: "600s", fraction: 1, mode: "fin" }],
  workload: { kind: "poisson", rate: 2000, duration: "600s", start: "0s" },
} satisfies ScenarioOptions;

export const benchScenarios: Record<string, ScenarioOptions> = {
  "steady-churn": steadyChurn,
  overload: {
  ...steadyChurn,
  pool: { size: 2, order: "lifo", timeout: "4s" },
  disconnects: [{ at: "5s", every: "5s", until: "60s", fraction: 1, mode: "fin" }],
  workload: { kind: "poisson", rate: 2500, duration: "60s", start: "0s" },
  },
};
