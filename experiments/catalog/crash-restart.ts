import type { Experiment } from "./experiment.ts";

export const crashRestart: Experiment = {
  name: "crash-restart",
  question:
    "The server dies (every connection FIN'd) and refuses dials for a down window D. After pool.size refused " +
    "dials in a row go-redis's dial breaker fails every command at once until its once-a-second background " +
    "dial succeeds, so the loss depends on D, maxRetries and the pool size together. Open-loop load: 50 commands/s for 10 s.",
  sweep: {
    base: "experiments/scenarios/incident.json",
    set: { workload: { kind: "poisson", rate: 50, duration: "10s", start: "1100ms" } },
    axes: [
      { path: "disconnects.0.serverDown", values: ["0s", "500ms", "2s", "5s"] },
      { path: "pool.size", values: [4, 10] },
      { path: "retry.maxRetries", values: [0, 3, 8] },
    ],
    replications: 200,
    metrics: ["failedCommands", "commandFailureRate", "dials", "dialFailures", "latencyP99"],
  },
  referenceReps: 10,
  table: ["failedCommands", "dialFailures", "latencyP99"],
};
