import type { LatencyRecorder } from "./latency.ts";
import type { RunResult } from "./result.ts";

/** perCommandFailed until finishResult sets the run's own: allocating a typed array per run showed in sweep profiles. */
const NO_COMMANDS = new Uint8Array(0);

export function emptyResult(): RunResult {
  return {
    outcome: "complete",
    commands: 0,
    succeeded: 0,
    failed: 0,
    attempts: 0,
    staleHandedOut: { closed: 0, reset: 0, resetOnUse: 0, blackholed: 0, readonly: 0 },
    probes: 0,
    probesCaught: 0,
    needlessCloses: 0,
    expiredDiscarded: 0,
    healthCheckClosed: 0,
    poolClears: 0,
    perishedDiscarded: 0,
    reconnects: 0,
    queueWaitMs: 0,
    offlineRejected: 0,
    retryLimitFailures: 0,
    dials: 0,
    dialFailures: 0,
    connections: { opened: 0, closed: 0, openAtEnd: 0, maxOpen: 0 },
    breakerRejections: 0,
    poolTimeouts: 0,
    retriesRefused: 0,
    maybeExecutedTwice: 0,
    recoveryMs: 0,
    errors: { eof: 0, reset: 0, timeout: 0, dialRefused: 0, dialTimeout: 0, poolTimeout: 0, readonly: 0, badConn: 0, loading: 0, redisError: 0 },
    latencyMeanMs: NaN,
    latencyP50Ms: NaN,
    latencyP90Ms: NaN,
    latencyP99Ms: NaN,
    latencyMaxMs: NaN,
    perCommandFailed: NO_COMMANDS,
    endMs: 0,
    events: 0,
  };
}

/**
 * `r` back to emptyResult()'s values in place, its inner objects and per-command array kept (the
 * array zeroed): a sweep that reads each result before the next run of its cell reuses one object
 * per cell instead of leaving one to the collector per run. test/result-reuse.test.ts holds it to
 * emptyResult() field by field.
 */
export function resetResult(r: RunResult): RunResult {
  r.outcome = "complete";
  r.commands = r.succeeded = r.failed = r.attempts = 0;
  const s = r.staleHandedOut;
  s.closed = s.reset = s.resetOnUse = s.blackholed = s.readonly = 0;
  r.probes = r.probesCaught = r.needlessCloses = r.expiredDiscarded = r.healthCheckClosed = 0;
  r.poolClears = r.perishedDiscarded = 0;
  r.reconnects = r.queueWaitMs = r.offlineRejected = r.retryLimitFailures = 0;
  r.dials = r.dialFailures = 0;
  const c = r.connections;
  c.opened = c.closed = c.openAtEnd = c.maxOpen = 0;
  r.breakerRejections = r.poolTimeouts = r.retriesRefused = r.maybeExecutedTwice = r.recoveryMs = 0;
  const e = r.errors;
  e.eof = e.reset = e.timeout = e.dialRefused = e.dialTimeout = e.poolTimeout = e.readonly = e.badConn = e.loading = e.redisError = 0;
  r.latencyMeanMs = r.latencyP50Ms = r.latencyP90Ms = r.latencyP99Ms = r.latencyMaxMs = NaN;
  r.perCommandFailed.fill(0);
  r.endMs = r.events = 0;
  return r;
}

/** Fills in what is known only at the end of a run. Times in µs become ms. */
export function finishResult(r: RunResult, lat: LatencyRecorder, perCommand: Uint8Array, nowUs: number, events: number, openAtEnd: number, recoveryUs: number): RunResult {
  r.events = events;
  r.endMs = nowUs / 1000;
  r.connections.openAtEnd = openAtEnd;
  r.recoveryMs = recoveryUs / 1000;
  r.latencyMeanMs = lat.n > 0 ? lat.sum / lat.n / 1000 : NaN;
  r.latencyP50Ms = lat.quantile(0.5) / 1000;
  r.latencyP90Ms = lat.quantile(0.9) / 1000;
  r.latencyP99Ms = lat.quantile(0.99) / 1000;
  r.latencyMaxMs = lat.n > 0 ? lat.max / 1000 : NaN;
  r.perCommandFailed = perCommand;
  return r;
}
