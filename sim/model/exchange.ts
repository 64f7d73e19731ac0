import type { Engine } from "../engine/engine.ts";
import { ConnState as ConnStates, ErrorKind as ErrorKinds, OK as OK_CODE } from "./codes.ts";
import type { Checkout } from "./checkout.ts";
import { Phase as PhaseCodes, type CommandTable } from "./command-table.ts";
import type { Commands } from "./commands.ts";
import type { ConnectionTable } from "./connection-table.ts";
import { EventKind as Kinds } from "./events.ts";
import { RetryPolicy, type ModelParams } from "./params.ts";
import type { Pool } from "./pool.ts";
import type { Server } from "./server.ts";

// Module-local copies of imported constants (see pool.ts).
const Ev = Kinds;
const ConnState = ConnStates;
const ErrorKind = ErrorKinds;
const Phase = PhaseCodes;
const OK = OK_CODE;

/**
 * One attempt's exchange on a connection: write the command and read the reply (first the
 * HELLO/SETINFO init on a new connection), then Put or Remove the connection (go-redis redis.go
 * withConn/releaseConn). Its outcome goes to the retry loop.
 */
export class Exchange {
  private p!: ModelParams;
  /** When CLIENT MAINT_NOTIFICATIONS stops being sent: 0 never sent, Infinity not yet switched off. */
  private maintOffAtUs = 0;
  private commands!: Commands;
  private checkout!: Checkout;
  private server!: Server;

  constructor(
    private readonly engine: Engine<number>,
    private readonly conns: ConnectionTable,
    private readonly cmds: CommandTable,
    private readonly pool: Pool,
  ) {}

  link(roles: { commands: Commands; checkout: Checkout; server: Server }): void {
    this.commands = roles.commands;
    this.checkout = roles.checkout;
    this.server = roles.server;
  }

  reset(p: ModelParams): void {
    this.p = p;
    this.maintOffAtUs = p.initMaintNotifications ? Infinity : 0;
  }

  /**
   * initConn's round trips on a new connection: HELLO and the SETINFO pipeline, plus CLIENT
   * MAINT_NOTIFICATIONS while it is on (redis.go initConn at v9.15.1). A server that answers it
   * with an error switches it off for the whole client when that first reply arrives (auto mode),
   * so only inits started before then pay for it.
   */
  private initCostUs(nowUs: number): number {
    const p = this.p;
    if (nowUs >= this.maintOffAtUs) return p.initUs;
    if (!p.serverMaintNotifications && this.maintOffAtUs === Infinity) this.maintOffAtUs = nowUs + p.initUs + p.rttUs;
    return p.initUs + p.rttUs;
  }

  /**
   * A dead connection fails the attempt: FIN → EOF at once; RST or keep-alive ETIMEDOUT → an
   * error at once; reset-on-use → the write draws an RST one round trip later; blackholed → the
   * read waits readTimeout; a READONLY replica answers with an error after a round trip.
   */
  start(cmd: number, conn: number): void {
    const p = this.p;
    const k = this.conns;
    let costUs = 0;
    let outcome: number = OK;
    let initUs = k.inited[conn] ? 0 : p.initUs;
    switch (k.state[conn]) {
      case ConnState.healthy:
        if (!k.inited[conn]) initUs = this.initCostUs(this.engine.nowUs);
        costUs = p.rttUs + initUs;
        // A restarted server loading its dataset runs the init but answers the command with LOADING.
        if (this.engine.nowUs < this.server.loadingUntilUs) outcome = ErrorKind.loading;
        if (p.rttUs > p.readTimeoutUs) {
          costUs = p.readTimeoutUs;
          outcome = ErrorKind.timeout;
        }
        break;
      case ConnState.closed: outcome = ErrorKind.eof; break;
      case ConnState.reset: outcome = ErrorKind.reset; break;
      case ConnState.timedOut: outcome = ErrorKind.timeout; break;
      case ConnState.resetOnUse: costUs = p.rttUs; outcome = ErrorKind.reset; break;
      case ConnState.readonly: costUs = p.rttUs; outcome = ErrorKind.readonly; break;
      default: costUs = p.readTimeoutUs; outcome = ErrorKind.timeout;
    }
    const c = this.cmds;
    const nowUs = this.engine.nowUs;
    // A dead connection that was never initialised fails inside initConn, before the command.
    c.initUntilUs[cmd] = nowUs + initUs;
    c.failedInInit[cmd] = outcome !== OK && !k.inited[conn] ? 1 : 0;
    k.inited[conn] = 1;
    k.usedAtUs[conn] = nowUs; // pool.Conn deadline() stamps usedAt at each read and write
    c.phase[cmd] = Phase.io;
    c.opStartedAtUs[cmd] = nowUs;
    c.outcome[cmd] = outcome;
    this.engine.schedule(Ev.ioDone, nowUs + costUs, cmd, ++c.gen[cmd]);
  }

  /** The reply (or the error) is in: Put the connection and succeed, or Remove it and fail the attempt. */
  done(cmd: number): void {
    const c = this.cmds;
    const conn = c.conn[cmd];
    const outcome = c.outcome[cmd];
    c.conn[cmd] = -1;
    if (outcome === OK) {
      this.commands.attemptSucceeded(cmd);
      this.pool.putConn(conn);
      this.commands.commandSucceeded(cmd);
      return;
    }
    // releaseConn: isBadConn is false for a Redis error such as LOADING, so the connection is Put
    // (go-redis error.go isBadConn); redis-py's BusyLoadingError is a ConnectionError, so it reconnects.
    if (outcome === ErrorKind.loading && this.p.retryPolicy !== RetryPolicy.reconnect) {
      this.pool.putConn(conn);
      this.commands.attemptFailed(cmd, outcome);
      return;
    }
    // releaseConn: isBadConn is true for network errors and READONLY, so the connection goes.
    // CMAP clears only for an error on a current-generation connection (SDAM "stale" errors are ignored).
    const current = this.conns.generation[conn] === this.pool.generation;
    this.pool.removeConn(conn, true);
    if (this.p.clearOnError && current && (outcome === ErrorKind.eof || outcome === ErrorKind.reset)) this.pool.clear();
    // An init error comes back through getConn with retryTimeout still 0, so go-redis v9.5 does not
    // retry a timeout there (redis.go _getConn/_process, error.go shouldRetry); EOF and resets it does.
    if (outcome === ErrorKind.timeout && c.failedInInit[cmd]) this.commands.initTimedOut(cmd);
    else this.commands.attemptFailedHoldingTurn(cmd, outcome);
  }

  /** The server dropped a connection that is not idle: an exchange or a PING in flight on it may learn now. */
  connectionLost(conn: number, state: number): void {
    const cmd = this.conns.command[conn];
    const c = this.cmds;
    if (cmd < 0 || c.conn[cmd] !== conn) return;
    if (c.phase[cmd] === Phase.probe) return this.checkout.pingInterrupted(cmd, state);
    if (c.phase[cmd] !== Phase.io || c.outcome[cmd] !== OK) return;
    if (state === ConnState.readonly) return; // the reply in flight was already on its way
    // The reply was on its way: a FIN or RST ends the read now; a silent loss leaves it to time out.
    // Before the init is done the command was not written yet, so it cannot run twice.
    const nowUs = this.engine.nowUs;
    if (nowUs < c.initUntilUs[cmd]) c.failedInInit[cmd] = 1;
    else c.maybeExecuted[cmd] = 1;
    let atUs = nowUs;
    if (state === ConnState.closed) c.outcome[cmd] = ErrorKind.eof;
    else if (state === ConnState.reset) c.outcome[cmd] = ErrorKind.reset;
    else {
      c.outcome[cmd] = ErrorKind.timeout;
      atUs = Math.max(atUs, c.opStartedAtUs[cmd] + this.p.readTimeoutUs);
    }
    this.engine.schedule(Ev.ioDone, atUs, cmd, ++c.gen[cmd]);
  }
}
