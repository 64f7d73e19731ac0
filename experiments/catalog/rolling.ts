import type { Experiment } from "./experiment.ts";

export const rolling: Experiment = {
  name: "rolling",
  question:
    "Rolling replacements: every 10 s a fifth of the connections is closed by the server (FIN) while Poisson " +
    "traffic (200 commands/s for 60 s) keeps the pool busy. Under LIFO the freshly used connections stay on " +
    "top, so stale ones sink and surface only in bursts; how often does a blind probe turn that into failed commands?",
  sweep: {
    base: "experiments/scenarios/incident.json",
    set: {
      workload: { kind: "poisson", rate: 200, duration: "60s", start: "1100ms" },
      disconnects: [{ at: "5s", fraction: 0.2, mode: "fin", every: "10s" }],
    },
    axes: [
      { path: "probe", values: ["none", "syscall", "tls-aware"] },
      { path: "retry.maxRetries", values: [0, 1, 3] },
    ],
    replications: 100,
    metrics: ["failedCommands", "commandFailureRate", "staleHandedOut", "dials", "latencyP99"],
  },
  referenceReps: 5,
  table: ["failedCommands", "staleHandedOut", "dials"],
};
