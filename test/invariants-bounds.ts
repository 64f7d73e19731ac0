/**
 * How long a scenario's workload can last, computed from the scenario alone: every command at its
 * slowest (each attempt waiting out every timeout, the longest backoffs between). The fuzz
 * property uses it to say which scenarios are small enough that every run must end `complete`.
 * An upper bound, never a prediction: real runs end far sooner.
 */
import type { Scenario } from "../sim/index.ts";
import { TCP_RETRANSMIT_GIVE_UP_US } from "../sim/model/multiplexed/events.ts";
import { compileScenario } from "../sim/scenario/compile.ts";
import { maybeDurationUs } from "../sim/scenario/duration.ts";

/** The latest a scenario's last command can end, µs (Infinity when nothing bounds it). */
export function workloadEndBoundUs(s: Scenario): number {
  const p = compileScenario(s);
  const w = p.workload;
  const cmdUs = s.client === "multiplexed" ? multiplexedCommandBoundUs(s) : pooledCommandBoundUs(s);
  if (w.kind === "poisson") return w.startUs + w.durationUs + cmdUs;
  const thinkUs = w.kind === "concurrent" ? w.thinkUs : 0;
  return w.startUs + w.commands * (cmdUs + thinkUs);
}

/** The longest one pooled command can take, µs: every attempt at its slowest, the longest backoffs between. */
export function pooledCommandBoundUs(s: Scenario): number {
  const p = compileScenario(s);
  const dialAttemptUs = Math.max(p.dialTimeUs, p.dialTimeoutUs, p.rttUs);
  const dialPlanUs = p.dialAttempts * dialAttemptUs + (p.dialAttempts - 1) * p.dialRetryBackoffUs;
  // A dial that meets a crash may wait dialTimeout from its start on top.
  const dialUs = dialPlanUs + p.dialTimeoutUs;
  // Waiting for a turn; then Get: PINGs until pool.timeout plus the last one, or one then a redial.
  const pingUs = Math.max(p.pingTimeoutUs, p.rttUs);
  // redis-py's health-check PING after a redial (probeOptions.secondCheck): each Get may fail it
  // maxRetries + 1 times, each a redial, the PING's timeout and a backoff (call_with_retry).
  const secondUs = p.secondCheckKey !== "none" ? (p.maxRetries + 1) * (dialUs + pingUs + p.maxBackoffUs) : 0;
  const checkoutUs = p.poolTimeoutUs + pingUs + dialUs + secondUs;
  const exchangeUs = Math.max(p.readTimeoutUs, p.rttUs + p.initUs) + p.rttUs;
  const attemptUs = p.poolTimeoutUs + checkoutUs + exchangeUs;
  return (p.maxRetries + 1) * attemptUs + p.maxRetries * p.maxBackoffUs;
}

/** The longest a reconnect strategy waits between attempts, µs (ioredis 6: 5 s + 200 ms jitter). */
const RECONNECT_DELAY_MAX_US = 5_200_000;

/**
 * The longest one multiplexed command can take, µs: its commandTimeout when set; else noticing a
 * lost socket, then reconnect attempts until maxRetriesPerRequest fails it; with no limit at all,
 * until the server's last down window ends. With resend, a command outlives every loss whose
 * socket comes back, since ioredis counts attempts only since the last ready socket (v6.0.0
 * built/redis/event_handler.js readyHandler: retryAttempts = 0): once per disconnect, and
 * Infinity when a disconnect repeats to the workload's end (a server that drops every socket
 * sooner than a reply comes back never lets such a command end, in ioredis as here).
 */
export function multiplexedCommandBoundUs(s: Scenario): number {
  const us = (d: string) => maybeDurationUs(d)!;
  const m = s.multiplexed;
  if (us(m.commandTimeout) > 0) return us(m.commandTimeout);
  const n = s.network;
  const rttUs = us(n.rtt);
  const connectUs = Math.max(us(n.dialTimeout), rttUs, us(n.dialTime) + n.initRoundTrips * rttUs);
  const attemptUs = RECONNECT_DELAY_MAX_US + connectUs;
  const noticeUs = TCP_RETRANSMIT_GIVE_UP_US + us(n.keepAliveIdle) + n.keepAliveCount * us(n.keepAliveInterval) + us(n.readTimeout);
  const repeats = s.disconnects.map((d) => (us(d.every) === 0 ? 1 : us(d.until) > 0 ? Math.floor(Math.max(0, us(d.until) - us(d.at)) / us(d.every)) + 1 : Infinity));
  // node-redis counts no reconnects against a request (sim/model/multiplexed/sockets.ts attemptFailed).
  const limited = m.maxRetriesPerRequest >= 0 && m.reconnect !== "node-redis-4" && m.reconnect !== "node-redis-5";
  let outageUs = noticeUs + attemptUs;
  if (limited) outageUs = noticeUs + (m.maxRetriesPerRequest + 1) * attemptUs;
  else s.disconnects.forEach((d, i) => (outageUs += repeats[i] * (us(d.serverDown) + us(d.loading) + noticeUs + attemptUs)));
  const losses = m.resend ? repeats.reduce((a, b) => a + b, 0) + 1 : 1;
  return losses * outageUs + rttUs;
}
