import type { Experiment } from "./experiment.ts";

export const partialDisconnect: Experiment = {
  name: "partial-disconnect",
  question:
    "A disconnect hits a random K of the 10 idle TLS connections, then one command runs. Under LIFO it fails " +
    "exactly when its R + 1 attempts all meet stale connections: P(fail) = C(K, R+1) / C(10, R+1), the " +
    "hypergeometric closed form (MODEL-NOTES, number 20). Does the simulation agree within its interval?",
  sweep: {
    base: "experiments/scenarios/incident.json",
    set: { "workload.commands": 1 },
    axes: [
      { path: "disconnects.0.fraction", values: [0.2, 0.4, 0.6, 0.8, 1] },
      { path: "retry.maxRetries", from: 0, to: 5 },
    ],
    replications: 4000,
    metrics: ["anyCommandFailed", "staleHandedOut", "latencyP99"],
  },
  referenceReps: 100,
  table: ["anyCommandFailed"],
};
