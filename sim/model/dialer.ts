import type { Engine } from "../engine/engine.ts";
import { ErrorKind, OK as OK_CODE } from "./codes.ts";
import { Phase as PhaseCodes, type CommandTable } from "./command-table.ts";
import type { Checkout } from "./checkout.ts";
import type { Commands } from "./commands.ts";
import { Opened } from "./connection-table.ts";
import { planDial, planRedial, type DialPlan } from "./dial-plan.ts";
import { BREAKER_REDIAL_US, EventKind as Kinds } from "./events.ts";
import type { ModelParams } from "./params.ts";
import type { Pool } from "./pool.ts";
import type { RunResult } from "./result.ts";
import type { Server } from "./server.ts";
import type { TraceLog } from "./trace-log.ts";

// Module-local copies of imported constants (see pool.ts).
const Ev = Kinds;
const Phase = PhaseCodes;
const OK = OK_CODE;

/**
 * Opening connections (go-redis internal/pool/pool.go newConn, dialConn, tryDial,
 * checkMinIdleConns/addIdleConn): dials for commands, MinIdleConns refills, and the dial breaker.
 * After PoolSize dial failures (not reset by a successful ordinary dial) every dial fails at once
 * with the last error until a background re-dial, made at once and 1 s after each failure, succeeds.
 */
export class Dialer {
  /** dialErrorsNum: dial failures since the breaker last closed. */
  private dialErrors = 0;
  private lastDialError: number = ErrorKind.dialRefused;
  private readonly plan: DialPlan = { costUs: 0, result: OK };
  /** MinIdle refill dials under way (each holds a pool turn and an idle place until it ends). */
  idleDialsInFlight = 0;
  private p!: ModelParams;
  private r!: RunResult;
  private trace: TraceLog | null = null;
  private checkout!: Checkout;
  private commands!: Commands;

  constructor(
    private readonly engine: Engine<number>,
    private readonly cmds: CommandTable,
    private readonly pool: Pool,
    private readonly server: Server,
  ) {}

  link(roles: { checkout: Checkout; commands: Commands }): void {
    this.checkout = roles.checkout;
    this.commands = roles.commands;
  }

  reset(p: ModelParams, r: RunResult, trace: TraceLog | null): void {
    this.p = p;
    this.r = r;
    this.trace = trace;
    this.dialErrors = 0;
    this.lastDialError = ErrorKind.dialRefused;
    this.idleDialsInFlight = 0;
  }

  /** True while the breaker refuses dials: dialConn returns the last dial error without dialing. */
  private breakerOpen(): boolean {
    return this.dialErrors >= this.p.poolSize;
  }

  /** newConn for a command holding a turn: dial (or be refused by the breaker at once). */
  dialForCommand(cmd: number): void {
    const c = this.cmds;
    const gen = ++c.gen[cmd];
    c.phase[cmd] = Phase.dial;
    const nowUs = this.engine.nowUs;
    if (this.breakerOpen()) {
      this.r.breakerRejections++;
      c.outcome[cmd] = this.lastDialError;
      this.engine.schedule(Ev.dialRejected, nowUs, cmd, gen);
      return;
    }
    if (this.trace !== null) this.trace.command("connDialStart", cmd);
    this.priceForCommand(cmd, nowUs);
    c.outcome[cmd] = this.plan.result;
    c.dialEpoch[cmd] = this.server.downEpoch;
    c.opStartedAtUs[cmd] = nowUs;
    this.engine.schedule(Ev.dialDone, nowUs + this.plan.costUs, cmd, gen);
  }

  /** The breaker refused a command's dial: the attempt fails with the last dial error. */
  dialRejected(cmd: number): void {
    this.commands.attemptFailedHoldingTurn(cmd, this.cmds.outcome[cmd]);
  }

  dialDone(cmd: number): void {
    if (this.p.redialUntilPoolTimeout) return this.redialDone(cmd);
    const c = this.cmds;
    let outcome = c.outcome[cmd];
    if (outcome === OK && c.dialEpoch[cmd] !== this.server.downEpoch) {
      // The server went down during the handshake: refused, or hanging until dialTimeout.
      if (this.server.downHangs) {
        c.outcome[cmd] = ErrorKind.dialTimeout;
        c.dialEpoch[cmd] = this.server.downEpoch;
        const atUs = Math.max(this.engine.nowUs, c.opStartedAtUs[cmd] + this.p.dialTimeoutUs);
        this.engine.schedule(Ev.dialDone, atUs, cmd, ++c.gen[cmd]);
        return;
      }
      outcome = ErrorKind.dialRefused;
    }
    if (outcome !== OK) {
      this.dialFailed(outcome);
      // SDAM: a network error or timeout while establishing a connection clears the pool too.
      if (this.p.clearOnError) this.pool.clear();
      this.commands.attemptFailedHoldingTurn(cmd, outcome);
      return;
    }
    this.connected(cmd);
  }

  /** newConn: a connection dialed while the pool is full is not pooled and is closed on Put. */
  private connected(cmd: number): void {
    let how: number = Opened.unpooled;
    if (this.pool.pooledCount < this.p.poolSize) {
      this.pool.pooledCount++;
      how = Opened.pooled;
    }
    const conn = this.pool.open(how);
    if (this.trace !== null) this.trace.commandConn("connDialed", conn, cmd);
    this.checkout.handOut(cmd, conn);
  }

  /**
   * pool.onDialError "redial" (generic-pool): the dials ended with a connection, or the attempt's
   * pool timeout passed first. A crash during the last dial's handshake means dialing on from now.
   */
  private redialDone(cmd: number): void {
    const c = this.cmds;
    if (c.outcome[cmd] === ErrorKind.poolTimeout) return this.commands.checkoutTimedOut(cmd);
    if (c.dialEpoch[cmd] !== this.server.downEpoch) {
      this.r.dialFailures++;
      this.priceForCommand(cmd, this.engine.nowUs);
      c.outcome[cmd] = this.plan.result;
      c.dialEpoch[cmd] = this.server.downEpoch;
      this.engine.schedule(Ev.dialDone, this.engine.nowUs + this.plan.costUs, cmd, ++c.gen[cmd]);
      return;
    }
    this.connected(cmd);
  }

  /** A dial failed: count it toward the breaker; the PoolSize-th since it last closed starts tryDial. */
  private dialFailed(error: number): void {
    this.r.dialFailures++;
    this.lastDialError = error;
    if (this.trace !== null) this.trace.dialFailed(error);
    if (++this.dialErrors === this.p.poolSize) {
      if (this.trace !== null) this.trace.plain("breakerOpen");
      this.breakerDial();
    }
  }

  /** tryDial: dial at once; after a failure sleep 1 s and dial again; a success resets the count. */
  breakerDial(): void {
    this.r.dials++;
    // tryDial calls cfg.Dialer directly: one attempt, never dialConn's DialerRetries
    // (internal/pool/pool.go tryDial at v9.5.3, v9.15.1, v9.19.0).
    this.price(this.engine.nowUs, 1);
    this.engine.schedule(Ev.breakerDialDone, this.engine.nowUs + this.plan.costUs, this.plan.result, this.server.downEpoch);
  }

  breakerDialDone(outcome: number, epoch: number): void {
    if (outcome === OK && epoch !== this.server.downEpoch) outcome = this.server.downHangs ? ErrorKind.dialTimeout : ErrorKind.dialRefused;
    if (outcome === OK) {
      this.dialErrors = 0;
      if (this.trace !== null) this.trace.plain("breakerClosed");
      return;
    }
    this.r.dialFailures++;
    this.lastDialError = outcome;
    this.engine.schedule(Ev.breakerRedial, this.engine.nowUs + BREAKER_REDIAL_US, 0, 0);
  }

  /** checkMinIdleConns: background dials (each taking a turn) until MinIdleConns are idle or dialing. */
  refillMinIdle(): void {
    const p = this.p;
    if (p.minIdle === 0) return;
    const pool = this.pool;
    while (pool.pooledCount < p.poolSize && pool.idleCount < p.minIdle) {
      if (!pool.tryTakeTurn()) return; // the non-blocking send on the turn queue failed
      pool.pooledCount++;
      pool.idleCount++;
      this.idleDialsInFlight++;
      // An event even when the breaker refuses at once: go-redis runs addIdleConn in a goroutine.
      if (this.breakerOpen()) {
        this.r.breakerRejections++;
        this.engine.schedule(Ev.idleDialRejected, this.engine.nowUs, this.lastDialError, 0);
        continue;
      }
      this.r.dials++;
      this.price(this.engine.nowUs);
      this.engine.schedule(Ev.idleDialDone, this.engine.nowUs + this.plan.costUs, this.plan.result, this.server.downEpoch);
    }
  }

  /** A MinIdle dial ended: a new idle connection, or a failure that gives its places back. */
  idleDialDone(outcome: number, epoch: number): void {
    if (outcome === OK && epoch !== this.server.downEpoch) outcome = this.server.downHangs ? ErrorKind.dialTimeout : ErrorKind.dialRefused;
    if (outcome === OK) {
      const conn = this.pool.open(Opened.pooled);
      if (this.trace !== null) this.trace.idleConnDialed(conn);
      this.pool.toIdle(conn);
    } else {
      this.dialFailed(outcome);
      this.idleDialGaveUp();
    }
    this.idleDialEnded();
  }

  /** The breaker refused a MinIdle dial: its places go back (no dial was made, nothing counts). */
  idleDialRejected(): void {
    this.idleDialGaveUp();
    this.idleDialEnded();
  }

  private idleDialEnded(): void {
    this.idleDialsInFlight--;
    this.pool.freeTurn();
  }

  private idleDialGaveUp(): void {
    this.pool.pooledCount--;
    this.pool.idleCount--;
  }

  /** Prices the dial (or, with pool.onDialError "redial", the dials) a command makes from `nowUs`; counts them. */
  private priceForCommand(cmd: number, nowUs: number): void {
    if (!this.p.redialUntilPoolTimeout) {
      this.r.dials++;
      return this.price(nowUs);
    }
    planRedial(nowUs, this.cmds.checkoutDeadlineUs[cmd], this.p, this.server.downUntilUs, this.server.downHangs, this.plan);
    const attempts = this.plan.attempts ?? 1;
    this.r.dials += attempts;
    this.r.dialFailures += this.plan.result === OK ? attempts - 1 : attempts;
  }

  /** Prices a dial starting now against the server's down window, into this.plan. */
  private price(nowUs: number, attempts: number = this.p.dialAttempts): void {
    planDial(nowUs, this.p, this.server.downUntilUs, this.server.downHangs, this.plan, attempts);
  }
}
