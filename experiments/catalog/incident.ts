import type { Experiment } from "./experiment.ts";

export const incident: Experiment = {
  name: "incident",
  question:
    "The TLS bug: a server closes every connection of a full pool of 10 (FIN) before a burst of 20 sequential " +
    "commands. go-redis's probe cannot see through *tls.Conn, so `syscall` behaves like `none`: each stale " +
    "connection spends one of the command's maxRetries + 1 attempts, and ⌊10 / (R + 1)⌋ commands fail. " +
    "`tls-aware` closes them all in Get without spending a retry. How many retries hide the bug, and what does that cost in latency?",
  sweep: {
    base: "experiments/scenarios/incident.json",
    axes: [
      { path: "probe", values: ["none", "syscall", "tls-aware"] },
      { path: "retry.maxRetries", from: 0, to: 10 },
    ],
    replications: 1000,
    metrics: ["failedCommands", "commandFailureRate", "latencyP99", "dials"],
  },
  referenceReps: 50,
  table: ["failedCommands", "latencyP99", "dials"],
};
