import { assert } from "../engine/assert.ts";
import { createRng, Stream } from "../engine/rng.ts";
import { getProbe } from "../probes/index.ts";
import { backoffUs } from "./backoff.ts";
import { ConnState, ERROR_KIND_NAMES, ErrorKind } from "./codes.ts";
import { Commands, Phase } from "./commands.ts";
import { E_COMMAND_START, E_ATTEMPT_START, E_TURN_GRANTED, E_POOL_TIMEOUT, E_DIAL_DONE, E_IO_DONE, E_PROBE_DONE, E_DISCONNECT, E_SERVER_UP, E_SERVER_IDLE_CLOSE, E_MIDDLEBOX_DROP, E_KEEPALIVE_VERDICT, E_HEALTH_CHECK, E_BACKGROUND_DIAL_DONE, E_BREAKER_DIAL_DONE, E_BREAKER_REDIAL, E_ARRIVAL, P_SERVER, P_NETWORK, P_CLIENT, OK } from "./events.ts";
import { RetryPolicy, type ModelParams } from "./params.ts";
import { emptyResult, finishResult } from "./result-build.ts";
import type { RunResult } from "./result.ts";
import { createRetryBudget } from "./retry-budget.ts";
import { ServerSide } from "./server-side.ts";
import type { TraceEvent } from "./trace.ts";

/**
 * One run of a pooled client: the go-redis v9 pool (internal/pool/pool.go Get/Put/Remove,
 * popIdle, isHealthyConn, checkMinIdleConns, dialConn/tryDial) and command retry loop (redis.go
 * process/_process/withConn/releaseConn, error.go shouldRetry/isBadConn), with the switches
 * client profiles need (probe strategy, retry policy, pool clearing, background checks),
 * driven by server-side disconnects. This layer owns the event loop, the commands and their
 * retries; the pool, dialing and server sides are the layers it extends. Reusable: run() resets
 * all state, so a Monte Carlo sweep allocates its tables once per worker.
 */
export class Simulation extends ServerSide {
  /** Runs one replication. `trace`, when given, receives every step (for the teaching timeline). */
  run(params: ModelParams, seed: number, replication: number, trace: TraceEvent[] | null = null): RunResult {
    this.reset(params, seed, replication, trace);
    const heap = this.heap;
    let events = 0;
    const eventsMax = params.eventsMax;
    while (!this.done && heap.pop()) {
      assert(heap.popTime >= this.now, "simulated time went backwards");
      this.now = heap.popTime;
      if (++events > eventsMax) {
        this.r.outcome = "eventLimit";
        events--;
        break;
      }
      this.dispatch(heap.popKind, heap.popA, heap.popB);
    }
    const recovery = this.firstDisconnectAt >= 0 && this.lastFailureAt >= this.firstDisconnectAt ? this.lastFailureAt - this.firstDisconnectAt : 0;
    return finishResult(this.r, this.latency, this.perCommand, this.now, events, this.conns.openCount, recovery);
  }

  private dispatch(kind: number, a: number, b: number): void {
    const gen = this.cmds.gen;
    switch (kind) {
      case E_COMMAND_START: return this.startCommand(a);
      case E_ATTEMPT_START: if (gen[a] === b) this.startAttempt(a); return;
      case E_TURN_GRANTED: if (gen[a] === b) this.beginGet(a); return;
      case E_POOL_TIMEOUT: if (gen[a] === b) this.poolTimedOut(a); return;
      case E_DIAL_DONE: if (gen[a] === b) this.dialDone(a); return;
      case E_IO_DONE: if (gen[a] === b) this.ioDone(a); return;
      case E_PROBE_DONE: if (gen[a] === b) this.probeDone(a); return;
      case E_DISCONNECT: return this.disconnect(a);
      case E_SERVER_UP: if (this.now >= this.serverDownUntil) this.log("serverUp"); return;
      case E_SERVER_IDLE_CLOSE: return this.idleSpellEnds(a, b, ConnState.closed);
      case E_MIDDLEBOX_DROP: return this.idleSpellEnds(a, b, ConnState.blackholed);
      case E_KEEPALIVE_VERDICT: return this.keepAliveVerdict(a, b);
      case E_HEALTH_CHECK: return this.healthCheck();
      case E_BACKGROUND_DIAL_DONE: return this.backgroundDialDone(a, b);
      case E_BREAKER_DIAL_DONE: return this.breakerDialDone(a, b);
      case E_BREAKER_REDIAL: return this.breakerDial();
      case E_ARRIVAL: return this.arrival();
      default: assert(false, `unknown event kind ${kind}`);
    }
  }

  // ---- Commands and the retry loop (redis.go process/_process) ----

  protected startCommand(cmd: number): void {
    const c = this.cmds;
    c.index[cmd] = this.commandsIssued++;
    c.startedAt[cmd] = this.now;
    c.attempt[cmd] = 0;
    c.maybeExecuted[cmd] = 0;
    c.maybeTwice[cmd] = 0;
    c.budgetHeld[cmd] = 0;
    if (this.budgeted) this.budget.onRequest(this.now);
    if (this.trace !== null) this.log("commandStart", -1, cmd);
    this.startAttempt(cmd);
  }

  protected startAttempt(cmd: number): void {
    this.r.attempts++;
    if (this.trace !== null) this.log("attemptStart", -1, cmd);
    const c = this.cmds;
    if (c.holdsTurn[cmd]) {
      // redis-py: the retry reconnects the command's own Connection object: a fresh socket.
      c.holdsTurn[cmd] = 0;
      this.dialForCommand(cmd);
      return;
    }
    // waitTurn: a slot of PoolSize is taken for the whole attempt (Get → Put/Remove).
    if (this.turnsUsed < this.p.poolSize) {
      this.turnsUsed++;
      this.beginGet(cmd);
      return;
    }
    c.phase[cmd] = Phase.waitTurn;
    const gen = ++c.gen[cmd];
    this.waiters.push(cmd);
    this.waiters.push(gen);
    this.log("poolWait", -1, cmd);
    this.heap.push(this.now + this.p.poolTimeoutUs, P_CLIENT, E_POOL_TIMEOUT, cmd, gen);
  }

  protected poolTimedOut(cmd: number): void {
    // The waiter stays queued; freeTurn skips it because its generation moved on.
    this.cmds.gen[cmd]++;
    this.r.poolTimeouts++;
    this.log("poolTimeout", -1, cmd);
    this.attemptFailed(cmd, ErrorKind.poolTimeout, false);
  }

  /**
   * An attempt ended with an error: retry after backoff when shouldRetry and the budget allow,
   * else fail the command. `holdsTurn`: the attempt still holds its pool slot, to free or keep.
   */
  protected attemptFailed(cmd: number, error: number, holdsTurn: boolean, retryable = true): void {
    const p = this.p;
    const c = this.cmds;
    this.r.errors[ERROR_KIND_NAMES[error]]++;
    this.lastFailureAt = this.now;
    if (this.budgeted) this.budget.onFailure(this.now);
    if (this.trace !== null) this.log("attemptFailed", -1, cmd, ERROR_KIND_NAMES[error]);
    const attempt = c.attempt[cmd];
    let retry = retryable && p.retryable[error] && attempt < p.maxRetries;
    if (retry && this.budgeted) {
      const held = this.budget.tryRetry(this.now, error === ErrorKind.timeout);
      if (held >= 0) {
        c.budgetHeld[cmd] = held;
      } else {
        retry = false;
        this.r.retriesRefused++;
        this.log("retryRefused", -1, cmd);
      }
    }
    if (holdsTurn) {
      if (retry && p.retryPolicy === RetryPolicy.reconnect) c.holdsTurn[cmd] = 1;
      else this.freeTurn();
    }
    if (!retry) {
      this.finishCommand(cmd, false);
      return;
    }
    if (c.maybeExecuted[cmd]) c.maybeTwice[cmd] = 1;
    c.attempt[cmd] = attempt + 1;
    c.phase[cmd] = Phase.backoff;
    const sleep = backoffUs(p.backoffKind, attempt + 1, p.minBackoffUs, p.maxBackoffUs, this.rngBackoff);
    if (this.trace !== null) this.log("backoff", -1, cmd, String(sleep));
    this.heap.push(this.now + sleep, P_CLIENT, E_ATTEMPT_START, cmd, ++c.gen[cmd]);
  }

  protected finishCommand(cmd: number, ok: boolean): void {
    const c = this.cmds;
    const r = this.r;
    c.phase[cmd] = Phase.idle;
    c.gen[cmd]++;
    if (c.holdsTurn[cmd]) {
      c.holdsTurn[cmd] = 0;
      this.freeTurn();
    }
    r.commands++;
    if (ok) r.succeeded++;
    else {
      r.failed++;
      const i = c.index[cmd];
      if (i < this.perCommand.length) this.perCommand[i] = 1;
    }
    if (c.maybeTwice[cmd]) r.maybeExecutedTwice++;
    this.latency.record(this.now - c.startedAt[cmd]);
    if (this.trace !== null) this.log(ok ? "commandSucceeded" : "commandFailed", -1, cmd);
    this.nextCommand(cmd);
    if (r.commands === this.commandsExpected) this.done = true;
  }

  // ---- Workloads ----

  protected nextCommand(cmd: number): void {
    const w = this.p.workload;
    if (w.kind === "poisson") {
      this.freeCmds.push(cmd);
    } else if (this.cmds.left[cmd] > 0) {
      this.cmds.left[cmd]--;
      const think = w.kind === "concurrent" ? w.thinkUs : 0;
      this.heap.push(this.now + think, P_CLIENT, E_COMMAND_START, cmd, 0);
    }
  }

  protected arrival(): void {
    const w = this.p.workload as Extract<ModelParams["workload"], { kind: "poisson" }>;
    if (this.freeCmds.length === 0) {
      const old = this.cmds.grow(this.cmds.cap + 1);
      for (let c = this.cmds.cap - 1; c >= old; c--) this.freeCmds.push(c);
    }
    this.startCommand(this.freeCmds.pop()!);
    const next = this.now + Math.round(this.rngWorkload.exponential(w.meanGapUs));
    if (next < w.startUs + w.durationUs) this.heap.push(next, P_CLIENT, E_ARRIVAL, 0, 0);
    else this.commandsExpected = this.commandsIssued;
  }

  /**
   * Write the command and read the reply (first the HELLO/SETINFO init on a new connection).
   * A dead connection fails the attempt: FIN → EOF at once; RST or keep-alive ETIMEDOUT → an
   * error at once; reset-on-use → the write draws an RST one round trip later; blackholed → the
   * read waits readTimeout; a READONLY replica answers with an error after a round trip.
   */
  protected startIo(cmd: number, conn: number): void {
    const p = this.p;
    const k = this.conns;
    let cost = 0;
    let result: number = OK;
    switch (k.state[conn]) {
      case ConnState.healthy:
        cost = p.rttUs + (k.inited[conn] ? 0 : p.initUs);
        if (p.rttUs > p.readTimeoutUs) { cost = p.readTimeoutUs; result = ErrorKind.timeout; }
        break;
      case ConnState.closed: result = ErrorKind.eof; break;
      case ConnState.reset: result = ErrorKind.reset; break;
      case ConnState.timedOut: result = ErrorKind.timeout; break;
      case ConnState.resetOnUse: cost = p.rttUs; result = ErrorKind.reset; break;
      case ConnState.readonly: cost = p.rttUs; result = ErrorKind.readonly; break;
      default: cost = p.readTimeoutUs; result = ErrorKind.timeout;
    }
    const c = this.cmds;
    // A dead connection that was never initialised fails inside initConn, before the command.
    c.initUntil[cmd] = this.now + (k.inited[conn] ? 0 : p.initUs);
    c.failedInInit[cmd] = result !== OK && !k.inited[conn] ? 1 : 0;
    k.inited[conn] = 1;
    k.usedAt[conn] = this.now; // pool.Conn deadline() stamps usedAt at each read and write
    c.phase[cmd] = Phase.io;
    c.opStartedAt[cmd] = this.now;
    c.result[cmd] = result;
    this.heap.push(this.now + cost, P_NETWORK, E_IO_DONE, cmd, ++c.gen[cmd]);
  }

  protected ioDone(cmd: number): void {
    const c = this.cmds;
    const conn = c.conn[cmd];
    const result = c.result[cmd];
    c.conn[cmd] = -1;
    if (result === OK) {
      if (this.budgeted) this.budget.onSuccess(this.now, this.cmds.budgetHeld[cmd]);
      this.putConn(conn);
      this.finishCommand(cmd, true);
      return;
    }
    // releaseConn: isBadConn is true for network errors and READONLY, so the connection goes.
    // CMAP clears only for an error on a current-generation connection (SDAM "stale" errors are ignored).
    const current = this.conns.generation[conn] === this.poolGeneration;
    this.removeConn(conn);
    if (this.p.clearOnError && current && (result === ErrorKind.eof || result === ErrorKind.reset)) this.clearPool();
    // An init error comes back through getConn with retryTimeout still 0, so go-redis v9.5 does not
    // retry a timeout there (redis.go _getConn/_process, error.go shouldRetry); EOF and resets it does.
    const retryable = !(result === ErrorKind.timeout && this.cmds.failedInInit[cmd]);
    this.attemptFailed(cmd, result, true, retryable);
  }

  // ---- Set-up ----

  protected reset(params: ModelParams, seed: number, replication: number, trace: TraceEvent[] | null): void {
    this.p = params;
    this.probe = getProbe(params.probeKey);
    this.budget = createRetryBudget(params.budget);
    this.budgeted = params.budget.kind !== "none";
    this.probing = params.probeKey !== "none";
    this.trace = trace;
    this.now = 0;
    this.heap.clear();
    this.latency.reset();
    this.idle.clear();
    this.waiters.clear();
    this.rngWorkload = createRng(seed, replication, Stream.workload);
    this.rngDisconnects = createRng(seed, replication, Stream.disconnects);
    this.rngBackoff = createRng(seed, replication, Stream.backoff);
    this.rngProbes = createRng(seed, replication, Stream.probes);
    const s = this.subject;
    s.rttUs = params.rttUs;
    s.pingTimeoutUs = params.pingTimeoutUs;
    s.pingIdleThresholdUs = params.pingIdleThresholdUs;

    this.conns.reset(Math.max(32, params.poolSize * 2 + 8));
    this.turnsUsed = 0;
    this.poolSize = 0;
    this.idleLen = 0;
    this.dialErrors = 0;
    this.lastDialError = ErrorKind.dialRefused;
    this.poolGeneration = 0;
    this.serverDownUntil = 0;
    this.serverDownHangs = false;
    this.downEpoch = 0;
    this.commandsIssued = 0;
    this.done = false;
    this.firstDisconnectAt = -1;
    this.lastFailureAt = -1;
    this.r = emptyResult();

    const w = params.workload;
    const clients = w.kind === "concurrent" ? w.clients : 1;
    this.cmds.reset(Math.max(clients, 16));
    this.freeCmds.length = 0;
    this.perCommand = w.kind === "sequential" ? new Uint8Array(w.commands) : new Uint8Array(0);
    this.commandsExpected = w.kind === "poisson" ? Infinity : clients * w.commands;
    if (w.kind === "poisson") {
      for (let c = this.cmds.cap - 1; c >= 0; c--) this.freeCmds.push(c);
      this.heap.push(w.startUs, P_CLIENT, E_ARRIVAL, 0, 0);
    } else {
      for (let c = 0; c < clients; c++) {
        this.cmds.left[c] = w.commands - 1;
        this.heap.push(w.startUs, P_CLIENT, E_COMMAND_START, c, 0);
      }
    }

    // Warm-up: idle, initialised connections already in the pool at time 0 (not counted as dials).
    for (let i = 0; i < params.warmupIdle; i++) {
      const conn = this.openConn(true, true);
      this.poolSize++;
      this.idleLen++;
      this.toIdle(conn);
    }
    this.checkMinIdleConns(); // NewConnPool does the same
    params.disconnects.forEach((d, i) => this.heap.push(d.atUs, P_SERVER, E_DISCONNECT, i, 0));
    if (params.healthCheckIntervalUs > 0) this.heap.push(params.healthCheckIntervalUs, P_CLIENT, E_HEALTH_CHECK, 0, 0);
  }
}
