import type { TraceEvent } from "../../sim/model/trace.ts";

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
 * Lays out a recorded trace (sim/model/trace.ts). Connections never named by a dial existed from
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
    const { conn, cmd } = e;
    switch (e.type) {
      case "connDialStart":
        if (cmd !== undefined) dialFor.set(cmd, e.t);
        break;
      case "connDialed": {
        const start = cmd !== undefined ? dialFor.get(cmd) ?? e.t : e.t;
        if (cmd !== undefined) dialFor.delete(cmd);
        if (!state.has(conn!)) m.conns.push(conn!);
        state.set(conn!, { state: "dialing", since: start });
        set(conn!, "idle", e.t);
        break;
      }
      case "connHit":
        ensure(conn!, e.t);
        if (e.t !== lastHit) m.disconnects.push(e.t);
        lastHit = e.t;
        set(conn!, state.get(conn!)!.state === "inUse" ? "staleInUse" : "stale", e.t);
        m.markers.push({ kind: "hit", t: e.t, conn, detail: e.detail });
        break;
      case "connTaken":
        ensure(conn!, e.t);
        set(conn!, e.detail === "healthy" ? "inUse" : "staleInUse", e.t);
        if (cmd !== undefined && openAttempt.has(cmd)) openAttempt.get(cmd)!.conn = conn;
        break;
      case "connReturned":
        ensure(conn!, e.t);
        set(conn!, "idle", e.t);
        break;
      case "connClosed":
        ensure(conn!, e.t);
        set(conn!, null, e.t);
        m.markers.push({ kind: "closed", t: e.t, conn, detail: e.detail });
        break;
      case "probeDiscarded":
      case "expiredDiscarded":
        ensure(conn!, e.t);
        m.markers.push({ kind: e.type, t: e.t, conn, detail: e.detail });
        break;
      case "dialFailed":
      case "poolTimeout":
        m.markers.push({ kind: e.type, t: e.t, cmd, detail: e.detail });
        break;
      case "commandStart":
        rows.set(cmd!, { cmd: cmd!, t0: e.t, t1: e.t, outcome: "open", attempts: 0 });
        break;
      case "attemptStart": {
        const bar: AttemptBar = { cmd: cmd!, attempt: e.attempt ?? 0, t0: e.t, t1: e.t, outcome: "open" };
        openAttempt.set(cmd!, bar);
        m.attempts.push(bar);
        const row = rows.get(cmd!);
        if (row) row.attempts = (e.attempt ?? 0) + 1;
        break;
      }
      case "attemptFailed":
        close(openAttempt, cmd!, e.t, "failed", e.detail);
        break;
      case "backoff":
        m.backoffs.push({ cmd: cmd!, attempt: e.attempt ?? 0, t0: e.t, t1: e.t + Number(e.detail ?? 0) });
        break;
      case "commandSucceeded":
      case "commandFailed": {
        const outcome = e.type === "commandSucceeded" ? "succeeded" : "failed";
        if (outcome === "succeeded") close(openAttempt, cmd!, e.t, "succeeded");
        const row = rows.get(cmd!);
        if (row) Object.assign(row, { t1: e.t, outcome });
        break;
      }
    }
  }
  const times = [...new Set(trace.map((e) => e.t))].sort((a, b) => a - b);
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

/** One event in words, for the timeline's log: "1100.000 ms  cmd 0 attempt 0 took conn 9 (closed)". */
export function describeEvent(e: TraceEvent): string {
  const who = [e.cmd !== undefined ? `cmd ${e.cmd}` : "", e.attempt !== undefined && e.cmd !== undefined ? `attempt ${e.attempt}` : "", e.conn !== undefined ? `conn ${e.conn}` : ""].filter(Boolean).join(", ");
  const what: Record<string, string> = {
    connHit: "server dropped the connection", connTaken: "Get handed out a connection", connReturned: "connection back to the pool",
    connClosed: "connection closed", probeDiscarded: "probe found it dead: discarded, no retry spent", expiredDiscarded: "discarded for age or idleness",
    connDialStart: "dial started", connDialed: "dial done", dialFailed: "dial failed", commandStart: "command issued",
    attemptStart: "attempt started", attemptFailed: "attempt failed", backoff: "backoff before the next attempt",
    commandSucceeded: "command succeeded", commandFailed: "command FAILED: out of retries", poolWait: "waiting for a pool slot",
    poolTimeout: "pool timeout", serverDown: "server down", serverUp: "server back up", breakerOpen: "dial breaker open", breakerClosed: "dial breaker closed",
  };
  const detail = e.type === "backoff" ? `${(Number(e.detail) / 1000).toFixed(3)} ms` : e.detail;
  return `${(e.t / 1000).toFixed(3)} ms  ${what[e.type] ?? e.type}${who ? ` (${who})` : ""}${detail ? `: ${detail}` : ""}`;
}
