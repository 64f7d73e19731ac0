import type { Engine } from "../engine/engine.ts";
import type { Rng } from "../engine/rng.ts";
import { getProbe, type ProbeOutcome, type ProbeStrategy, type ProbeSubject } from "../probes/index.ts";
import { backoffUs } from "./backoff.ts";
import { ConnState as ConnStates, ErrorKind, Where as WhereCodes } from "./codes.ts";
import { Phase as PhaseCodes, type CommandTable } from "./command-table.ts";
import type { Commands } from "./commands.ts";
import type { ConnectionTable } from "./connection-table.ts";
import type { Dialer } from "./dialer.ts";
import type { Exchange } from "./exchange.ts";
import { EventKind as Kinds } from "./events.ts";
import { growTyped } from "./grow.ts";
import { BadCheckout as BadCheckoutCodes, RetryPolicy as RetryPolicyCodes, type ModelParams } from "./params.ts";
import type { Pool } from "./pool.ts";
import type { RunResult } from "./result.ts";
import type { TraceLog } from "./trace-log.ts";

// Module-local copies of imported constants (see pool.ts).
const Ev = Kinds;
const ConnState = ConnStates;
const Where = WhereCodes;
const Phase = PhaseCodes;
const BadCheckout = BadCheckoutCodes;
const RetryPolicy = RetryPolicyCodes;

/** Which wait a command's pending probeDone ends: the first check's PING, the second's, or the health check's backoff. */
const Stage = { first: 1, second: 2, backoff: 3 } as const;
/** A check's verdict as Get sees it: hand out (or go on to the next check), wait for a PING, or discard. */
const Verdict = { pass: 0, pending: 1, dead: 2 } as const;

/**
 * Pool.Get with a turn held (go-redis internal/pool/pool.go Get, popIdle, isHealthyConn): pop idle
 * connections and check each (lifetime, idle time, pool generation, then the probe strategy, then
 * probeOptions.secondCheck); a connection that fails a check costs no retry. Hands the chosen
 * connection to the command.
 */
export class Checkout {
  private readonly subject: ProbeSubject = { state: 0, tls: false, idleUs: 0, pendingBytes: false, rttUs: 0, pingTimeoutUs: 0, pingIdleThresholdUs: 0, healthCheckIntervalUs: 0 };
  private readonly verdict: ProbeOutcome = { ran: false, dead: false, costUs: 0 };
  private probe!: ProbeStrategy;
  /** False for probe "none": Get then skips the probe step entirely (the common hot path). */
  private probing = false;
  /** probeOptions.secondCheck: run after the first check passes (or on the socket a redial made). */
  private probe2!: ProbeStrategy;
  private probing2 = false;
  /** Per command: the Stage its pending probeDone ends. */
  private stage = new Uint8Array(0);
  /**
   * Per command: the second check owed to the socket this Get is dialing, as the idle time it
   * judges (redis-py: can_read() reconnected a connection idle this long, or a new Connection whose
   * health-check clock starts at 0: Infinity)…
   */
  private owedIdleUs = new Float64Array(0);
  /** …and the attempt that owes it (−1: none; a retry's reconnect owes none). */
  private owedAttempt = new Int32Array(0);
  /** Per command: failed health-check PINGs in this Get (redis-py's Retry counts them). */
  private pingFails = new Uint8Array(0);
  private rngProbes!: Rng;
  private p!: ModelParams;
  private r!: RunResult;
  private trace: TraceLog | null = null;
  private commands!: Commands;
  private dialer!: Dialer;
  private exchange!: Exchange;

  constructor(
    private readonly engine: Engine<number>,
    private readonly conns: ConnectionTable,
    private readonly cmds: CommandTable,
    private readonly pool: Pool,
  ) {}

  link(roles: { commands: Commands; dialer: Dialer; exchange: Exchange }): void {
    this.commands = roles.commands;
    this.dialer = roles.dialer;
    this.exchange = roles.exchange;
  }

  reset(p: ModelParams, r: RunResult, trace: TraceLog | null, rngProbes: Rng): void {
    // A sweep runs one cell's parameters many times in a row: look its strategies up once.
    if (p !== this.p) {
      this.probe = getProbe(p.probeKey);
      this.probing = p.probeKey !== "none";
      this.probe2 = getProbe(p.secondCheckKey);
      this.probing2 = p.secondCheckKey !== "none";
    }
    this.p = p;
    this.r = r;
    this.trace = trace;
    this.rngProbes = rngProbes;
    this.owedAttempt.fill(-1);
    const s = this.subject;
    s.tls = p.tls;
    s.rttUs = p.rttUs;
    s.pingTimeoutUs = p.pingTimeoutUs;
    s.pingIdleThresholdUs = p.pingIdleThresholdUs;
    s.healthCheckIntervalUs = p.probeHealthCheckIntervalUs;
  }

  /** With a turn held: start a Get (the per-Get probe count starts over). */
  get(cmd: number): void {
    const p = this.p;
    const c = this.cmds;
    c.checked[cmd] = 0;
    if (cmd >= this.stage.length) this.growPerCommand(c.cap);
    this.owedAttempt[cmd] = -1;
    this.pingFails[cmd] = 0;
    // database/sql: the last attempt uses alwaysNewConn.
    if (p.retryPolicy === RetryPolicy.freshLastAttempt && p.maxRetries > 0 && c.attempt[cmd] === p.maxRetries) {
      this.dialer.dialForCommand(cmd);
      return;
    }
    this.getConn(cmd);
  }

  /** Pops idle connections and checks each; dials when none is left (or v9.15's check cap is hit). */
  private getConn(cmd: number): void {
    const p = this.p;
    const c = this.cmds;
    const pool = this.pool;
    while (pool.idle.length > 0) {
      // v9.15+: at most getAttempts idle connections are tried, then Get dials.
      if (p.probesPerGetMax > 0 && c.checked[cmd] >= p.probesPerGetMax) break;
      const conn = pool.popIdle();
      c.checked[cmd]++;
      if (this.expired(conn)) {
        const idleUs = this.engine.nowUs - this.conns.usedAtUs[conn];
        pool.removeConn(conn);
        if (p.onBadCheckout === BadCheckout.next) continue;
        return this.afterBadCheckout(cmd, idleUs);
      }
      if (this.probing) {
        const v = this.check(cmd, conn, this.probe, Stage.first, this.engine.nowUs - this.conns.usedAtUs[conn]);
        if (v === Verdict.pending) return;
        if (v === Verdict.dead) {
          if (this.discarded(cmd, conn, Stage.first)) continue;
          return;
        }
      }
      if (this.probing2) {
        const v = this.check(cmd, conn, this.probe2, Stage.second, this.engine.nowUs - this.conns.usedAtUs[conn]);
        if (v === Verdict.pending) return;
        if (v === Verdict.dead) {
          if (this.discarded(cmd, conn, Stage.second)) continue;
          return;
        }
      }
      return this.handOutIdle(cmd, conn);
    }
    // A new redis-py Connection's next_health_check is 0: its first use PINGs (checksNew).
    if (this.probing2 && this.probe2.checksNew === true) this.owe(cmd, Infinity);
    this.dialer.dialForCommand(cmd);
  }

  /** Runs one check on `conn`; a PING makes the command wait for probeDone. */
  private check(cmd: number, conn: number, strategy: ProbeStrategy, stage: number, idleUs: number): number {
    const v = this.runProbe(strategy, conn, idleUs);
    if (v.costUs > 0) {
      this.startPing(cmd, conn, v, stage);
      return Verdict.pending;
    }
    return v.dead ? Verdict.dead : Verdict.pass;
  }

  /**
   * A check found `conn` dead: it is discarded. True when Get goes on to the next idle connection
   * (onBadCheckout "next"); else the command has moved on (a redial, or a failed attempt).
   */
  private discarded(cmd: number, conn: number, stage: number): boolean {
    const idleUs = this.engine.nowUs - this.conns.usedAtUs[conn];
    const state = this.conns.state[conn];
    this.probeDiscard(conn);
    if (this.p.onBadCheckout === BadCheckout.next) return true;
    if (stage === Stage.second && this.p.onBadCheckout === BadCheckout.redial) this.healthCheckFailed(cmd, state);
    else this.afterBadCheckout(cmd, idleUs);
    return false;
  }

  /**
   * redis-py's health-check PING failed (redis/connection.py check_health at v4.3.4 and v8.1.0):
   * it runs through the connection's Retry, so with retries _ping_failed disconnects, the Retry
   * sleeps its backoff for failure 1 and the PING goes again over a new socket (send_command with
   * check_health=False reconnects first); without (4.x's default, a hand-built pool) the error
   * ends the command's attempt, which then has no retry either: the same Retry object.
   * call_with_retry gives up after `retries` failures (failures > retries re-raises), so one Get's
   * health check fails the attempt after maxRetries + 1 failed PINGs; the n-th sleep is backoff(n).
   */
  private healthCheckFailed(cmd: number, state: number): void {
    const p = this.p;
    const failures = ++this.pingFails[cmd];
    if (failures > p.maxRetries) return this.commands.attemptFailedHoldingTurn(cmd, pingError(state));
    const c = this.cmds;
    const sleepUs = backoffUs(p.backoffKind, failures, p.minBackoffUs, p.maxBackoffUs, this.rngProbes);
    c.phase[cmd] = Phase.probe;
    c.conn[cmd] = -1;
    this.stage[cmd] = Stage.backoff;
    this.engine.schedule(Ev.probeDone, this.engine.nowUs + sleepUs, cmd, ++c.gen[cmd]);
  }

  /** Sizes the per-command columns to the command table's capacity (open-loop arrivals grow it). */
  private growPerCommand(cap: number): void {
    const old = this.owedAttempt.length;
    this.stage = growTyped(this.stage, cap);
    this.owedIdleUs = growTyped(this.owedIdleUs, cap);
    this.owedAttempt = growTyped(this.owedAttempt, cap);
    this.pingFails = growTyped(this.pingFails, cap);
    this.owedAttempt.fill(-1, old);
  }

  /** The socket this attempt dials next gets the second check, judged at `idleUs`. */
  private owe(cmd: number, idleUs: number): void {
    if (!this.probing2) return;
    this.owedIdleUs[cmd] = idleUs;
    this.owedAttempt[cmd] = this.cmds.attempt[cmd];
  }

  /** A round-trip probe (PING): the connection is out of the pool until the answer. */
  private startPing(cmd: number, conn: number, v: ProbeOutcome, stage: number): void {
    const c = this.cmds;
    c.phase[cmd] = Phase.probe;
    this.stage[cmd] = stage;
    c.conn[cmd] = conn;
    c.probeDead[cmd] = v.dead ? 1 : 0;
    c.opStartedAtUs[cmd] = this.engine.nowUs;
    this.conns.where[conn] = Where.inUse;
    this.conns.command[conn] = cmd;
    this.engine.schedule(Ev.probeDone, this.engine.nowUs + v.costUs, cmd, ++c.gen[cmd]);
  }

  /**
   * The PING's answer (or its timeout). A dead connection is discarded and Get goes on to the next
   * idle one (onBadCheckout "next"), unless the checkout's time is up: HikariCP getConnection loops `while (timeout > 0)` with timeout =
   * connectionTimeout − elapsed and then throws; pgxpool.Acquire loops until its context is done.
   * Without that bound, MinIdle refills dying faster than a PING can check them would keep one
   * Get going for ever.
   */
  probeDone(cmd: number): void {
    const stage = this.stage[cmd];
    if (stage === Stage.backoff) {
      // The Retry's next try of _send_ping: a new socket, and the PING over it whatever its clock says.
      this.owe(cmd, Infinity);
      return this.dialer.dialForCommand(cmd);
    }
    const conn = this.cmds.conn[cmd];
    this.cmds.conn[cmd] = -1;
    if (this.cmds.probeDead[cmd] === 1) {
      if (!this.discarded(cmd, conn, stage)) return;
      if (this.engine.nowUs >= this.cmds.checkoutDeadlineUs[cmd]) this.commands.checkoutTimedOut(cmd);
      else this.getConn(cmd);
      return;
    }
    if (stage === Stage.first && this.probing2) {
      const v = this.check(cmd, conn, this.probe2, Stage.second, this.engine.nowUs - this.conns.usedAtUs[conn]);
      if (v === Verdict.pending) return;
      if (v === Verdict.dead) {
        if (this.discarded(cmd, conn, Stage.second)) this.getConn(cmd);
        return;
      }
    }
    this.handOutIdle(cmd, conn);
  }

  /** The peer dropped the connection while a PING was on its way: EOF or RST now, else its timeout. */
  pingInterrupted(cmd: number, state: number): void {
    const c = this.cmds;
    if (c.probeDead[cmd] === 1 || state === ConnState.readonly) return; // already dead, or a replica still answers PING
    c.probeDead[cmd] = 1;
    const silent = state === ConnState.blackholed || state === ConnState.resetOnUse;
    const atUs = silent ? Math.max(this.engine.nowUs, c.opStartedAtUs[cmd] + this.p.pingTimeoutUs) : this.engine.nowUs;
    this.engine.schedule(Ev.probeDone, atUs, cmd, ++c.gen[cmd]);
  }

  /**
   * isHealthyConn's first checks: max lifetime, then max idle time (≤ v9.14 keeps usedAt in whole
   * Unix seconds, so a connection looks idle up to 1 s longer); then a CMAP pool generation.
   */
  expired(conn: number): boolean {
    const p = this.p;
    const k = this.conns;
    const nowUs = this.engine.nowUs;
    if (p.maxLifetimeUs > 0 && nowUs - k.createdAtUs[conn] >= p.maxLifetimeUs) {
      this.r.expiredDiscarded++;
      if (this.trace !== null) this.trace.expired(conn, "maxLifetime");
      return true;
    }
    if (p.maxIdleTimeUs > 0) {
      const res = p.idleClockResolutionUs;
      const rawUs = k.usedAtUs[conn];
      // The whole-second clock moves usedAt back by less than res, so a connection idle for at
      // most maxIdleTime − res has not expired (0 below): most Gets skip the division.
      const idleUs = res === 0 ? nowUs - rawUs : nowUs - rawUs + res <= p.maxIdleTimeUs ? 0 : nowUs - Math.floor(rawUs / res) * res;
      if (idleUs >= p.maxIdleTimeUs) {
        this.r.expiredDiscarded++;
        if (this.trace !== null) this.trace.expired(conn, "maxIdleTime");
        return true;
      }
    }
    if (k.generation[conn] < this.pool.generation) {
      this.r.perishedDiscarded++;
      if (this.trace !== null) this.trace.expired(conn, "perished");
      return true;
    }
    return false;
  }

  /**
   * redis-py reconnects the connection object it checked out, and its health check then judges
   * the new socket by the old connection's clock (ConnectionPool.get_connection: disconnect(),
   * connect(); next_health_check is not reset by either); database/sql returns ErrBadConn.
   */
  private afterBadCheckout(cmd: number, idleUs: number): void {
    if (this.p.onBadCheckout !== BadCheckout.redial) return this.commands.attemptFailedHoldingTurn(cmd, ErrorKind.badConn);
    this.owe(cmd, idleUs);
    this.dialer.dialForCommand(cmd);
  }

  /** connCheck or a peer's probe; counts it and returns the shared verdict object. */
  private runProbe(strategy: ProbeStrategy, conn: number, idleUs: number): ProbeOutcome {
    const s = this.subject;
    s.state = this.conns.state[conn];
    s.idleUs = idleUs;
    s.pendingBytes = strategy.readsPendingBytes && this.rngProbes.chance(this.p.pendingBytesProbability);
    strategy.check(s, this.verdict);
    if (this.verdict.ran) this.r.probes++;
    return this.verdict;
  }

  private probeDiscard(conn: number): void {
    const state = this.conns.state[conn];
    this.r.probesCaught++;
    if (state === ConnState.healthy || state === ConnState.readonly) this.r.needlessCloses++;
    if (this.trace !== null) this.trace.conn("probeDiscarded", conn);
    this.pool.removeConn(conn);
  }

  private handOutIdle(cmd: number, conn: number): void {
    this.conns.usedAtUs[conn] = this.engine.nowUs;
    this.give(cmd, conn);
  }

  /** A dial for the command is done: the second check it owes runs on the new socket, then Get returns. */
  handOut(cmd: number, conn: number): void {
    if (cmd < this.owedAttempt.length && this.owedAttempt[cmd] === this.cmds.attempt[cmd]) {
      this.owedAttempt[cmd] = -1;
      const v = this.check(cmd, conn, this.probe2, Stage.second, this.owedIdleUs[cmd]);
      if (v === Verdict.pending) return;
      if (v === Verdict.dead) {
        if (this.discarded(cmd, conn, Stage.second)) this.getConn(cmd);
        return;
      }
    }
    this.give(cmd, conn);
  }

  /** Get returns: the connection is the command's; its exchange starts. */
  private give(cmd: number, conn: number): void {
    const k = this.conns;
    k.where[conn] = Where.inUse;
    k.command[conn] = cmd;
    k.useGen[conn]++;
    this.cmds.conn[cmd] = conn;
    const state = k.state[conn];
    if (state !== ConnState.healthy) this.countStale(state);
    if (this.trace !== null) this.trace.connTaken(conn, cmd);
    this.exchange.start(cmd, conn);
  }

  private countStale(state: number): void {
    const s = this.r.staleHandedOut;
    if (state === ConnState.closed) s.closed++;
    else if (state === ConnState.reset || state === ConnState.timedOut) s.reset++;
    else if (state === ConnState.resetOnUse) s.resetOnUse++;
    else if (state === ConnState.blackholed) s.blackholed++;
    else s.readonly++;
  }
}

/** The error a failed PING raises: EOF, a reset, or a timeout on a silent socket. */
function pingError(state: number): number {
  if (state === ConnState.closed) return ErrorKind.eof;
  if (state === ConnState.blackholed || state === ConnState.timedOut) return ErrorKind.timeout;
  return ErrorKind.reset;
}
