import type { Engine } from "../engine/engine.ts";
import type { Rng } from "../engine/rng.ts";
import { backoffUs } from "./backoff.ts";
import { ERROR_KIND_NAMES, ErrorKind as ErrorKinds } from "./codes.ts";
import type { Checkout } from "./checkout.ts";
import { Phase as PhaseCodes, type CommandTable } from "./command-table.ts";
import type { Dialer } from "./dialer.ts";
import { EventKind as Kinds } from "./events.ts";
import type { LatencyRecorder } from "./latency.ts";
import { RetryPolicy as RetryPolicyCodes, type ModelParams } from "./params.ts";
import type { Pool } from "./pool.ts";
import type { RunResult } from "./result.ts";
import { createRetryBudget, type RetryBudgetState } from "./retry-budget.ts";
import type { TraceLog } from "./trace-log.ts";
import type { Workload } from "./workload.ts";

// Module-local copies of imported constants (see pool.ts).
const Ev = Kinds;
const Phase = PhaseCodes;
const RetryPolicy = RetryPolicyCodes;
const ErrorKind = ErrorKinds;
const ERROR_NAMES = ERROR_KIND_NAMES;

/**
 * Commands and their retry loop (go-redis redis.go process/_process, error.go shouldRetry):
 * maxRetries + 1 attempts, each taking a pool turn, backoff before each retry, a retry budget in
 * front of every retry, and the latency and outcome of every command.
 */
export class Commands {
  /** Time of the last failed attempt, µs, or −1 (for recoveryMs). */
  lastFailureAtUs = -1;
  /** For sequential workloads: 1 where command i failed. */
  perCommand: Uint8Array = new Uint8Array(0);
  private budget!: RetryBudgetState;
  private budgeted = false;
  private rngBackoff!: Rng;
  private p!: ModelParams;
  private r!: RunResult;
  private trace: TraceLog | null = null;
  private checkout!: Checkout;
  private dialer!: Dialer;
  private workload!: Workload;

  constructor(
    private readonly engine: Engine<number>,
    private readonly cmds: CommandTable,
    private readonly pool: Pool,
    private readonly latency: LatencyRecorder,
  ) {}

  link(roles: { checkout: Checkout; dialer: Dialer; workload: Workload }): void {
    this.checkout = roles.checkout;
    this.dialer = roles.dialer;
    this.workload = roles.workload;
  }

  reset(p: ModelParams, r: RunResult, trace: TraceLog | null, rngBackoff: Rng): void {
    this.p = p;
    this.r = r;
    this.trace = trace;
    this.rngBackoff = rngBackoff;
    this.budget = createRetryBudget(p.budget);
    this.budgeted = p.budget.kind !== "none";
    this.lastFailureAtUs = -1;
    const w = p.workload;
    const n = w.kind === "sequential" ? w.commands : 0;
    // A reused result (resetResult) brings its zeroed array of this length; a fresh one brings none.
    this.perCommand = r.perCommandFailed.length === n ? r.perCommandFailed : new Uint8Array(n);
  }

  /** A command is issued in slot `cmd`. */
  start(cmd: number): void {
    const c = this.cmds;
    c.index[cmd] = this.workload.nextIndex();
    c.startedAtUs[cmd] = this.engine.nowUs;
    c.attempt[cmd] = 0;
    c.maybeExecuted[cmd] = 0;
    c.maybeTwice[cmd] = 0;
    c.budgetHeld[cmd] = 0;
    if (this.budgeted) this.budget.onRequest(this.engine.nowUs);
    if (this.trace !== null) this.trace.command("commandStart", cmd);
    this.startAttempt(cmd);
  }

  /** An attempt starts: take a pool turn (or wait for one), then Get. */
  startAttempt(cmd: number): void {
    this.r.attempts++;
    if (this.trace !== null) this.trace.command("attemptStart", cmd);
    const c = this.cmds;
    c.checkoutDeadlineUs[cmd] = this.engine.nowUs + this.p.poolTimeoutUs;
    if (c.holdsTurn[cmd]) {
      // redis-py: the retry reconnects the command's own Connection object: a fresh socket.
      c.holdsTurn[cmd] = 0;
      this.dialer.dialForCommand(cmd);
      return;
    }
    // waitTurn: a slot of PoolSize is taken for the whole attempt (Get → Put/Remove).
    if (this.pool.tryTakeTurn()) this.checkout.get(cmd);
    else this.pool.waitForTurn(cmd);
  }

  poolTimedOut(cmd: number): void {
    // The waiter stays queued; freeTurn skips it because its generation moved on.
    this.cmds.gen[cmd]++;
    this.r.poolTimeouts++;
    if (this.trace !== null) this.trace.command("poolTimeout", cmd);
    this.attemptFailed(cmd, ErrorKind.poolTimeout);
  }

  /** Checking idle connections took past pool.timeout: the attempt fails with a pool timeout, its turn freed. */
  checkoutTimedOut(cmd: number): void {
    this.r.poolTimeouts++;
    if (this.trace !== null) this.trace.command("poolTimeout", cmd);
    this.attemptFailedHoldingTurn(cmd, ErrorKind.poolTimeout);
  }

  /** An attempt that holds no pool turn failed: retry after backoff when allowed, else fail the command. */
  attemptFailed(cmd: number, error: number): void {
    this.recordFailure(cmd, error);
    this.afterFailure(cmd, this.mayRetry(cmd, error));
  }

  /** An attempt that holds its pool turn failed: the turn is freed (or kept, redis-py), then as attemptFailed. */
  attemptFailedHoldingTurn(cmd: number, error: number): void {
    this.recordFailure(cmd, error);
    const retry = this.mayRetry(cmd, error);
    this.releaseTurn(cmd, retry);
    this.afterFailure(cmd, retry);
  }

  /**
   * A timeout inside initConn (HELLO on a new connection): the error comes back through getConn
   * with retryTimeout still 0, so go-redis v9.5 does not retry it (redis.go _getConn/_process).
   */
  initTimedOut(cmd: number): void {
    this.recordFailure(cmd, ErrorKind.timeout);
    this.releaseTurn(cmd, false);
    this.afterFailure(cmd, false);
  }

  /** The attempt's reply arrived: a retry's budget cost comes back (AWS), a success counts (gRPC). */
  attemptSucceeded(cmd: number): void {
    if (this.budgeted) this.budget.onSuccess(this.engine.nowUs, this.cmds.budgetHeld[cmd]);
  }

  commandSucceeded(cmd: number): void {
    this.r.succeeded++;
    this.finish(cmd, "commandSucceeded");
  }

  private commandFailed(cmd: number): void {
    const r = this.r;
    r.failed++;
    const i = this.cmds.index[cmd];
    if (i < this.perCommand.length) this.perCommand[i] = 1;
    this.finish(cmd, "commandFailed");
  }

  private recordFailure(cmd: number, error: number): void {
    this.r.errors[ERROR_NAMES[error]]++;
    this.lastFailureAtUs = this.engine.nowUs;
    if (this.budgeted) this.budget.onFailure(this.engine.nowUs);
    if (this.trace !== null) this.trace.attemptFailed(cmd, error);
  }

  /** shouldRetry and attempts left, then the retry budget (which may refuse). */
  private mayRetry(cmd: number, error: number): boolean {
    const p = this.p;
    if (!p.retryable[error] || this.cmds.attempt[cmd] >= p.maxRetries) return false;
    if (!this.budgeted) return true;
    const held = this.budget.tryRetry(this.engine.nowUs, error === ErrorKind.timeout);
    if (held >= 0) {
      this.cmds.budgetHeld[cmd] = held;
      return true;
    }
    this.r.retriesRefused++;
    if (this.trace !== null) this.trace.command("retryRefused", cmd);
    return false;
  }

  private releaseTurn(cmd: number, retry: boolean): void {
    if (retry && this.p.retryPolicy === RetryPolicy.reconnect) this.cmds.holdsTurn[cmd] = 1;
    else this.pool.freeTurn();
  }

  /** Backoff, then the next attempt; or the command fails. */
  private afterFailure(cmd: number, retry: boolean): void {
    if (!retry) return this.commandFailed(cmd);
    const p = this.p;
    const c = this.cmds;
    const attempt = c.attempt[cmd];
    if (c.maybeExecuted[cmd]) c.maybeTwice[cmd] = 1;
    c.attempt[cmd] = attempt + 1;
    c.phase[cmd] = Phase.backoff;
    const sleepUs = backoffUs(p.backoffKind, attempt + 1, p.minBackoffUs, p.maxBackoffUs, this.rngBackoff);
    if (this.trace !== null) this.trace.backoff(cmd, sleepUs);
    this.engine.schedule(Ev.attemptStart, this.engine.nowUs + sleepUs, cmd, ++c.gen[cmd]);
  }

  private finish(cmd: number, step: "commandSucceeded" | "commandFailed"): void {
    const c = this.cmds;
    const r = this.r;
    c.phase[cmd] = Phase.idle;
    c.gen[cmd]++;
    if (c.holdsTurn[cmd]) {
      c.holdsTurn[cmd] = 0;
      this.pool.freeTurn();
    }
    r.commands++;
    if (c.maybeTwice[cmd]) r.maybeExecutedTwice++;
    this.latency.record(this.engine.nowUs - c.startedAtUs[cmd]);
    if (this.trace !== null) this.trace.command(step, cmd);
    this.workload.commandEnded(cmd, step === "commandFailed");
  }
}
