import type { Engine } from "../engine/engine.ts";
import type { Rng } from "../engine/rng.ts";
import { backoffUs } from "./backoff.ts";
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
  private rngBackoff!: Rng;

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

  reset(p: ModelParams, rngBackoff: Rng): void {
    this.p = p;
    this.rngBackoff = rngBackoff;
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
   * read waits readTimeout; a READONLY replica answers with an error after a round trip. On a
   * connection never initialised, a network error hits HELLO, the init's first command.
   */
  start(cmd: number, conn: number): void {
    const p = this.p;
    const k = this.conns;
    const nowUs = this.engine.nowUs;
    const fresh = k.inited[conn] === 0;
    let initUs = fresh ? p.initUs : 0;
    let costUs = 0;
    let outcome: number = OK;
    switch (k.state[conn]) {
      case ConnState.healthy:
        if (fresh) initUs = this.initCostUs(nowUs);
        costUs = p.rttUs + initUs;
        // A restarted server loading its dataset runs the init but answers the command with LOADING.
        const loading = this.server.loading;
        if (nowUs < loading.untilUs) outcome = ErrorKind.loading;
        if (loading.answersInChunks(nowUs)) {
          // Each round trip (the init's, then the command's) waits for the loading server's next serve point.
          const rounds = 1 + (initUs > 0 && p.rttUs > 0 ? Math.round(initUs / p.rttUs) : 0);
          const { doneUs, servedUs } = this.server.loadingRounds(nowUs, rounds);
          costUs = doneUs - nowUs;
          outcome = servedUs < loading.untilUs ? ErrorKind.loading : OK;
        }
        // go-redis v9.5.0 sends CLIENT SETINFO in the init's options pipeline and fails the init
        // on any error there (redis.go initConn, 35de49a8): a server without SETINFO refuses every
        // new connection; the command is never sent.
        if (fresh && p.initRefusedByServer) {
          costUs = initUs;
          outcome = ErrorKind.redisError;
        }
        if (p.rttUs > p.readTimeoutUs) {
          costUs = p.readTimeoutUs;
          outcome = ErrorKind.timeout;
        }
        break;
      case ConnState.closed: outcome = ErrorKind.eof; break;
      case ConnState.reset: outcome = ErrorKind.reset; break;
      case ConnState.timedOut: outcome = ErrorKind.timeout; break;
      case ConnState.resetOnUse: costUs = p.rttUs; outcome = ErrorKind.reset; break;
      // A replica runs HELLO and CLIENT SETINFO; only the command gets READONLY.
      case ConnState.readonly: initUs = fresh ? this.initCostUs(nowUs) : 0; costUs = p.rttUs + initUs; outcome = ErrorKind.readonly; break;
      default: costUs = p.readTimeoutUs; outcome = ErrorKind.timeout;
    }
    const c = this.cmds;
    // A network error on a connection never initialised fails inside initConn, at HELLO, before the
    // command; go-redis first spends HELLO's own retry loop on it, holding the pool turn.
    const initFailed = fresh && outcome !== OK && outcome !== ErrorKind.readonly && outcome !== ErrorKind.loading;
    if (initFailed && p.initRetryLoop && outcome !== ErrorKind.redisError) costUs += this.innerRetriesUs(false, outcome);
    c.initUntilUs[cmd] = nowUs + initUs;
    c.failedInInit[cmd] = initFailed ? 1 : 0;
    k.inited[conn] = 1;
    k.usedAtUs[conn] = nowUs; // pool.Conn deadline() stamps usedAt at each read and write
    c.phase[cmd] = Phase.io;
    c.opStartedAtUs[cmd] = nowUs;
    c.outcome[cmd] = outcome;
    this.engine.schedule(Ev.ioDone, nowUs + costUs, cmd, ++c.gen[cmd]);
  }

  /**
   * The sleeps of initConn's inner retry loop after a network error (go-redis redis.go initConn
   * runs its commands through newConn(opt, NewSingleConnPool(...)), so through baseClient.process
   * and generalProcessPipeline with the client's MaxRetries; internal/pool/pool_single.go Remove
   * keeps the error sticky, and each later attempt's Get returns it at once). EOF and resets are
   * retried by every attempt: MaxRetries backoffs. A timeout: a command's first read sets
   * retryTimeout, but the sticky error comes back through getConn with it 0 (redis.go _process,
   * error.go shouldRetry), so one backoff; a pipeline retries with shouldRetry(err, true): all of
   * them. v9.5.3, v9.15.1 and v9.22.0 read alike.
   */
  private innerRetriesUs(pipeline: boolean, error: number): number {
    const p = this.p;
    const n = error === ErrorKind.timeout && !pipeline ? Math.min(1, p.maxRetries) : p.maxRetries;
    let sleepUs = 0;
    for (let i = 1; i <= n; i++) sleepUs += backoffUs(p.backoffKind, i, p.minBackoffUs, p.maxBackoffUs, this.rngBackoff);
    return sleepUs;
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
    if (nowUs < c.initUntilUs[cmd]) return this.lostInInit(cmd, state);
    c.maybeExecuted[cmd] = 1;
    let atUs = nowUs;
    if (state === ConnState.closed) c.outcome[cmd] = ErrorKind.eof;
    else if (state === ConnState.reset) c.outcome[cmd] = ErrorKind.reset;
    else {
      c.outcome[cmd] = ErrorKind.timeout;
      atUs = Math.max(atUs, c.opStartedAtUs[cmd] + this.p.readTimeoutUs);
    }
    this.engine.schedule(Ev.ioDone, atUs, cmd, ++c.gen[cmd]);
  }

  /**
   * The connection died during initConn's round trip `step` (HELLO, the options pipeline,
   * CLIENT MAINT_NOTIFICATIONS, then CLIENT SETINFO last). Its read fails (at once after a FIN or
   * RST, readTimeout after the step began when silent), the inner retry loop sleeps, and then the
   * init fails, unless the step is a CLIENT SETINFO whose errors this version ignores: then the
   * command is written to the dead connection and fails there as a command (redis.go initConn
   * `_, _ = p.Exec(ctx)` up to v9.5.4, v9.6.2, v9.7.1; `if err != nil && !isRedisError(err)` from
   * v9.5.5, v9.6.3, v9.7.2, v9.8.0: CVE-2025-29923).
   */
  private lostInInit(cmd: number, state: number): void {
    const p = this.p;
    const c = this.cmds;
    const nowUs = this.engine.nowUs;
    const startUs = c.opStartedAtUs[cmd];
    const steps = p.rttUs > 0 ? Math.round((c.initUntilUs[cmd] - startUs) / p.rttUs) : 1;
    const step = p.rttUs > 0 ? Math.min(steps - 1, Math.floor((nowUs - startUs) / p.rttUs)) : 0;
    const silent = state !== ConnState.closed && state !== ConnState.reset;
    const error = state === ConnState.closed ? ErrorKind.eof : silent ? ErrorKind.timeout : ErrorKind.reset;
    let atUs = silent ? Math.max(nowUs, startUs + step * p.rttUs + p.readTimeoutUs) : nowUs;
    // The last round trips of the init (after HELLO, at most initRoundTrips − 1) are CLIENT SETINFO.
    const setinfoSteps = Math.max(0, Math.min(p.initSetinfoSteps, p.initRoundTrips - 1));
    const setinfo = step - (steps - setinfoSteps); // 0, 1: which SETINFO; < 0: not one
    const maint = steps > p.initRoundTrips && step === steps - setinfoSteps - 1;
    if (p.initRetryLoop) atUs += this.initStepRetriesUs(step, setinfo, maint, error);
    c.outcome[cmd] = error;
    c.failedInInit[cmd] = setinfo >= 0 && p.initSetinfoIgnored ? 0 : 1;
    // The command then waits for its own reply in vain on a silent connection.
    if (c.failedInInit[cmd] === 0 && silent) atUs += p.readTimeoutUs;
    this.engine.schedule(Ev.ioDone, atUs, cmd, ++c.gen[cmd]);
  }

  /**
   * initConn's inner retry sleeps after `error` at round trip `step`: HELLO and
   * CLIENT MAINT_NOTIFICATIONS are single commands, the options and SETINFO pipelines are
   * pipelines; v9.2.0–v9.4.x send the two SETINFO as commands, so a failure at the first runs
   * the second's loop too, where the sticky error is retried unless it is a timeout.
   */
  private initStepRetriesUs(step: number, setinfo: number, maint: boolean, error: number): number {
    const p = this.p;
    const command = step === 0 || maint || (setinfo >= 0 && p.initSetinfoCommands);
    let sleepUs = this.innerRetriesUs(!command, error);
    if (setinfo === 0 && p.initSetinfoCommands && p.initSetinfoSteps > 1 && error !== ErrorKind.timeout) sleepUs += this.innerRetriesUs(false, error);
    return sleepUs;
  }
}
