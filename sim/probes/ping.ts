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
