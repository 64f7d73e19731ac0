import type { ProbeKey } from "../probes/index.ts";
import type { MuxParams } from "./multiplexed/params.ts";

/**
 * What the model runs on: a scenario compiled once (sim/scenario/compile.ts) into numbers, every
 * time in integer µs, every choice a small code. The model never sees scenario text.
 */
export interface ModelParams {
  tls: boolean;
  probeKey: ProbeKey;
  /** probeOptions.secondCheck: the second check at Get ("none": none). */
  secondCheckKey: ProbeKey;
  /** probeOptions.healthCheckInterval (redis-py health_check_interval), µs; 0 off. */
  probeHealthCheckIntervalUs: number;
  pendingBytesProbability: number;
  pingIdleThresholdUs: number;
  pingTimeoutUs: number;
  poolSize: number;
  fifo: boolean;
  minIdle: number;
  maxIdle: number;
  maxIdleTimeUs: number;
  maxLifetimeUs: number;
  poolTimeoutUs: number;
  idleClockResolutionUs: number;
  clearOnError: boolean;
  healthCheckIntervalUs: number;
  healthCheckPing: boolean;
  /** BadCheckout code: what Get does with an idle connection it finds expired or dead. */
  onBadCheckout: number;
  probesPerGetMax: number;
  /** removeConn refills MinIdle (go-redis ≤ v9.14); else only Remove does, after freeing its turn (v9.15.1+). */
  refillOnStaleDiscard: boolean;
  /** A failed dial for a command is made again at once until one succeeds or the attempt's pool timeout passes (generic-pool); false: it fails the attempt. */
  redialUntilPoolTimeout: boolean;
  maxRetries: number;
  minBackoffUs: number;
  maxBackoffUs: number;
  /** RetryPolicy code. */
  retryPolicy: number;
  /** BackoffKind code. */
  backoffKind: number;
  /** retryOn by ErrorKind code. */
  retryable: boolean[];
  budget: BudgetParams;
  rttUs: number;
  dialTimeUs: number;
  /** A new TLS context built after each successful TCP connect, outside the dial timeout (redis-py); 0 over TCP. */
  tlsContextUs: number;
  /** The HELLO/SETINFO round trips on a new connection, µs. */
  initUs: number;
  /** The init's round trips on a new connection (HELLO first, CLIENT SETINFO last), MAINT_NOTIFICATIONS aside. */
  initRoundTrips: number;
  /** Init commands run through the retry loop on a one-connection pool (go-redis initConn). */
  initRetryLoop: boolean;
  /** CLIENT SETINFO round trips at the end of the init whose failures count as SETINFO's (0 none, 1 a pipeline, 2 commands). */
  initSetinfoSteps: number;
  /** The SETINFO round trips are separate commands, each with its own retry loop (go-redis v9.2.0–v9.4.x). */
  initSetinfoCommands: boolean;
  /** SETINFO's network errors are ignored: the command goes out on the dead connection. */
  initSetinfoIgnored: boolean;
  /** Every init fails with a Redis error: SETINFO errors fail the init and the server lacks SETINFO (go-redis v9.5.0). */
  initRefusedByServer: boolean;
  /** initConn sends CLIENT MAINT_NOTIFICATIONS ON: one more round trip (go-redis v9.15.1+). */
  initMaintNotifications: boolean;
  /** The server accepts it; else its first error reply turns the handshake off for the client. */
  serverMaintNotifications: boolean;
  dialTimeoutUs: number;
  readTimeoutUs: number;
  dialAttempts: number;
  dialRetryBackoffUs: number;
  /** One dialTimeout for all attempts of a dial, and a sleep after the last failure too (go-redis v9.15.1–v9.18.x). */
  dialTimeoutShared: boolean;
  /** When the kernel sends a connect's SYNs, µs after the connect starts (the first is 0). */
  synRetransmitUs: readonly number[];
  /** TCP keep-alive: idle time before the first probe (0 = off), time between probes, unanswered probes before failing. */
  keepAliveIdleUs: number;
  keepAliveIntervalUs: number;
  keepAliveCount: number;
  /** Idle time after which a middlebox drops the flow, or 0 when none does (or keep-alive keeps it fresh). */
  middleboxDropUs: number;
  serverIdleTimeoutUs: number;
  warmupIdle: number;
  disconnects: DisconnectParams[];
  workload: WorkloadParams;
  eventsMax: number;
  /** A multiplexed client (ioredis, node-redis) instead of a pool; null for pooled clients. */
  multiplexed: MuxParams | null;
}

/** One disconnect event in model units. */
export interface DisconnectParams {
  atUs: number;
  fraction: number | null;
  count: number | null;
  /** ConnState code the hit connections take. */
  state: number;
  /** Dials hang (until dialTimeout) rather than being refused while down. */
  downHangs: boolean;
  serverDownUs: number;
  /** After the down window, the server answers commands with LOADING for this long. */
  loadingUs: number;
  /** While loading, the server answers requests only at multiples of this after the load's start; 0 means at once. */
  loadingEventsEveryUs: number;
  /** The load itself starts this long into the loading window (the server answers nobody before its first point). */
  loadingStartsAfterUs: number;
  everyUs: number;
  untilUs: number;
}

export type WorkloadParams =
  | { kind: "sequential"; commands: number; startUs: number }
  | { kind: "concurrent"; clients: number; commands: number; thinkUs: number; startUs: number; startSpread: StartSpreadCode; startGapUs: number }
  | { kind: "poisson"; meanGapUs: number; durationUs: number; startUs: number };

/** A retry budget's settings in model units (the ratio budget's window in whole seconds). */
export type BudgetParams =
  | { kind: "none" }
  | { kind: "token-bucket"; capacity: number; retryCost: number; timeoutRetryCost: number; successIncrement: number }
  | { kind: "ratio"; percent: number; minRetriesPerSecond: number; windowS: number }
  | { kind: "grpc"; maxTokens: number; tokenRatio: number };

export const RetryPolicy = { pool: 0, freshLastAttempt: 1, reconnect: 2 } as const;
export const BackoffKind = { goRedis: 0, fullJitter: 1, none: 2 } as const;
export const BadCheckout = { next: 0, redial: 1, failAttempt: 2 } as const;
/** workload.startSpread: how the gaps between concurrent clients' first commands are drawn. */
export const StartSpread = { fixed: 0, uniform: 1, exponential: 2 } as const;
export type StartSpreadCode = (typeof StartSpread)[keyof typeof StartSpread];
