import type { TraceEvent, TraceType } from "../../sim/model/trace.ts";

/** What a connection lane shows at a moment. */
export type LaneState = "dialing" | "idle" | "inUse" | "stale" | "staleInUse";

export interface LaneSegment {
  conn: number;
  state: LaneState;
  /** Simulated time, µs. */
  t0: number;
  t1: number;
}

export type MarkerKind = "hit" | "probeDiscarded" | "expiredDiscarded" | "closed" | "dialFailed" | "poolTimeout";

export interface Marker {
  kind: MarkerKind;
  t: number;
  conn?: number;
  cmd?: number;
  detail?: string;
}

export interface AttemptBar {
  cmd: number;
  attempt: number;
  t0: number;
  t1: number;
  outcome: "succeeded" | "failed" | "open";
  /** The error kind a failed attempt ended with (eof, reset, timeout…). */
  error?: string;
  /** The connection the attempt used, when it got one. */
  conn?: number;
}

export interface CommandRow {
  cmd: number;
  t0: number;
  t1: number;
  outcome: "succeeded" | "failed" | "open";
  attempts: number;
}

/** A trace laid out for drawing: connection lanes, command rows, backoff gaps, dials, markers. */
export interface TimelineModel {
  t0: number;
  t1: number;
  conns: number[];
  segments: LaneSegment[];
  markers: Marker[];
  attempts: AttemptBar[];
  backoffs: { cmd: number; attempt: number; t0: number; t1: number }[];
  commands: CommandRow[];
  /** Distinct event times, ascending: the stops of the Step button. */
  times: number[];
  /** Disconnect times (the first connHit of each burst). */
  disconnects: number[];
}

/**
 * Lays out a recorded typed trace (sim/model/trace.ts). Connections never named by a dial existed from
 * time 0 (the warm-up pool); a lane ends when its connection closes.
 */
export function buildTimeline(trace: readonly TraceEvent[]): TimelineModel {
  const m: TimelineModel = { t0: 0, t1: 0, conns: [], segments: [], markers: [], attempts: [], backoffs: [], commands: [], times: [], disconnects: [] };
  const state = new Map<number, { state: LaneState | null; since: number }>();
  const dialFor = new Map<number, number>();
  const openAttempt = new Map<number, AttemptBar>();
  const rows = new Map<number, CommandRow>();
  const set = (conn: number, next: LaneState | null, t: number) => {
    const cur = state.get(conn);
    if (cur?.state) m.segments.push({ conn, state: cur.state, t0: cur.since, t1: t });
    state.set(conn, { state: next, since: t });
  };
  const ensure = (conn: number, t: number) => {
    if (!state.has(conn)) {
      m.conns.push(conn);
      state.set(conn, { state: "idle", since: Math.min(0, t) });
    }
  };
  let lastHit = -Infinity;
  for (const e of trace) {
    const t = e.atUs;
    switch (e.type) {
      case "connDialStart":
        dialFor.set(e.cmd, t);
        break;
      case "connDialed":
      case "idleConnDialed": {
        const start = e.type === "connDialed" ? dialFor.get(e.cmd) ?? t : t;
        if (e.type === "connDialed") dialFor.delete(e.cmd);
        if (!state.has(e.conn)) m.conns.push(e.conn);
        state.set(e.conn, { state: "dialing", since: start });
        set(e.conn, "idle", t);
        break;
      }
      case "connHit":
        ensure(e.conn, t);
        if (t !== lastHit) m.disconnects.push(t);
        lastHit = t;
        set(e.conn, state.get(e.conn)!.state === "inUse" ? "staleInUse" : "stale", t);
        m.markers.push({ kind: "hit", t, conn: e.conn, detail: e.state });
        break;
      case "connTaken":
        ensure(e.conn, t);
        set(e.conn, e.state === "healthy" ? "inUse" : "staleInUse", t);
        if (openAttempt.has(e.cmd)) openAttempt.get(e.cmd)!.conn = e.conn;
        break;
      case "connReturned":
        ensure(e.conn, t);
        set(e.conn, "idle", t);
        break;
      case "connClosed":
        ensure(e.conn, t);
        set(e.conn, null, t);
        m.markers.push({ kind: "closed", t, conn: e.conn, detail: e.state });
        break;
      case "probeDiscarded":
        ensure(e.conn, t);
        m.markers.push({ kind: e.type, t, conn: e.conn, detail: e.state });
        break;
      case "expiredDiscarded":
        ensure(e.conn, t);
        m.markers.push({ kind: e.type, t, conn: e.conn, detail: e.reason });
        break;
      case "dialFailed":
        m.markers.push({ kind: e.type, t, detail: e.error });
        break;
      case "poolTimeout":
        m.markers.push({ kind: e.type, t, cmd: e.cmd });
        break;
      case "commandStart":
        rows.set(e.cmd, { cmd: e.cmd, t0: t, t1: t, outcome: "open", attempts: 0 });
        break;
      case "attemptStart": {
        const bar: AttemptBar = { cmd: e.cmd, attempt: e.attempt, t0: t, t1: t, outcome: "open" };
        openAttempt.set(e.cmd, bar);
        m.attempts.push(bar);
        const row = rows.get(e.cmd);
        if (row) row.attempts = e.attempt + 1;
        break;
      }
      case "attemptFailed":
        close(openAttempt, e.cmd, t, "failed", e.error);
        break;
      case "backoff":
        m.backoffs.push({ cmd: e.cmd, attempt: e.attempt, t0: t, t1: t + e.sleepUs });
        break;
      case "commandSucceeded":
      case "commandFailed": {
        const outcome = e.type === "commandSucceeded" ? "succeeded" : "failed";
        if (outcome === "succeeded") close(openAttempt, e.cmd, t, "succeeded");
        const row = rows.get(e.cmd);
        if (row) Object.assign(row, { t1: t, outcome });
        break;
      }
    }
  }
  const times = [...new Set(trace.map((e) => e.atUs))].sort((a, b) => a - b);
  m.times = times;
  m.t0 = times.length ? times[0] : 0;
  m.t1 = times.length ? times[times.length - 1] : 1;
  for (const conn of m.conns) set(conn, null, m.t1);
  for (const bar of openAttempt.values()) if (bar.outcome === "open") bar.t1 = m.t1;
  m.commands = [...rows.values()].sort((a, b) => a.cmd - b.cmd);
  for (const row of m.commands) if (row.outcome === "open") row.t1 = m.t1;
  m.conns.sort((a, b) => a - b);
  return m;
}

function close(open: Map<number, AttemptBar>, cmd: number, t: number, outcome: "succeeded" | "failed", error?: string): void {
  const bar = open.get(cmd);
  if (!bar) return;
  bar.t1 = t;
  bar.outcome = outcome;
  if (error !== undefined) bar.error = error;
  open.delete(cmd);
}

/** What each step means, in words; a new step type without words is a type error. */
const WHAT: Record<TraceType, string> = {
  connHit: "server dropped the connection", connTaken: "Get handed out a connection", connReturned: "connection back to the pool",
  connClosed: "connection closed", probeDiscarded: "probe found it dead: discarded, no retry spent", expiredDiscarded: "discarded for age or idleness",
  connDialStart: "dial started", connDialed: "dial done", idleConnDialed: "idle connection dialed (MinIdle)", dialFailed: "dial failed", commandStart: "command issued",
  attemptStart: "attempt started", attemptFailed: "attempt failed", backoff: "backoff before the next attempt",
  commandSucceeded: "command succeeded", commandFailed: "command FAILED: out of retries", poolWait: "waiting for a pool slot",
  poolTimeout: "pool timeout", serverDown: "server down", serverUp: "server back up", breakerOpen: "dial breaker open", breakerClosed: "dial breaker closed",
  retryRefused: "retry budget refused the retry", poolCleared: "pool cleared",
};

/** One event in words, for the timeline's log: "1100.000 ms  Get handed out a connection (cmd 0, attempt 0, conn 9): closed". */
export function describeEvent(e: TraceEvent): string {
  const who = [
    "cmd" in e ? `cmd ${e.cmd}` : "",
    "attempt" in e ? `attempt ${e.attempt}` : "",
    "conn" in e ? `conn ${e.conn}` : "",
  ].filter(Boolean).join(", ");
  const detail = detailOf(e);
  return `${ms(e.atUs)}  ${WHAT[e.type]}${who ? ` (${who})` : ""}${detail ? `: ${detail}` : ""}`;
}

/** The step's own data in words; exhaustive over the trace's types. */
function detailOf(e: TraceEvent): string {
  switch (e.type) {
    case "attemptFailed":
    case "dialFailed":
      return e.error;
    case "connTaken":
    case "connHit":
    case "connClosed":
    case "probeDiscarded":
      return e.state;
    case "expiredDiscarded":
      return e.reason;
    case "backoff":
      return ms(e.sleepUs);
    case "serverDown":
      return `for ${ms(e.downUs)}`;
    case "commandStart": case "commandSucceeded": case "commandFailed": case "attemptStart": case "poolWait": case "poolTimeout":
    case "retryRefused": case "connDialStart": case "connReturned": case "connDialed": case "idleConnDialed":
    case "serverUp": case "breakerOpen": case "breakerClosed": case "poolCleared":
      return "";
    default:
      return unreachable(e);
  }
}

const ms = (us: number): string => `${(us / 1000).toFixed(3)} ms`;

function unreachable(e: never): never {
  throw new Error(`unknown trace step ${JSON.stringify(e)}`);
}
