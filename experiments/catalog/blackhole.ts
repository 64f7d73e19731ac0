import type { Experiment } from "./experiment.ts";

export const blackhole: Experiment = {
  name: "blackhole",
  question:
    "Silent drops: the peer vanishes (a load balancer forgets the flows) and nothing ever arrives, so no " +
    "socket probe sees it, not even on plain TCP. Every stale connection costs a full readTimeout (3 s) " +
    "before the retry. Failures match the FIN case without a probe; the price is latency.",
  sweep: {
    base: "experiments/scenarios/incident.json",
    set: { "disconnects.0.mode": "blackhole", transport: "tcp" },
    axes: [
      { path: "probe", values: ["none", "syscall", "tls-aware"] },
      { path: "retry.maxRetries", values: [0, 1, 3, 9] },
    ],
    replications: 500,
    metrics: ["failedCommands", "latencyP99", "latencyMax", "dials"],
  },
  referenceReps: 30,
  table: ["failedCommands", "latencyP99", "latencyMax"],
};
