import { maybeDurationUs, type Micros } from "../scenario/duration.ts";
import type { RetryBudget, Scenario } from "../scenario/types.ts";
import { DISCONNECT_MODE_STATE, ERROR_KIND_NAMES } from "./codes.ts";

/** One disconnect event in model units. */
export interface DisconnectParams {
  atUs: Micros;
  fraction: number | null;
  count: number | null;
  /** ConnState code the hit connections take. */
  state: number;
  /** Dials hang (until dialTimeout) rather than being refused while down. */
  downHangs: boolean;
  serverDownUs: Micros;
  everyUs: Micros;
  untilUs: Micros;
}

export const RetryPolicy = { pool: 0, freshLastAttempt: 1, reconnect: 2 } as const;
export const BackoffKind = { goRedis: 0, fullJitter: 1, none: 2 } as const;
export const BadCheckout = { next: 0, redial: 1, failAttempt: 2 } as const;

/** A Scenario compiled to the integers the model works in (times in µs). */
export interface ModelParams {
  tls: boolean;
  probeKey: Scenario["probe"];
  pendingBytesProbability: number;
  pingIdleThresholdUs: Micros;
  pingTimeoutUs: Micros;
  poolSize: number;
  fifo: boolean;
  minIdle: number;
  maxIdle: number;
  maxIdleTimeUs: Micros;
  maxLifetimeUs: Micros;
  poolTimeoutUs: Micros;
  idleClockResolutionUs: Micros;
  clearOnError: boolean;
  healthCheckIntervalUs: Micros;
  healthCheckPing: boolean;
  /** BadCheckout code: what Get does with an idle connection it finds expired or dead. */
  onBadCheckout: number;
  probesPerGetMax: number;
  maxRetries: number;
  minBackoffUs: Micros;
  maxBackoffUs: Micros;
  retryPolicy: number;
  backoffKind: number;
  /** retryOn by ErrorKind code. */
  retryable: boolean[];
  budget: RetryBudget;
  rttUs: Micros;
  dialTimeUs: Micros;
  initUs: Micros;
  dialTimeoutUs: Micros;
  readTimeoutUs: Micros;
  dialAttempts: number;
  dialRetryBackoffUs: Micros;
  /** TCP keep-alive: idle time before the first probe (0 = off), time between probes, unanswered probes before failing. */
  keepAliveIdleUs: Micros;
  keepAliveIntervalUs: Micros;
  keepAliveCount: number;
  /** Idle time after which a middlebox drops the flow, or 0 when none does (or keep-alive keeps it fresh). */
  middleboxDropUs: Micros;
  serverIdleTimeoutUs: Micros;
  warmupIdle: number;
  disconnects: DisconnectParams[];
  workload:
    | { kind: "sequential"; commands: number; startUs: Micros }
    | { kind: "concurrent"; clients: number; commands: number; thinkUs: Micros; startUs: Micros }
    | { kind: "poisson"; meanGapUs: number; durationUs: Micros; startUs: Micros };
  eventsMax: number;
}

const us = (d: string): Micros => maybeDurationUs(d)!;
const ceilSeconds = (x: Micros): Micros => Math.ceil(x / 1e6) * 1e6;

export function compileScenario(s: Scenario): ModelParams {
  const rttUs = us(s.network.rtt);
  const w = s.workload;
  const readTimeoutUs = us(s.network.readTimeout);
  // Go rounds keep-alive times up to whole seconds, the kernel option's unit (net/tcpsock*.go).
  const kaIdle = ceilSeconds(us(s.network.keepAliveIdle));
  const kaInterval = ceilSeconds(us(s.network.keepAliveInterval));
  const middlebox = us(s.network.middleboxIdleTimeout);
  return {
    tls: s.transport === "tls",
    probeKey: s.probe,
    pendingBytesProbability: s.probeOptions.pendingBytesProbability,
    pingIdleThresholdUs: us(s.probeOptions.pingIdleThreshold),
    pingTimeoutUs: us(s.probeOptions.pingTimeout) || readTimeoutUs,
    poolSize: s.pool.size,
    fifo: s.pool.order === "fifo",
    minIdle: s.pool.minIdle === "full" ? s.pool.size : s.pool.minIdle,
    maxIdle: s.pool.maxIdle,
    maxIdleTimeUs: us(s.pool.maxIdleTime),
    maxLifetimeUs: us(s.pool.maxLifetime),
    poolTimeoutUs: us(s.pool.timeout),
    idleClockResolutionUs: us(s.pool.idleClockResolution),
    clearOnError: s.pool.clearOnError,
    healthCheckIntervalUs: us(s.pool.healthCheckInterval),
    healthCheckPing: s.pool.healthCheckPing,
    onBadCheckout: s.pool.onBadCheckout === "next" ? BadCheckout.next : s.pool.onBadCheckout === "redial" ? BadCheckout.redial : BadCheckout.failAttempt,
    probesPerGetMax: s.pool.probesPerGetMax,
    maxRetries: s.retry.maxRetries,
    minBackoffUs: us(s.retry.minBackoff),
    maxBackoffUs: us(s.retry.maxBackoff),
    retryPolicy: s.retry.policy === "pool" ? RetryPolicy.pool : s.retry.policy === "fresh-last-attempt" ? RetryPolicy.freshLastAttempt : RetryPolicy.reconnect,
    backoffKind: s.retry.backoff === "go-redis" ? BackoffKind.goRedis : s.retry.backoff === "full-jitter" ? BackoffKind.fullJitter : BackoffKind.none,
    retryable: ERROR_KIND_NAMES.map((k) => s.retry.retryOn[k]),
    budget: s.retry.budget,
    rttUs,
    dialTimeUs: us(s.network.dialTime),
    initUs: s.network.initRoundTrips * rttUs,
    dialTimeoutUs: us(s.network.dialTimeout),
    readTimeoutUs,
    dialAttempts: s.network.dialAttempts,
    dialRetryBackoffUs: us(s.network.dialRetryBackoff),
    keepAliveIdleUs: kaIdle,
    keepAliveIntervalUs: kaInterval,
    keepAliveCount: s.network.keepAliveCount,
    middleboxDropUs: middlebox > 0 && !(kaIdle > 0 && kaIdle < middlebox) ? middlebox : 0,
    serverIdleTimeoutUs: us(s.server.idleTimeout),
    warmupIdle: s.warmup.idle === "full" ? s.pool.size : s.warmup.idle,
    disconnects: s.disconnects.map((d) => ({
      atUs: us(d.at),
      fraction: d.fraction,
      count: d.count,
      state: DISCONNECT_MODE_STATE[d.mode],
      downHangs: d.mode === "blackhole",
      serverDownUs: us(d.serverDown),
      everyUs: us(d.every),
      untilUs: us(d.until),
    })),
    workload:
      w.kind === "sequential"
        ? { kind: "sequential", commands: w.commands, startUs: us(w.start) }
        : w.kind === "concurrent"
          ? { kind: "concurrent", clients: w.clients, commands: w.commands, thinkUs: us(w.think), startUs: us(w.start) }
          : { kind: "poisson", meanGapUs: 1e6 / w.rate, durationUs: us(w.duration), startUs: us(w.start) },
    eventsMax: s.limits.eventsMax,
  };
}
