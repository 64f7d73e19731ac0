import { ErrorKind } from "./codes.ts";
import type { ModelParams } from "./params.ts";

const OK = -1;

/** The outcome of one dial (dialConn): how long it takes and OK or an error kind. */
export interface DialPlan {
  costUs: number;
  result: number;
  /** Dials made (planRedial only; the other planners make one dial of one or more Dialer calls). */
  attempts?: number;
}

/**
 * Prices a dial started at `now` against the server's down window, into `out`. `attempts` is how
 * many Dialer calls it may make: p.dialAttempts for dialConn (DialerRetries, v9.15.1+), 1 for the
 * breaker's tryDial, which calls cfg.Dialer directly in every version (internal/pool/pool.go
 * tryDial at v9.5.3, v9.15.1, v9.19.0). The server's state when each attempt starts decides.
 */
export function planDial(now: number, p: ModelParams, downUntil: number, downHangs: boolean, out: DialPlan, attempts: number = p.dialAttempts): void {
  if (p.dialTimeoutShared && attempts > 1) planShared(now, p, downUntil, downHangs, out, attempts);
  else planPerAttempt(now, p, downUntil, downHangs, out, attempts);
  // redis-py builds a new SSL context once its socket has connected (SSLConnection._connect calls
  // super()._connect(), whose settimeout(socket_connect_timeout) covers only sock.connect, then
  // ssl.create_default_context(): v4.3.4 SSLConnection._connect, v8.1.0 _wrap_socket_with_ssl),
  // so the cost follows a connect that succeeded and never counts against the dial timeout.
  if (out.result === OK) out.costUs += p.tlsContextUs;
}

/**
 * v9.19.0+ (475b50a9, internal/pool/pool.go dialConn) and every single-attempt dial: DialTimeout
 * per attempt, DialerRetryTimeout between attempts, no sleep after the last.
 */
function planPerAttempt(now: number, p: ModelParams, downUntil: number, downHangs: boolean, out: DialPlan, attempts: number): void {
  let t = now;
  for (let i = 0; i < attempts; i++) {
    const end = attemptEnd(t, t + p.dialTimeoutUs, p, downUntil, downHangs, out);
    if (out.result === OK) {
      out.costUs = end - now;
      return;
    }
    t = end;
    if (i < attempts - 1) t += p.dialRetryBackoffUs;
  }
  out.costUs = t - now;
}

/**
 * v9.15.1–v9.18.x (internal/pool/pool.go newConn wraps dialConn in ONE
 * context.WithTimeout(ctx, DialTimeout); dialConn's loop then selects on ctx.Done() or
 * DialerRetryTimeout after every failure, the last included): a hanging attempt uses up what is
 * left of the shared deadline, and the loop stops as soon as the deadline passes, keeping the
 * last attempt's error.
 */
function planShared(now: number, p: ModelParams, downUntil: number, downHangs: boolean, out: DialPlan, attempts: number): void {
  const deadline = now + p.dialTimeoutUs;
  let t = now;
  for (let i = 0; i < attempts && t < deadline; i++) {
    const end = attemptEnd(t, deadline, p, downUntil, downHangs, out);
    if (out.result === OK) {
      out.costUs = end - now;
      return;
    }
    t = Math.min(deadline, end + p.dialRetryBackoffUs);
  }
  out.costUs = t - now;
}

/**
 * One Dialer call started at `t` that gives up at `deadline`: when it ends, with out.result set.
 * Refused: one RTT (SYN answered by RST). Up: dialTime. Hanging (blackhole): the kernel resends
 * the SYN on p.synRetransmitUs's schedule, so a window that ends before the deadline connects at
 * the first resend after it, not only by a fresh dial.
 */
function attemptEnd(t: number, deadline: number, p: ModelParams, downUntil: number, downHangs: boolean, out: DialPlan): number {
  let connectAt = t;
  if (t < downUntil) {
    if (!downHangs) {
      out.result = ErrorKind.dialRefused;
      return Math.min(deadline, t + p.rttUs);
    }
    connectAt = nextSyn(t, downUntil, p.synRetransmitUs);
  }
  if (connectAt + p.dialTimeUs > deadline) {
    out.result = ErrorKind.dialTimeout;
    return deadline;
  }
  out.result = OK;
  return connectAt + p.dialTimeUs;
}

/** The first SYN sent at or after `upAt` by a connect started at `t`; Infinity if none is left. */
function nextSyn(t: number, upAt: number, schedule: readonly number[]): number {
  for (const offset of schedule) if (t + offset >= upAt) return t + offset;
  return Infinity;
}

/**
 * generic-pool 3.9.0 (lib/Pool.js _createResource → on a factory create error, _dispense, which
 * creates again while callers still wait): dials one after another, each given dialTimeout and no
 * pause between them, until one connects or `deadline` (the waiting acquire's
 * acquireTimeoutMillis) passes; then out.result is poolTimeout and costUs reaches the deadline.
 * out.attempts counts the dials that ended by the deadline. A dial still under way then is
 * dropped with the wait (generic-pool would let it finish and pool its connection; not modelled).
 * Runs of attempts that must fail are skipped in one step, so a long down window costs no more
 * than a short one.
 */
export function planRedial(now: number, deadline: number, p: ModelParams, downUntil: number, downHangs: boolean, out: DialPlan): void {
  let t = now;
  let attempts = 0;
  while (t < deadline) {
    if (t < downUntil && !downHangs) {
      // Refused, one round trip each: the first dial to start at or after downUntil is the one that can connect.
      if (p.rttUs === 0) {
        attempts++;
        t = downUntil;
        continue;
      }
      const started = Math.ceil((Math.min(downUntil, deadline) - t) / p.rttUs);
      attempts += Math.min(started, Math.floor((deadline - t) / p.rttUs));
      t += started * p.rttUs;
      continue;
    }
    // Hanging dials that end (dialTimeout) strictly before the server is back cannot connect.
    const hung = t < downUntil && p.dialTimeoutUs > 0 ? Math.ceil((Math.min(downUntil, deadline) - t) / p.dialTimeoutUs) - 1 : 0;
    if (hung > 0) {
      attempts += hung;
      t += hung * p.dialTimeoutUs;
      continue;
    }
    const end = attemptEnd(t, Math.min(deadline, t + p.dialTimeoutUs), p, downUntil, downHangs, out);
    if (out.result === OK) {
      out.costUs = end - now;
      out.attempts = attempts + 1;
      return;
    }
    if (end < deadline || end === t + p.dialTimeoutUs) attempts++; // else the deadline cut it short
    if (end <= t) break; // a dialTimeout of 0 fails every dial at once: only the deadline ends the wait
    t = end;
  }
  out.result = ErrorKind.poolTimeout;
  out.costUs = Math.max(0, deadline - now);
  out.attempts = attempts;
}
