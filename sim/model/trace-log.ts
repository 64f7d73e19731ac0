import { CONN_STATE_NAMES, ERROR_KIND_NAMES } from "./codes.ts";
import type { CommandTable } from "./command-table.ts";
import type { ConnectionTable } from "./connection-table.ts";
import type { CommandStepType, ConnStepType, ExpiryReason, PlainStepType, TraceEvent } from "./trace.ts";

/**
 * Writes typed trace events for one run. Roles hold one only while tracing (else null), so an
 * untraced run pays one null check per step and allocates nothing.
 */
export class TraceLog {
  constructor(
    private readonly events: TraceEvent[],
    private readonly clock: { readonly nowUs: number },
    private readonly conns: ConnectionTable,
    private readonly cmds: CommandTable,
  ) {}

  command(type: CommandStepType, cmd: number): void {
    this.events.push({ type, atUs: this.clock.nowUs, cmd: this.cmds.index[cmd], attempt: this.cmds.attempt[cmd] });
  }

  attemptFailed(cmd: number, error: number): void {
    this.events.push({ type: "attemptFailed", atUs: this.clock.nowUs, cmd: this.cmds.index[cmd], attempt: this.cmds.attempt[cmd], error: ERROR_KIND_NAMES[error] });
  }

  backoff(cmd: number, sleepUs: number): void {
    this.events.push({ type: "backoff", atUs: this.clock.nowUs, cmd: this.cmds.index[cmd], attempt: this.cmds.attempt[cmd], sleepUs });
  }

  connTaken(conn: number, cmd: number): void {
    const state = CONN_STATE_NAMES[this.conns.state[conn]];
    this.events.push({ type: "connTaken", atUs: this.clock.nowUs, cmd: this.cmds.index[cmd], attempt: this.cmds.attempt[cmd], conn: this.conns.id[conn], state });
  }

  commandConn(type: "connReturned" | "connDialed", conn: number, cmd: number): void {
    this.events.push({ type, atUs: this.clock.nowUs, cmd: this.cmds.index[cmd], attempt: this.cmds.attempt[cmd], conn: this.conns.id[conn] });
  }

  idleConnDialed(conn: number): void {
    this.events.push({ type: "idleConnDialed", atUs: this.clock.nowUs, conn: this.conns.id[conn] });
  }

  dialFailed(error: number): void {
    this.events.push({ type: "dialFailed", atUs: this.clock.nowUs, error: ERROR_KIND_NAMES[error] });
  }

  /** A step about one connection, with the state the server has left it in. */
  conn(type: ConnStepType, conn: number): void {
    this.events.push({ type, atUs: this.clock.nowUs, conn: this.conns.id[conn], state: CONN_STATE_NAMES[this.conns.state[conn]] });
  }

  expired(conn: number, reason: ExpiryReason): void {
    this.events.push({ type: "expiredDiscarded", atUs: this.clock.nowUs, conn: this.conns.id[conn], reason });
  }

  serverDown(downUs: number): void {
    this.events.push({ type: "serverDown", atUs: this.clock.nowUs, downUs });
  }

  plain(type: PlainStepType): void {
    this.events.push({ type, atUs: this.clock.nowUs });
  }
}
