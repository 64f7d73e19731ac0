import { DISCONNECT_MODE_STATE } from "../model/codes.ts";
import { getProbe, type ProbeOutcome, type ProbeSubject } from "../probes/index.ts";
import { maybeDurationUs } from "../scenario/duration.ts";
import { resolveScenario } from "../scenario/resolve.ts";
import type { Scenario } from "../scenario/types.ts";

/** Exact expected values of the failure metrics, where a closed form applies. */
export interface ClosedForm {
  failedCommands: number;
  commandFailureRate: number;
  anyCommandFailed: number;
  firstCommandFailed: number;
}

/**
 * Failure metrics in closed form, or null when the scenario is outside the shape the form covers:
 * sequential commands after one FIN or RST disconnect (retried kind) that hits K of the W warm idle
 * connections before the first command, dials that succeed, no minIdle refill, no idle timers that
 * could fire during the run, and every other field (profile, budgets, keep-alive, …) at its default.
 *
 * A probe that sees the dead state (tls-aware, or syscall on plain TCP) closes every stale
 * connection without spending a retry, so nothing fails. Without one, each stale connection a
 * command meets spends one of its R + 1 attempts and is removed (MODEL-NOTES §A.6). Under LIFO a
 * command that meets a healthy connection puts it back on top, so only the leading run of L stale
 * connections in pop order matters: F = min(commands, ⌊L / (R + 1)⌋) commands fail. For a
 * uniformly random K of W, P(L ≥ m) = C(K, m) / C(W, m) (MODEL-NOTES, numbers 19 and 20). FIFO
 * sends healthy connections to the back, so there the form is used only when every idle
 * connection is stale (L = K = W).
 */
export function closedFormFailure(s: Scenario): ClosedForm | null {
  if (!othersAtDefault(s) || s.workload.kind !== "sequential" || s.disconnects.length !== 1) return null;
  const d = s.disconnects[0];
  const startUs = us(s.workload.start);
  if (d.every !== "0s" || d.serverDown !== "0s" || us(d.at) >= startUs) return null;
  if (!(d.mode === "fin" && s.retry.retryOn.eof) && !(d.mode === "rst" && s.retry.retryOn.reset)) return null;
  if (s.server.idleTimeout !== "0s" || !timersQuiet(s, startUs) || !dialsSucceed(s)) return null;
  const commands = s.workload.commands;
  const warm = s.warmup.idle === "full" ? s.pool.size : s.warmup.idle;
  const stale = d.count !== null ? Math.min(d.count, warm) : Math.floor((d.fraction ?? 1) * warm);
  const probed = probeSeesStale(s, d.mode, startUs);
  if (probed || stale === 0) return { failedCommands: 0, commandFailureRate: 0, anyCommandFailed: 0, firstCommandFailed: 0 };
  if (stale < warm && s.pool.order !== "lifo") return null;
  const attempts = s.retry.maxRetries + 1;
  let failed = 0;
  for (let f = 1; f <= commands && f * attempts <= stale; f++) failed += leadingStaleAtLeast(stale, warm, f * attempts);
  const any = leadingStaleAtLeast(stale, warm, attempts);
  return { failedCommands: failed, commandFailureRate: failed / commands, anyCommandFailed: any, firstCommandFailed: any };
}

/**
 * Whether the scenario's probe discards a connection in the disconnect's state before use. Asked
 * of the probe strategy itself, so a new strategy is classified by its own code, not by a list.
 * The warm connections were last used at t = 0, so they have been idle since (ping-if-idle).
 */
function probeSeesStale(s: Scenario, mode: string, startUs: number): boolean {
  const subject: ProbeSubject = {
    state: DISCONNECT_MODE_STATE[mode],
    tls: s.transport === "tls",
    idleUs: startUs,
    pendingBytes: false,
    rttUs: us(s.network.rtt),
    pingTimeoutUs: us(s.probeOptions.pingTimeout) || us(s.network.readTimeout),
    pingIdleThresholdUs: us(s.probeOptions.pingIdleThreshold),
    healthCheckIntervalUs: us(s.probeOptions.healthCheckInterval),
  };
  const out: ProbeOutcome = { ran: false, dead: false, costUs: 0 };
  getProbe(s.probe).check(subject, out);
  return out.ran && out.dead;
}

/** P(the first m of w connections in pop order are all stale) when k of them are: C(k, m) / C(w, m). */
export function leadingStaleAtLeast(k: number, w: number, m: number): number {
  if (m > k) return 0;
  let p = 1;
  for (let i = 0; i < m; i++) p *= (k - i) / (w - i);
  return p;
}

/**
 * Every dial succeeds on its first try (the server never goes down, checked above, and the dial
 * completes before its timeout: sim/model/dial-plan.ts), so the dialer's retry count and backoff
 * never come into play.
 */
function dialsSucceed(s: Scenario): boolean {
  return us(s.network.dialTime) <= us(s.network.dialTimeout);
}

/**
 * maxIdleTime and maxLifetime must not discard a connection before the run ends: bound the run
 * by every command spending all its attempts on a maximal backoff plus a dial.
 */
function timersQuiet(s: Scenario, startUs: number): boolean {
  if (s.workload.kind !== "sequential") return false;
  const perAttemptUs = us(s.retry.maxBackoff) + us(s.network.dialTime) + (s.network.initRoundTrips + 1) * us(s.network.rtt);
  const endUs = startUs + s.workload.commands * (s.retry.maxRetries + 1) * perAttemptUs + us(s.pool.idleClockResolution);
  const quiet = (t: string) => t === "0s" || us(t) > endUs;
  return quiet(s.pool.maxIdleTime) && quiet(s.pool.maxLifetime);
}

const us = (d: string): number => maybeDurationUs(d)!;

/**
 * Fields the form accounts for (checked above or irrelevant to FIN/RST on sequential commands).
 * Any other field, including ones added later, must hold its default for the form to be used.
 * The decision reads resolved behaviour only: `profile` is a label (the model never reads it; a
 * profile acts through the fields it sets, all compared here), so go-redis-9.7, which resolves to
 * the same behaviour as go-redis-9.5.3, gets the same form.
 */
const ACCOUNTED = new Set([
  "profile", "seed", "transport", "probe", "pool.size", "pool.order", "pool.maxIdleTime", "pool.maxLifetime", "pool.timeout",
  "pool.idleClockResolution", "pool.probesPerGetMax", "retry.maxRetries", "retry.minBackoff", "retry.maxBackoff",
  "retry.retryOn", "network.rtt", "network.dialTime", "network.initRoundTrips", "network.dialTimeout",
  "network.readTimeout", "network.writeTimeout", "network.dialAttempts", "network.dialRetryBackoff", "warmup", "disconnects", "workload",
]);
let defaults: Record<string, unknown> | null = null;

function othersAtDefault(s: Scenario): boolean {
  defaults ??= resolveScenario({}) as unknown as Record<string, unknown>;
  return sameOutside(s as unknown as Record<string, unknown>, defaults, "");
}

function sameOutside(a: Record<string, unknown>, b: Record<string, unknown>, path: string): boolean {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const at = path ? `${path}.${key}` : key;
    if (ACCOUNTED.has(at)) continue;
    const [x, y] = [a[key], b[key]];
    const objects = typeof x === "object" && x !== null && typeof y === "object" && y !== null && !Array.isArray(x);
    if (objects ? !sameOutside(x as Record<string, unknown>, y as Record<string, unknown>, at) : JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}
