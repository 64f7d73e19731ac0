import type { Experiment } from "./experiment.ts";

export const frontier: Experiment = {
  name: "frontier",
  question:
    "Where does the failure probability cross 0.1%? The incident over pool size × maxRetries, per strategy: " +
    "without a working probe a command can fail only while R + 1 ≤ pool size, so the frontier is the diagonal " +
    "maxRetries = pool.size − 1, and a bigger pool needs more retries. (experiments/sweeps/frontier.json is the full 1.6 M-run grid.)",
  sweep: {
    base: "experiments/scenarios/incident.json",
    set: { "warmup.idle": "full" },
    axes: [
      { path: "probe", values: ["none", "syscall", "tls-aware"] },
      { path: "pool.size", values: [1, 2, 4, 8, 16, 32] },
      { path: "retry.maxRetries", values: [0, 1, 2, 3, 4, 6, 8, 12, 16] },
    ],
    replications: 200,
    metrics: ["anyCommandFailed", "commandFailureRate"],
  },
  referenceReps: 20,
  table: ["anyCommandFailed", "commandFailureRate"],
};
