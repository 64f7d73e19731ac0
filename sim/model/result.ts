import type { ErrorKindName } from "./codes.ts";

/** Why a run stopped. */
export type RunOutcome = "complete" | "eventLimit";

/** Everything one run measured. Counts are integers; times are in ms. */
export interface RunResult {
  outcome: RunOutcome;
  /** Commands issued and finished (succeeded + failed). */
  commands: number;
  succeeded: number;
  failed: number;
  /** Attempts made, over all commands (first attempts plus retries). */
  attempts: number;
  /** Idle connections handed to a command although the server had already dropped them, by state. */
  staleHandedOut: { closed: number; reset: number; resetOnUse: number; blackholed: number; readonly: number };
  /** Health checks run on idle connections, and how many judged the connection dead. */
  probes: number;
  probesCaught: number;
  /** Healthy connections a probe judged dead and closed (go-redis v9.5.4's consuming read under TLS). */
  needlessCloses: number;
  /** Idle connections discarded for age (maxLifetime) or idleness (maxIdleTime), at Get or by the background check. */
  expiredDiscarded: number;
  /** Dead idle connections the background health check's PING closed. */
  healthCheckClosed: number;
  /** Pool clears on a network error (pool.clearOnError), and connections discarded as perished after one. */
  poolClears: number;
  perishedDiscarded: number;
  /** Retries the retry budget refused. */
  retriesRefused: number;
  /** Commands retried after a reply in flight was lost to a disconnect: the server may have run them twice. */
  maybeExecutedTwice: number;
  /** From the first disconnect to the last failed attempt after it, in ms (0 when nothing failed). */
  recoveryMs: number;
  /** Multiplexed clients: reconnections after a disconnect, one still under way when the last command ended included (dials counts the attempts). */
  reconnects: number;
  /** Multiplexed clients: mean time a command waited in the offline queue, ms (0 when none waited). */
  queueWaitMs: number;
  /** Multiplexed clients: commands refused because the socket was not ready and the offline queue was off or full. */
  offlineRejected: number;
  /** Multiplexed clients: commands failed by ioredis's maxRetriesPerRequest. */
  retryLimitFailures: number;
  /** Connection dials started by the client (commands, minIdle refills, the dial breaker's re-dials). */
  dials: number;
  dialFailures: number;
  /** Connections opened (warm-up and successful dials), closed, still open at the end, and the most open at once. */
  connections: { opened: number; closed: number; openAtEnd: number; maxOpen: number };
  /** Attempts that failed at once because the dial breaker was open. */
  breakerRejections: number;
  poolTimeouts: number;
  /** Attempts that ended in each error kind. */
  errors: Record<ErrorKindName, number>;
  /** Latency of finished commands (issue to success or final failure), in ms. */
  latencyMeanMs: number;
  latencyP50Ms: number;
  latencyP90Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** For sequential workloads: 1 where command i failed, else 0. Empty otherwise. */
  perCommandFailed: Uint8Array;
  /** Simulated time at the end of the run, in ms, and events processed. */
  endMs: number;
  events: number;
}
