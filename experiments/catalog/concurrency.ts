import type { Experiment } from "./experiment.ts";

export const concurrency: Experiment = {
  name: "concurrency",
  question:
    "C clients start together right after a bulk disconnect of a full TLS pool of 10 (probe blind). Concurrent " +
    "commands share the stale connections between them, so each meets fewer of them than a lone client would: " +
    "how do failures per run and dials change with C and maxRetries?",
  sweep: {
    base: "experiments/scenarios/incident.json",
    set: { workload: { kind: "concurrent", clients: 1, commands: 20, think: "0s", start: "1100ms" } },
    axes: [
      { path: "workload.clients", values: [1, 2, 4, 8, 16] },
      { path: "retry.maxRetries", values: [0, 1, 3, 5] },
    ],
    replications: 1000,
    metrics: ["failedCommands", "anyCommandFailed", "dials", "poolTimeouts", "latencyP99"],
  },
  referenceReps: 40,
  table: ["failedCommands", "anyCommandFailed", "dials"],
};
