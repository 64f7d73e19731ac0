import { ConnState } from "../model/codes.ts";
import type { ProbeOutcome, ProbeStrategy, ProbeSubject } from "./probe.ts";

/**
 * A PING round trip (pgx Ping, JDBC isValid, redis-py health check). It sees every dead socket,
 * silent ones included, at a price: one RTT when alive; a reset-on-use peer answers the write
 * with an RST one RTT later; a blackholed one costs the ping timeout. A READONLY replica answers
 * PING, so it passes.
 */
function ping(s: ProbeSubject, out: ProbeOutcome): void {
  out.ran = true;
  switch (s.state) {
    case ConnState.healthy:
    case ConnState.readonly:
      out.dead = false;
      out.costUs = s.rttUs;
      return;
    case ConnState.resetOnUse:
      out.dead = true;
      out.costUs = s.rttUs;
      return;
    case ConnState.blackholed:
      out.dead = true;
      out.costUs = s.pingTimeoutUs;
      return;
    default:
      out.dead = true;
      out.costUs = 0;
  }
}

export const pingOnBorrow: ProbeStrategy = {
  key: "ping-on-borrow",
  doc: "A PING round trip before every use of an idle connection.",
  readsPendingBytes: false,
  check: ping,
};

/**
 * redis-py check_health (redis/connection.py at v4.3.4 and v8.1.0): `if self.health_check_interval
 * and time() > self.next_health_check` PING, where read_response sets next_health_check = time of
 * the reply + health_check_interval. The model's last use is the last exchange's start, its reply
 * one RTT later. A new Connection starts at next_health_check = 0, so it PINGs on first use.
 */
export const pingIfDue: ProbeStrategy = {
  key: "ping-if-due",
  doc: "redis-py's health check: a PING when probeOptions.healthCheckInterval has passed since the last reply.",
  readsPendingBytes: false,
  checksNew: true,
  check(s, out) {
    if (s.healthCheckIntervalUs > 0 && s.idleUs - s.rttUs > s.healthCheckIntervalUs) return ping(s, out);
    out.ran = false;
    out.dead = false;
    out.costUs = 0;
  },
};

/** pgxpool ShouldPing (idle > 1s), HikariCP aliveBypassWindowMs (idle > 500ms). */
export const pingIfIdle: ProbeStrategy = {
  key: "ping-if-idle",
  doc: "A PING only when the connection was idle longer than probeOptions.pingIdleThreshold.",
  readsPendingBytes: false,
  check(s, out) {
    if (s.idleUs > s.pingIdleThresholdUs) return ping(s, out);
    out.ran = false;
    out.dead = false;
    out.costUs = 0;
  },
};
