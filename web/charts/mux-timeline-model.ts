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
  const layout = new MuxLayout();
  for (const e of trace) layout.step(e);
  return layout.finish([...new Set(trace.map((e) => e.atUs))].sort((a, b) => a - b));
}

type OpenRow = MuxCommandRow & { open: CommandPhase | null; since: number };

/** The layout under way: each socket's current state, each command's current phase, the queues' depth. */
class MuxLayout {
  readonly m: MuxTimelineModel = { t0: 0, t1: 0, sockets: [], socketSpans: [], reconnects: [], depth: [{ t: 0, queued: 0, unanswered: 0 }], depthMax: 0, commands: [], times: [], disconnects: [] };
  private readonly sockState = new Map<number, { state: SocketState; since: number }>();
  private readonly rows = new Map<number, OpenRow>();
  private queued = 0;
  private unanswered = 0;
  private lastHit = -Infinity;

  step(e: MuxTraceEvent): void {
    this.apply(e);
    this.depthAt(e.atUs);
  }

  private apply(e: MuxTraceEvent): void {
    const t = e.atUs;
    switch (e.type) {
      case "socketHit":
        if (t !== this.lastHit) this.m.disconnects.push(t);
        this.lastHit = t;
        // FIN and RST are seen at once (socketLost follows at the same instant); the others stay silent.
        return this.sock(e.sock, "deadUnnoticed", t);
      case "reconnectScheduled":
        this.m.reconnects.push({ t, sock: e.sock, attempt: e.attempt, delayUs: e.delayUs });
        return this.sock(e.sock, "down", t);
      case "socketLost":
      case "connectFailed":
        return this.sock(e.sock, "down", t);
      case "connectStart":
        return this.sock(e.sock, "connecting", t);
      case "socketReady":
        return this.sock(e.sock, "up", t);
      case "socketEnded":
        return this.sock(e.sock, "ended", t);
      case "commandIssued":
        this.ensure(e.sock, t);
        this.rows.set(e.cmd, { cmd: e.cmd, t0: t, t1: t, outcome: "open", phases: [], writes: [], open: null, since: t });
        return;
      case "commandQueued":
        return this.phase(e.cmd, "queued", t);
      case "commandUnanswered":
        return this.phase(e.cmd, "unanswered", t);
      case "commandWritten":
      case "commandResent":
        this.rows.get(e.cmd)?.writes.push({ t, resent: e.type === "commandResent", maybeTwice: e.type === "commandResent" && e.maybeExecutedTwice });
        return this.phase(e.cmd, "inFlight", t);
      case "commandSucceeded":
      case "commandFailed":
        return this.end(e.cmd, t, e.type === "commandSucceeded" ? "succeeded" : "failed", e.type === "commandFailed" ? e.cause : undefined);
      case "serverDown":
      case "queueDrained":
        return;
      default:
        return unreachable(e);
    }
  }

  /** Closes every open span at the run's last step. */
  finish(times: number[]): MuxTimelineModel {
    const m = this.m;
    m.times = times;
    m.t0 = times.length ? times[0] : 0;
    m.t1 = times.length ? times[times.length - 1] : 1;
    for (const [i, cur] of this.sockState) m.socketSpans.push({ sock: i, state: cur.state, t0: cur.since, t1: m.t1 });
    // A FIN is seen at the instant it lands: its "dead, unnoticed" span has no length and is not drawn.
    m.socketSpans = m.socketSpans.filter((span) => span.t1 > span.t0);
    for (const row of this.rows.values()) {
      if (row.outcome === "open") {
        this.phase(row.cmd, null, m.t1);
        row.t1 = m.t1;
      }
      m.commands.push({ cmd: row.cmd, t0: row.t0, t1: row.t1, outcome: row.outcome, ...(row.cause !== undefined ? { cause: row.cause } : {}), phases: row.phases, writes: row.writes });
    }
    m.commands.sort((a, b) => a.cmd - b.cmd);
    m.sockets.sort((a, b) => a - b);
    return m;
  }

  private ensure(i: number, t: number): void {
    if (this.sockState.has(i)) return;
    this.m.sockets.push(i);
    this.sockState.set(i, { state: "up", since: Math.min(0, t) });
  }

  private sock(i: number, next: SocketState, t: number): void {
    this.ensure(i, t);
    const cur = this.sockState.get(i)!;
    if (cur.state === next) return;
    this.m.socketSpans.push({ sock: i, state: cur.state, t0: cur.since, t1: t });
    this.sockState.set(i, { state: next, since: t });
  }

  /** Moves a command to its next phase (null: done), keeping the queue counts. */
  private phase(cmd: number, next: CommandPhase | null, t: number): void {
    const row = this.rows.get(cmd);
    if (!row) return;
    if (row.open === "queued") this.queued--;
    if (row.open === "unanswered") this.unanswered--;
    if (row.open !== null) row.phases.push({ state: row.open, t0: row.since, t1: t });
    if (next === "queued") this.queued++;
    if (next === "unanswered") this.unanswered++;
    row.open = next;
    row.since = t;
  }

  private end(cmd: number, t: number, outcome: "succeeded" | "failed", cause: string | undefined): void {
    this.phase(cmd, null, t);
    const row = this.rows.get(cmd);
    if (!row) return;
    Object.assign(row, { t1: t, outcome }, cause !== undefined ? { cause } : {});
  }

  /** After each step: the depth's step function gets a point where the counts changed (one per instant). */
  private depthAt(t: number): void {
    const last = this.m.depth[this.m.depth.length - 1];
    if (last.queued === this.queued && last.unanswered === this.unanswered) return;
    if (last.t === t) Object.assign(last, { queued: this.queued, unanswered: this.unanswered });
    else this.m.depth.push({ t, queued: this.queued, unanswered: this.unanswered });
    this.m.depthMax = Math.max(this.m.depthMax, this.queued + this.unanswered);
  }
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
