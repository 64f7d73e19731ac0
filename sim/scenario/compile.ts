import { DISCONNECT_MODE_STATE, ERROR_KIND_NAMES } from "../model/codes.ts";
import { BackoffKind, BadCheckout, RetryPolicy, StartSpread, type BudgetParams, type ModelParams } from "../model/params.ts";
import { maybeDurationUs } from "./duration.ts";
import type { MuxParams } from "../model/multiplexed/params.ts";
import { RECONNECT_NAMES } from "../model/multiplexed/reconnect.ts";
import type { RetryBudget, Scenario } from "./types.ts";

const us = (d: string): number => maybeDurationUs(d)!;

/**
 * SYN send times of one connect, from its start. Linux 6.5+ (commit ccce324dabfe, "tcp: make the
 * first N SYN RTO backoffs linear", tcp_syn_linear_timeouts = 4): the initial RTO of 1s five times,
 * then doubling; older kernels double from the start; tcp_syn_retries = 6 resends either way.
 */
const SYN_SCHEDULES_US: Record<Scenario["network"]["synRetransmits"], readonly number[]> = {
  linux: [0, 1, 2, 3, 4, 5, 7].map((s) => s * 1e6),
  "linux-exponential": [0, 1, 3, 7, 15, 31, 63].map((s) => s * 1e6),
  none: [0],
};
const ceilSeconds = (x: number): number => Math.ceil(x / 1e6) * 1e6;

/**
 * A resolved scenario compiled once into the model's numbers (µs and codes), so that no run ever
 * parses text; sim/model imports nothing from sim/scenario.
 */
export function compileScenario(s: Scenario): ModelParams {
  // Frozen: a role may keep what it derives from one ModelParams (Checkout's probe strategies) for
  // as long as it is handed the same object.
  return Object.freeze(compile(s));
}

function compile(s: Scenario): ModelParams {
  const rttUs = us(s.network.rtt);
  const readTimeoutUs = us(s.network.readTimeout);
  // Go rounds keep-alive times up to whole seconds, the kernel option's unit (net/tcpsock*.go).
  const kaIdle = ceilSeconds(us(s.network.keepAliveIdle));
  const kaInterval = ceilSeconds(us(s.network.keepAliveInterval));
  const middlebox = us(s.network.middleboxIdleTimeout);
  return {
    tls: s.transport === "tls",
    probeKey: s.probe,
    secondCheckKey: s.probeOptions.secondCheck,
    probeHealthCheckIntervalUs: us(s.probeOptions.healthCheckInterval),
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
    refillOnStaleDiscard: s.pool.refillOnStaleDiscard,
    redialUntilPoolTimeout: s.pool.onDialError === "redial",
    maxRetries: s.retry.maxRetries,
    minBackoffUs: us(s.retry.minBackoff),
    maxBackoffUs: us(s.retry.maxBackoff),
    retryPolicy: s.retry.policy === "pool" ? RetryPolicy.pool : s.retry.policy === "fresh-last-attempt" ? RetryPolicy.freshLastAttempt : RetryPolicy.reconnect,
    backoffKind: s.retry.backoff === "go-redis" ? BackoffKind.goRedis : s.retry.backoff === "full-jitter" ? BackoffKind.fullJitter : BackoffKind.none,
    retryable: ERROR_KIND_NAMES.map((k) => s.retry.retryOn[k]),
    budget: compileBudget(s.retry.budget),
    rttUs,
    dialTimeUs: us(s.network.dialTime),
    tlsContextUs: s.transport === "tls" ? us(s.network.tlsContextSetup) : 0,
    initUs: s.network.initRoundTrips * rttUs,
    initRoundTrips: s.network.initRoundTrips,
    initRetryLoop: s.network.initRetryLoop,
    initSetinfoSteps: s.network.initSetinfo === "commands-ignore-errors" ? 2 : s.network.initSetinfo === "none" || s.network.initSetinfo === "fail-on-any-error" ? 0 : 1,
    initSetinfoCommands: s.network.initSetinfo === "commands-ignore-errors",
    initSetinfoIgnored: s.network.initSetinfo === "commands-ignore-errors" || s.network.initSetinfo === "pipeline-ignore-errors",
    initRefusedByServer: s.network.initSetinfo === "fail-on-any-error" && !s.server.setinfo,
    initMaintNotifications: s.network.initMaintNotifications,
    serverMaintNotifications: s.server.maintNotifications,
    dialTimeoutUs: us(s.network.dialTimeout),
    readTimeoutUs,
    dialAttempts: s.network.dialAttempts,
    dialRetryBackoffUs: us(s.network.dialRetryBackoff),
    dialTimeoutShared: s.network.dialTimeoutShared,
    synRetransmitUs: SYN_SCHEDULES_US[s.network.synRetransmits],
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
      loadingUs: us(d.loading),
      loadingEventsEveryUs: us(d.loadingEventsEvery),
      loadingStartsAfterUs: us(d.loadingStartsAfter),
      everyUs: us(d.every),
      untilUs: us(d.until),
    })),
    workload: compileWorkload(s.workload),
    eventsMax: s.limits.eventsMax,
    multiplexed: s.client === "multiplexed" ? compileMultiplexed(s.multiplexed) : null,
  };
}

function compileMultiplexed(m: Scenario["multiplexed"]): MuxParams {
  return {
    connections: m.connections,
    offlineQueue: m.offlineQueue,
    offlineQueueMax: m.offlineQueueMax,
    resend: m.resend,
    maxRetriesPerRequest: m.maxRetriesPerRequest,
    reconnect: RECONNECT_NAMES.indexOf(m.reconnect),
    commandTimeoutUs: us(m.commandTimeout),
    readyCheck: m.readyCheck,
    maxLoadingRetryUs: us(m.maxLoadingRetryTime),
    failedAttemptUs: us(m.failedAttemptTime),
  };
}

function compileWorkload(w: Scenario["workload"]): ModelParams["workload"] {
  if (w.kind === "sequential") return { kind: "sequential", commands: w.commands, startUs: us(w.start) };
  if (w.kind === "concurrent") return { kind: "concurrent", clients: w.clients, commands: w.commands, thinkUs: us(w.think), startUs: us(w.start), startSpread: StartSpread[w.startSpread], startGapUs: us(w.startGap) };
  return { kind: "poisson", meanGapUs: 1e6 / w.rate, durationUs: us(w.duration), startUs: us(w.start) };
}

/** The ratio budget counts in one-second buckets: its window becomes a whole number of them, at least one. */
function compileBudget(b: RetryBudget): BudgetParams {
  if (b.kind !== "ratio") return { ...b };
  return { kind: "ratio", percent: b.percent, minRetriesPerSecond: b.minRetriesPerSecond, windowS: Math.max(1, Math.round(us(b.window) / 1e6)) };
}
