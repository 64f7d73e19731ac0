import type { MuxTraceEvent, MuxTraceType } from "../../sim/model/multiplexed/trace.ts";

/** What a socket lane shows at a moment. */
export type SocketState = "up" | "deadUnnoticed" | "down" | "connecting" | "ended";

/** Where a command is: waiting in the offline queue, written and awaiting its reply, or lost in flight and awaiting its re-send. */
export type CommandPhase = "queued" | "inFlight" | "unanswered";

export interface Span<S> {
  state: S;
  /** Simulated time, µs. */
  t0: number;
  t1: number;
}

export interface MuxCommandRow {
  cmd: number;
  t0: number;
  t1: number;
  outcome: "succeeded" | "failed" | "open";
  /** Why it failed (a MuxFailCause), when it did. */
  cause?: string;
  phases: Span<CommandPhase>[];
  /** Each write: the first, then re-sends (with whether the server may have run the command twice). */
  writes: { t: number; resent: boolean; maybeTwice: boolean }[];
}

/** A multiplexed run laid out for drawing: socket lanes, the queues' depth over time, command rows. */
export interface MuxTimelineModel {
  t0: number;
  t1: number;
  sockets: number[];
  socketSpans: (Span<SocketState> & { sock: number })[];
  /** Reconnects scheduled: when, on which socket, after what delay (µs). */
  reconnects: { t: number; sock: number; attempt: number; delayUs: number }[];
  /** Step function of the commands waiting, from each change on: offline queue and unanswered (to be re-sent). */
  depth: { t: number; queued: number; unanswered: number }[];
  depthMax: number;
  commands: MuxCommandRow[];
  /** Distinct event times, ascending: the stops of the Step button. */
  times: number[];
  /** Times the server acted on a socket (the first hit of each instant). */
  disconnects: number[];
}

/** Lays out a multiplexed trace (sim/model/multiplexed/trace.ts). Sockets start up at time 0, as after warm-up. */
export function buildMuxTimeline(trace: readonly MuxTraceEvent[]): MuxTimelineModel {
  const m: MuxTimelineModel = { t0: 0, t1: 0, sockets: [], socketSpans: [], reconnects: [], depth: [{ t: 0, queued: 0, unanswered: 0 }], depthMax: 0, commands: [], times: [], disconnects: [] };
  const sockState = new Map<number, { state: SocketState; since: number }>();
  const rows = new Map<number, MuxCommandRow & { open: CommandPhase | null; since: number }>();
  let queued = 0;
  let unanswered = 0;
  const ensure = (i: number, t: number) => {
    if (sockState.has(i)) return;
    m.sockets.push(i);
    sockState.set(i, { state: "up", since: Math.min(0, t) });
  };
  const sock = (i: number, next: SocketState, t: number) => {
    ensure(i, t);
    const cur = sockState.get(i)!;
    if (cur.state === next) return;
    m.socketSpans.push({ sock: i, state: cur.state, t0: cur.since, t1: t });
    sockState.set(i, { state: next, since: t });
  };
  const phase = (cmd: number, next: CommandPhase | null, t: number) => {
    const row = rows.get(cmd);
    if (!row) return;
    if (row.open === "queued") queued--;
    if (row.open === "unanswered") unanswered--;
    if (row.open !== null) row.phases.push({ state: row.open, t0: row.since, t1: t });
    if (next === "queued") queued++;
    if (next === "unanswered") unanswered++;
    row.open = next;
    row.since = t;
  };
  let lastHit = -Infinity;
  for (const e of trace) {
    const t = e.atUs;
    switch (e.type) {
      case "socketHit":
        if (t !== lastHit) m.disconnects.push(t);
        lastHit = t;
        // FIN and RST are seen at once (socketLost follows at the same instant); the others stay silent.
        sock(e.sock, "deadUnnoticed", t);
        break;
      case "socketLost":
        sock(e.sock, "down", t);
        break;
      case "reconnectScheduled":
        m.reconnects.push({ t, sock: e.sock, attempt: e.attempt, delayUs: e.delayUs });
        sock(e.sock, "down", t);
        break;
      case "connectStart":
        sock(e.sock, "connecting", t);
        break;
      case "connectFailed":
        sock(e.sock, "down", t);
        break;
      case "socketReady":
        sock(e.sock, "up", t);
        break;
      case "socketEnded":
        sock(e.sock, "ended", t);
        break;
      case "commandIssued":
        ensure(e.sock, t);
        rows.set(e.cmd, { cmd: e.cmd, t0: t, t1: t, outcome: "open", phases: [], writes: [], open: null, since: t });
        break;
      case "commandQueued":
        phase(e.cmd, "queued", t);
        break;
      case "commandWritten":
      case "commandResent":
        phase(e.cmd, "inFlight", t);
        rows.get(e.cmd)?.writes.push({ t, resent: e.type === "commandResent", maybeTwice: e.type === "commandResent" && e.maybeExecutedTwice });
        break;
      case "commandUnanswered":
        phase(e.cmd, "unanswered", t);
        break;
      case "commandSucceeded":
      case "commandFailed": {
        phase(e.cmd, null, t);
        const row = rows.get(e.cmd);
        if (row) Object.assign(row, { t1: t, outcome: e.type === "commandSucceeded" ? "succeeded" : "failed" }, e.type === "commandFailed" ? { cause: e.cause } : {});
        break;
      }
      case "serverDown":
      case "queueDrained":
        break;
      default:
        unreachable(e);
    }
    const last = m.depth[m.depth.length - 1];
    if (last.queued !== queued || last.unanswered !== unanswered) {
      if (last.t === t) Object.assign(last, { queued, unanswered });
      else m.depth.push({ t, queued, unanswered });
      m.depthMax = Math.max(m.depthMax, queued + unanswered);
    }
  }
  m.times = [...new Set(trace.map((e) => e.atUs))].sort((a, b) => a - b);
  m.t0 = m.times.length ? m.times[0] : 0;
  m.t1 = m.times.length ? m.times[m.times.length - 1] : 1;
  for (const [i, cur] of sockState) m.socketSpans.push({ sock: i, state: cur.state, t0: cur.since, t1: m.t1 });
  // A FIN is seen at the instant it lands: its "dead, unnoticed" span has no length and is not drawn.
  m.socketSpans = m.socketSpans.filter((span) => span.t1 > span.t0);
  for (const row of rows.values()) {
    if (row.outcome === "open") {
      phase(row.cmd, null, m.t1);
      row.t1 = m.t1;
    }
    m.commands.push({ cmd: row.cmd, t0: row.t0, t1: row.t1, outcome: row.outcome, ...(row.cause !== undefined ? { cause: row.cause } : {}), phases: row.phases, writes: row.writes });
  }
  m.commands.sort((a, b) => a.cmd - b.cmd);
  m.sockets.sort((a, b) => a - b);
  return m;
}

/** What each step means, in words; a new step type without words is a type error. */
const WHAT: Record<MuxTraceType, string> = {
  socketHit: "server acted on the socket", socketLost: "client saw the socket drop", reconnectScheduled: "reconnect scheduled",
  connectStart: "connection attempt", connectFailed: "connection attempt failed", socketReady: "socket ready again", socketEnded: "client gave up reconnecting",
  serverDown: "server down", commandIssued: "command issued", commandQueued: "command waits in the offline queue", queueDrained: "queues written out",
  commandWritten: "command written", commandUnanswered: "in flight at the drop: kept for a re-send", commandResent: "command RE-SENT",
  commandSucceeded: "reply: command succeeded", commandFailed: "command FAILED",
};

/** One step in words, for the timeline's log: "1000.000 ms  client saw the socket drop (socket 0): eof, 1 unanswered". */
export function describeMuxEvent(e: MuxTraceEvent): string {
  const who = ["cmd" in e ? `cmd ${e.cmd}` : "", "sock" in e ? `socket ${e.sock}` : ""].filter(Boolean).join(", ");
  const detail = detailOf(e);
  return `${ms(e.atUs)}  ${WHAT[e.type]}${who ? ` (${who})` : ""}${detail ? `: ${detail}` : ""}`;
}

/** The step's own data in words; exhaustive over the trace's types. */
function detailOf(e: MuxTraceEvent): string {
  switch (e.type) {
    case "socketHit": return e.state;
    case "socketLost": return `${e.error}, ${e.unanswered} unanswered`;
    case "reconnectScheduled": return `attempt ${e.attempt} in ${ms(e.delayUs)}`;
    case "connectFailed": return e.error;
    case "serverDown": return `for ${ms(e.downUs)}`;
    case "commandQueued": return `${e.depth} waiting`;
    case "queueDrained": return `${e.resent} re-sent, ${e.queued} from the offline queue`;
    case "commandWritten": return "";
    case "commandUnanswered": return e.maybeExecuted ? "the server may have run it" : "";
    case "commandResent": return `write ${e.write}${e.maybeExecutedTwice ? ", maybe executed twice" : ""}`;
    case "commandFailed": return e.cause;
    case "connectStart": case "socketReady": case "socketEnded": case "commandIssued": case "commandSucceeded": return "";
    default: return unreachable(e);
  }
}

const ms = (us: number): string => `${(us / 1000).toFixed(3)} ms`;

function unreachable(e: never): never {
  throw new Error(`unknown trace step ${JSON.stringify(e)}`);
}
