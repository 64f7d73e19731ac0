import type { Engine } from "../engine/engine.ts";
import type { Rng } from "../engine/rng.ts";
import { getProbe, type ProbeOutcome, type ProbeStrategy, type ProbeSubject } from "../probes/index.ts";
import { ConnState as ConnStates, ErrorKind, Where as WhereCodes } from "./codes.ts";
import { Phase as PhaseCodes, type CommandTable } from "./command-table.ts";
import type { Commands } from "./commands.ts";
import type { ConnectionTable } from "./connection-table.ts";
import type { Dialer } from "./dialer.ts";
import type { Exchange } from "./exchange.ts";
import { EventKind as Kinds } from "./events.ts";
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

/**
 * Pool.Get with a turn held (go-redis internal/pool/pool.go Get, popIdle, isHealthyConn): pop idle
 * connections and check each (lifetime, idle time, pool generation, then the probe strategy); a
 * connection that fails a check costs no retry. Hands the chosen connection to the command.
 */
export class Checkout {
  private readonly subject: ProbeSubject = { state: 0, tls: false, idleUs: 0, pendingBytes: false, rttUs: 0, pingTimeoutUs: 0, pingIdleThresholdUs: 0 };
  private readonly verdict: ProbeOutcome = { ran: false, dead: false, costUs: 0 };
  private probe!: ProbeStrategy;
  /** False for probe "none": Get then skips the probe step entirely (the common hot path). */
  private probing = false;
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
    this.p = p;
    this.r = r;
    this.trace = trace;
    this.rngProbes = rngProbes;
    this.probe = getProbe(p.probeKey);
    this.probing = p.probeKey !== "none";
    const s = this.subject;
    s.tls = p.tls;
    s.rttUs = p.rttUs;
    s.pingTimeoutUs = p.pingTimeoutUs;
    s.pingIdleThresholdUs = p.pingIdleThresholdUs;
  }

  /** With a turn held: start a Get (the per-Get probe count starts over). */
  get(cmd: number): void {
    const p = this.p;
    const c = this.cmds;
    c.checked[cmd] = 0;
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
        pool.removeConn(conn);
        if (p.onBadCheckout === BadCheckout.next) continue;
        return this.afterBadCheckout(cmd);
      }
      if (!this.probing) return this.handOutIdle(cmd, conn);
      const v = this.runProbe(conn);
      if (v.costUs > 0) return this.startPing(cmd, conn, v);
      if (v.dead) {
        this.probeDiscard(conn);
        if (p.onBadCheckout === BadCheckout.next) continue;
        return this.afterBadCheckout(cmd);
      }
      return this.handOutIdle(cmd, conn);
    }
    this.dialer.dialForCommand(cmd);
  }

  /** A round-trip probe (PING): the connection is out of the pool until the answer. */
  private startPing(cmd: number, conn: number, v: ProbeOutcome): void {
    const c = this.cmds;
    c.phase[cmd] = Phase.probe;
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
    const conn = this.cmds.conn[cmd];
    this.cmds.conn[cmd] = -1;
    if (this.cmds.probeDead[cmd] === 1) {
      this.probeDiscard(conn);
      if (this.p.onBadCheckout !== BadCheckout.next) this.afterBadCheckout(cmd);
      else if (this.engine.nowUs >= this.cmds.checkoutDeadlineUs[cmd]) this.commands.checkoutTimedOut(cmd);
      else this.getConn(cmd);
      return;
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
      const usedAtUs = res > 0 ? Math.floor(k.usedAtUs[conn] / res) * res : k.usedAtUs[conn];
      if (nowUs - usedAtUs >= p.maxIdleTimeUs) {
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

  /** redis-py reconnects the connection object it checked out; database/sql returns ErrBadConn. */
  private afterBadCheckout(cmd: number): void {
    if (this.p.onBadCheckout === BadCheckout.redial) this.dialer.dialForCommand(cmd);
    else this.commands.attemptFailedHoldingTurn(cmd, ErrorKind.badConn);
  }

  /** connCheck or a peer's probe; counts it and returns the shared verdict object. */
  private runProbe(conn: number): ProbeOutcome {
    const s = this.subject;
    s.state = this.conns.state[conn];
    s.idleUs = this.engine.nowUs - this.conns.usedAtUs[conn];
    s.pendingBytes = this.probe.readsPendingBytes && this.rngProbes.chance(this.p.pendingBytesProbability);
    this.probe.check(s, this.verdict);
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
    this.handOut(cmd, conn);
  }

  /** Get returns: the connection is the command's; its exchange starts. */
  handOut(cmd: number, conn: number): void {
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
