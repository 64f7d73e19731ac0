import type { RunResult } from "./model/result.ts";

/**
 * Per-run metrics that replications are summarised by. `proportion`: 0 or 1 per run (Wilson
 * interval); `fraction`: a per-run value in [0, 1] (Student-t interval, bounded by Wilson when every
 * run sat at 0 or 1); `mean`: anything else (Student-t interval).
 */
export interface MetricDef {
  name: string;
  kind: "proportion" | "fraction" | "mean";
  unit: string;
  doc: string;
  value(r: RunResult): number;
}

const stale = (r: RunResult) => {
  const s = r.staleHandedOut;
  return s.closed + s.reset + s.resetOnUse + s.blackholed + s.readonly;
};

export const METRICS: readonly MetricDef[] = [
  { name: "failedCommands", kind: "mean", unit: "commands", doc: "Commands that failed in a run.", value: (r) => r.failed },
  { name: "commandFailureRate", kind: "fraction", unit: "", doc: "Failed commands / commands in a run: P(a command fails) over the run's window (it falls as the window grows; the per-event figures do not). Summarised, and bounded by the planner, as the mean over runs of each run's own failed / commands, not the pooled Σ failed / Σ commands over all runs (per-event.ts's commandFailureRate), which weighs long runs more; the two agree when every run issues the same number of commands (sequential, concurrent workloads) and can differ slightly with Poisson arrivals.", value: (r) => (r.commands > 0 ? r.failed / r.commands : 0) },
  { name: "anyCommandFailed", kind: "proportion", unit: "", doc: "Runs in which at least one command failed.", value: (r) => (r.failed > 0 ? 1 : 0) },
  { name: "firstCommandFailed", kind: "proportion", unit: "", doc: "Runs whose first command failed.", value: (r) => (r.perCommandFailed.length > 0 ? r.perCommandFailed[0] : NaN) },
  { name: "attemptsPerCommand", kind: "mean", unit: "attempts", doc: "Attempts (first tries plus retries) per command.", value: (r) => (r.commands > 0 ? r.attempts / r.commands : NaN) },
  { name: "staleHandedOut", kind: "mean", unit: "connections", doc: "Dead connections the pool handed to a command.", value: stale },
  { name: "probes", kind: "mean", unit: "probes", doc: "Health checks run on idle connections.", value: (r) => r.probes },
  { name: "probesCaught", kind: "mean", unit: "connections", doc: "Dead connections a health check discarded (no retry spent).", value: (r) => r.probesCaught },
  { name: "needlessCloses", kind: "mean", unit: "connections", doc: "Healthy connections a probe judged dead and closed.", value: (r) => r.needlessCloses },
  { name: "dials", kind: "mean", unit: "dials", doc: "Connections dialed (commands, minIdle refills, breaker re-dials).", value: (r) => r.dials },
  { name: "dialsPerCommand", kind: "mean", unit: "dials", doc: "Dials per command.", value: (r) => (r.commands > 0 ? r.dials / r.commands : NaN) },
  { name: "dialFailures", kind: "mean", unit: "dials", doc: "Dials that failed.", value: (r) => r.dialFailures },
  { name: "poolTimeouts", kind: "mean", unit: "attempts", doc: "Attempts that waited pool.timeout for a slot and gave up.", value: (r) => r.poolTimeouts },
  { name: "retriesRefused", kind: "mean", unit: "retries", doc: "Retries the retry budget refused.", value: (r) => r.retriesRefused },
  { name: "poolClears", kind: "mean", unit: "clears", doc: "Whole-pool clears on a network error (pool.clearOnError).", value: (r) => r.poolClears },
  { name: "maybeExecutedTwice", kind: "mean", unit: "commands", doc: "Commands retried after a reply was lost in flight: the server may have run them twice.", value: (r) => r.maybeExecutedTwice },
  { name: "reconnects", kind: "mean", unit: "reconnects", doc: "Multiplexed clients: reconnections after a disconnect, one still under way at the end included (dials counts the attempts); 0 for pooled clients.", value: (r) => r.reconnects },
  { name: "queueWait", kind: "mean", unit: "ms", doc: "Multiplexed clients: mean time a command waited in the offline queue for the socket to come back; 0 for pooled clients.", value: (r) => r.queueWaitMs },
  { name: "recoveryTime", kind: "mean", unit: "ms", doc: "From the first disconnect to the last failed attempt after it (0 when none failed).", value: (r) => r.recoveryMs },
  { name: "latencyMean", kind: "mean", unit: "ms", doc: "Mean command latency in a run.", value: (r) => r.latencyMeanMs },
  { name: "latencyP50", kind: "mean", unit: "ms", doc: "Median command latency in a run (R-7).", value: (r) => r.latencyP50Ms },
  { name: "latencyP99", kind: "mean", unit: "ms", doc: "99th-percentile command latency in a run (R-7).", value: (r) => r.latencyP99Ms },
  { name: "latencyMax", kind: "mean", unit: "ms", doc: "Slowest command in a run.", value: (r) => r.latencyMaxMs },
];

export const METRIC_NAMES = METRICS.map((m) => m.name);
