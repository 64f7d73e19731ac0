import type { Experiment } from "./experiment.ts";

export const restartLoading: Experiment = {
  name: "restart-loading",
  question:
    "The server crashes (every connection FIN'd), is down 1 s, then loads its dataset for L: it accepts connections " +
    "and runs HELLO, but answers commands with LOADING. go-redis retries LOADING on the same connection with its " +
    "short backoff (3 retries, at most 136 ms with 8 ms/512 ms), so every command issued while the server loads " +
    "fails; redis-py 8.x's 10 retries with full jitter up to 1 s ride out about two seconds. Open-loop load: 50 commands/s for 10 s.",
  sweep: {
    base: "experiments/scenarios/crash-restart.json",
    set: { transport: "tcp", disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "1s" }] },
    axes: [
      { path: "disconnects.0.loading", values: ["0s", "500ms", "2s", "5s"] },
      { path: "profile", values: ["go-redis-9.5.3", "go-redis-9.22", "redis-py"] },
    ],
    replications: 200,
    metrics: ["failedCommands", "commandFailureRate", "attemptsPerCommand", "latencyP99"],
  },
  referenceReps: 10,
  table: ["failedCommands", "commandFailureRate", "latencyP99"],
};
