import { CONN_STATE_NAMES, ERROR_KIND_NAMES, type ConnStateName, type ErrorKindName } from "../codes.ts";
import type { CommandTable } from "../command-table.ts";
import { MuxFailure } from "./commands.ts";

/**
 * One step of a multiplexed run (ioredis, node-redis), for the teaching timeline and the golden
 * traces: a discriminated union on `type` like the pooled TraceEvent (sim/model/trace.ts), every
 * time in µs. `sock` is the socket's index (from 0), `cmd` the command's issue index and `write`
 * how many times the command has been written (1 on its first write).
 */
export type MuxTraceEvent =
  /** The server (or the network) did `state` to the socket's connection; the client may not know yet. */
  | { type: "socketHit"; atUs: number; sock: number; state: ConnStateName }
  /** The client saw the socket close or error, with the cause; `unanswered` commands were in flight. */
  | { type: "socketLost"; atUs: number; sock: number; error: ErrorKindName; unanswered: number }
  /**
   * The next connection attempt is due after `delayUs` (the client's own reconnect formula);
   * `attempt` counts as the client does: ioredis's `times`, node-redis's `retries` + 1.
   */
  | { type: "reconnectScheduled"; atUs: number; sock: number; attempt: number; delayUs: number }
  | { type: "connectStart"; atUs: number; sock: number }
  | { type: "connectFailed"; atUs: number; sock: number; error: ErrorKindName }
  | { type: "socketReady"; atUs: number; sock: number }
  /** The reconnect strategy gave up: the socket stays closed. */
  | { type: "socketEnded"; atUs: number; sock: number }
  | { type: "serverDown"; atUs: number; downUs: number }
  | { type: "commandIssued"; atUs: number; cmd: number; sock: number }
  /** Issued while the socket was not ready: waits in the offline queue, `depth` long with it. */
  | { type: "commandQueued"; atUs: number; cmd: number; sock: number; depth: number }
  /** The socket is ready again: `resent` unanswered commands are written again, then `queued` from the offline queue. */
  | { type: "queueDrained"; atUs: number; sock: number; resent: number; queued: number }
  | { type: "commandWritten"; atUs: number; cmd: number; sock: number; write: number }
  /** In flight when the socket dropped: kept to be written again (ioredis); `maybeExecuted` when the server may have run it. */
  | { type: "commandUnanswered"; atUs: number; cmd: number; sock: number; maybeExecuted: boolean }
  /** Written again after a reconnect; `maybeExecutedTwice` when the server may already have run it. */
  | { type: "commandResent"; atUs: number; cmd: number; sock: number; write: number; maybeExecutedTwice: boolean }
  | { type: "commandSucceeded"; atUs: number; cmd: number; sock: number }
  | { type: "commandFailed"; atUs: number; cmd: number; sock: number; cause: MuxFailCause };

export type MuxTraceType = MuxTraceEvent["type"];

/**
 * Why a multiplexed command failed: its socket's error (node-redis fails what was in flight), a
 * READONLY reply, or one of the client's own rules.
 */
export type MuxFailCause = ErrorKindName | "queueOff" | "queueFull" | "maxRetriesPerRequest" | "clientClosed" | "commandTimeout";

/** MuxFailure codes (commands.ts) to causes; `queueOff`/`queueFull` are told apart by the offline queue setting. */
const MUX_FAILURE_CAUSE: Record<number, MuxFailCause> = { [MuxFailure.retryLimit]: "maxRetriesPerRequest", [MuxFailure.closed]: "clientClosed" };

/**
 * Writes a multiplexed run's trace. The roles hold one only while tracing (else null), so an
 * untraced run pays one null check per step and allocates nothing.
 */
export class MuxTraceLog {
  constructor(
    private readonly events: MuxTraceEvent[],
    private readonly clock: { readonly nowUs: number },
    private readonly cmds: CommandTable,
  ) {}

  socketHit(sock: number, state: number): void {
    this.events.push({ type: "socketHit", atUs: this.clock.nowUs, sock, state: CONN_STATE_NAMES[state] });
  }

  socketLost(sock: number, error: number, unanswered: number): void {
    this.events.push({ type: "socketLost", atUs: this.clock.nowUs, sock, error: ERROR_KIND_NAMES[error], unanswered });
  }

  reconnectScheduled(sock: number, attempt: number, delayUs: number): void {
    this.events.push({ type: "reconnectScheduled", atUs: this.clock.nowUs, sock, attempt, delayUs });
  }

  connectFailed(sock: number, error: number): void {
    this.events.push({ type: "connectFailed", atUs: this.clock.nowUs, sock, error: ERROR_KIND_NAMES[error] });
  }

  socket(type: "connectStart" | "socketReady" | "socketEnded", sock: number): void {
    this.events.push({ type, atUs: this.clock.nowUs, sock });
  }

  serverDown(downUs: number): void {
    this.events.push({ type: "serverDown", atUs: this.clock.nowUs, downUs });
  }

  command(type: "commandIssued" | "commandSucceeded", cmd: number, sock: number): void {
    this.events.push({ type, atUs: this.clock.nowUs, cmd: this.cmds.index[cmd], sock });
  }

  queued(cmd: number, sock: number, depth: number): void {
    this.events.push({ type: "commandQueued", atUs: this.clock.nowUs, cmd: this.cmds.index[cmd], sock, depth });
  }

  drained(sock: number, resent: number, queued: number): void {
    this.events.push({ type: "queueDrained", atUs: this.clock.nowUs, sock, resent, queued });
  }

  /** A write: the first one of a command, or a re-send of one written before. */
  written(cmd: number, sock: number): void {
    const c = this.cmds;
    const write = c.attempt[cmd];
    if (write === 1) this.events.push({ type: "commandWritten", atUs: this.clock.nowUs, cmd: c.index[cmd], sock, write });
    else this.events.push({ type: "commandResent", atUs: this.clock.nowUs, cmd: c.index[cmd], sock, write, maybeExecutedTwice: c.maybeTwice[cmd] === 1 });
  }

  unanswered(cmd: number, sock: number): void {
    this.events.push({ type: "commandUnanswered", atUs: this.clock.nowUs, cmd: this.cmds.index[cmd], sock, maybeExecuted: this.cmds.maybeExecuted[cmd] === 1 });
  }

  /** `kind`: an ErrorKind or MuxFailure code; `cause` overrides it where the code alone is ambiguous. */
  failed(cmd: number, sock: number, kind: number, offlineQueue: boolean, cause?: MuxFailCause): void {
    const why = cause ?? (kind === MuxFailure.offline ? (offlineQueue ? "queueFull" : "queueOff") : MUX_FAILURE_CAUSE[kind] ?? ERROR_KIND_NAMES[kind]);
    this.events.push({ type: "commandFailed", atUs: this.clock.nowUs, cmd: this.cmds.index[cmd], sock, cause: why });
  }
}
