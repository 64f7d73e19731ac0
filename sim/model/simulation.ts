import { assert } from "../engine/assert.ts";
import { EventHeap } from "../engine/heap.ts";
import { createRng, Stream, type Rng } from "../engine/rng.ts";
import { getProbe, type ProbeOutcome, type ProbeStrategy, type ProbeSubject } from "../probes/index.ts";
import { backoffUs } from "./backoff.ts";
import { CONN_STATE_NAMES, ConnState, ERROR_KIND_NAMES, ErrorKind, Where } from "./codes.ts";
import { Commands, Phase } from "./commands.ts";
import { Connections } from "./connections.ts";
import { planDial, type DialPlan } from "./dial-plan.ts";
import { IntDeque } from "./int-deque.ts";
import { LatencyRecorder } from "./latency.ts";
import { BadCheckout, RetryPolicy, type ModelParams } from "./params.ts";
import { emptyResult, finishResult } from "./result-build.ts";
import type { RunResult } from "./result.ts";
import { createRetryBudget, type RetryBudgetState } from "./retry-budget.ts";
import type { TraceEvent, TraceType } from "./trace.ts";

// Event kinds. Numbers, not objects: the hot loop of a sweep handles millions of them.
const E_COMMAND_START = 1; // a = command slot
const E_ATTEMPT_START = 2; // a = command, b = generation
const E_TURN_GRANTED = 3; // a = command, b = generation
const E_POOL_TIMEOUT = 4; // a = command, b = generation
const E_DIAL_DONE = 5; // a = command, b = generation
const E_IO_DONE = 6; // a = command, b = generation
const E_PROBE_DONE = 7; // a = command, b = generation
const E_DISCONNECT = 8; // a = disconnect index
const E_SERVER_UP = 9;
const E_SERVER_IDLE_CLOSE = 10; // a = connection slot, b = its use generation
const E_MIDDLEBOX_DROP = 11; // a = connection slot, b = its use generation
const E_KEEPALIVE_VERDICT = 12; // a = connection slot, b = its use generation
const E_HEALTH_CHECK = 13;
const E_BACKGROUND_DIAL_DONE = 14; // a = error kind or OK, b = down epoch + 1 at the dial's start, or 0 when the breaker refused it
const E_BREAKER_DIAL_DONE = 15; // a = error kind or OK, b = down epoch at the dial's start
const E_BREAKER_REDIAL = 16;
const E_ARRIVAL = 17; // open-loop arrival

// Same-instant order: the server and network act first, then replies and dials land, then clients act.
const P_SERVER = 0;
const P_NETWORK = 1;
const P_CLIENT = 2;

/** go-redis tryDial sleeps this long after a failed background dial (internal/pool/pool.go). */
const BREAKER_REDIAL_US = 1_000_000;
const OK = -1;
/** Flag on a dial result: the breaker refused it without dialing. */
const REJECTED = 16;

/**
 * One run of a pooled client: the go-redis v9 pool (internal/pool/pool.go Get/Put/Remove,
 * popIdle, isHealthyConn, checkMinIdleConns, dialConn/tryDial) and command retry loop (redis.go
 * process/_process/withConn/releaseConn, error.go shouldRetry/isBadConn), with the switches
 * client profiles need (probe strategy, retry policy, pool clearing, background checks),
 * driven by server-side disconnects. Reusable: run() resets all state, so a Monte Carlo sweep
 * allocates its tables once per worker.
 */
export class Simulation {
  private readonly heap = new EventHeap(256);
  private readonly latency = new LatencyRecorder();
  private readonly idle = new IntDeque(64);
  private readonly waiters = new IntDeque(64); // (command, generation) pairs, FIFO
  private readonly conns = new Connections();
  private readonly cmds = new Commands();
  private readonly subject: ProbeSubject = { state: 0, tls: false, idleUs: 0, pendingBytes: false, rttUs: 0, pingTimeoutUs: 0, pingIdleThresholdUs: 0 };
  private readonly verdict: ProbeOutcome = { ran: false, dead: false, costUs: 0 };
  private readonly dial: DialPlan = { costUs: 0, result: OK };
  private p!: ModelParams;
  private probe!: ProbeStrategy;
  private budget!: RetryBudgetState;
  private budgeted = false;
  /** False for probe "none": Get then skips the probe step entirely (the common hot path). */
  private probing = false;
  private now = 0;
  private trace: TraceEvent[] | null = null;

  // Random streams, one per subsystem (common random numbers across sweep cells).
  private rngWorkload!: Rng;
  private rngDisconnects!: Rng;
  private rngBackoff!: Rng;
  private rngProbes!: Rng;

  // Pool counters, as go-redis keeps them.
  private turnsUsed = 0;
  private poolSize = 0; // pooled connections, including minIdle dials under way
  private idleLen = 0; // idle connections, including minIdle dials under way
  private dialErrors = 0; // dialErrorsNum: dial failures since the breaker last closed
  private lastDialError: number = ErrorKind.dialRefused;
  private poolGeneration = 0;
  private serverDownUntil = 0;
  private serverDownHangs = false;
  /** Counts server-down starts: a dial that spans one fails, since its handshake met the crash. */
  private downEpoch = 0;

  // Workload progress.
  private freeCmds: number[] = [];
  private commandsIssued = 0;
  /** Commands the workload will issue in all; Infinity while open-loop arrivals go on. */
  private commandsExpected = 0;
  private done = false;
  private firstDisconnectAt = -1;
  private lastFailureAt = -1;

  private r!: RunResult;
  private perCommand = new Uint8Array(0);

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

  private startCommand(cmd: number): void {
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

  private startAttempt(cmd: number): void {
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

  private poolTimedOut(cmd: number): void {
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
  private attemptFailed(cmd: number, error: number, holdsTurn: boolean): void {
    const p = this.p;
    const c = this.cmds;
    this.r.errors[ERROR_KIND_NAMES[error]]++;
    this.lastFailureAt = this.now;
    if (this.budgeted) this.budget.onFailure(this.now);
    if (this.trace !== null) this.log("attemptFailed", -1, cmd, ERROR_KIND_NAMES[error]);
    const attempt = c.attempt[cmd];
    let retry = p.retryable[error] && attempt < p.maxRetries;
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

  private finishCommand(cmd: number, ok: boolean): void {
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

  private nextCommand(cmd: number): void {
    const w = this.p.workload;
    if (w.kind === "poisson") {
      this.freeCmds.push(cmd);
    } else if (this.cmds.left[cmd] > 0) {
      this.cmds.left[cmd]--;
      const think = w.kind === "concurrent" ? w.thinkUs : 0;
      this.heap.push(this.now + think, P_CLIENT, E_COMMAND_START, cmd, 0);
    }
  }

  private arrival(): void {
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

  // ---- Pool.Get (internal/pool/pool.go) ----

  /** With a turn held: start a Get (the per-Get probe count starts over). */
  private beginGet(cmd: number): void {
    const p = this.p;
    const c = this.cmds;
    c.checked[cmd] = 0;
    // database/sql: the last attempt uses alwaysNewConn.
    if (p.retryPolicy === RetryPolicy.freshLastAttempt && p.maxRetries > 0 && c.attempt[cmd] === p.maxRetries) {
      this.dialForCommand(cmd);
      return;
    }
    this.getConn(cmd);
  }

  /** Pop idle connections and check each; a connection that fails a check costs no retry. */
  private getConn(cmd: number): void {
    const p = this.p;
    const c = this.cmds;
    while (this.idle.length > 0) {
      // v9.15+: at most getAttempts idle connections are tried, then Get dials.
      if (p.probesPerGetMax > 0 && c.checked[cmd] >= p.probesPerGetMax) break;
      const conn = this.popIdle();
      c.checked[cmd]++;
      if (this.expired(conn)) {
        this.closeConn(conn);
        if (p.onBadCheckout === BadCheckout.next) continue;
        return this.afterBadCheckout(cmd);
      }
      if (!this.probing) {
        this.conns.usedAt[conn] = this.now;
        this.handOut(cmd, conn);
        return;
      }
      const v = this.runProbe(conn);
      if (v.costUs > 0) {
        // A round-trip probe (PING): the connection is out of the pool until the answer.
        c.phase[cmd] = Phase.probe;
        c.conn[cmd] = conn;
        c.result[cmd] = v.dead ? 1 : 0;
        c.opStartedAt[cmd] = this.now;
        this.conns.where[conn] = Where.inUse;
        this.conns.command[conn] = cmd;
        this.heap.push(this.now + v.costUs, P_NETWORK, E_PROBE_DONE, cmd, ++c.gen[cmd]);
        return;
      }
      if (v.dead) {
        this.probeDiscard(conn);
        if (p.onBadCheckout === BadCheckout.next) continue;
        return this.afterBadCheckout(cmd);
      }
      this.conns.usedAt[conn] = this.now;
      this.handOut(cmd, conn);
      return;
    }
    this.dialForCommand(cmd);
  }

  private probeDone(cmd: number): void {
    const conn = this.cmds.conn[cmd];
    this.cmds.conn[cmd] = -1;
    if (this.cmds.result[cmd] === 1) {
      this.probeDiscard(conn);
      if (this.p.onBadCheckout === BadCheckout.next) this.getConn(cmd);
      else this.afterBadCheckout(cmd);
      return;
    }
    this.conns.usedAt[conn] = this.now;
    this.handOut(cmd, conn);
  }

  /** redis-py reconnects the connection object it checked out; database/sql returns ErrBadConn. */
  private afterBadCheckout(cmd: number): void {
    if (this.p.onBadCheckout === BadCheckout.redial) this.dialForCommand(cmd);
    else this.attemptFailed(cmd, ErrorKind.badConn, true);
  }

  private popIdle(): number {
    const conn = this.p.fifo ? this.idle.popFront() : this.idle.popBack();
    this.idleLen--;
    this.checkMinIdleConns();
    return conn;
  }

  /**
   * isHealthyConn's first checks: max lifetime, then max idle time (≤ v9.14 keeps usedAt in whole
   * Unix seconds, so a connection looks idle up to 1 s longer); then a CMAP pool generation.
   */
  private expired(conn: number): boolean {
    const p = this.p;
    const k = this.conns;
    if (p.maxLifetimeUs > 0 && this.now - k.createdAt[conn] >= p.maxLifetimeUs) {
      this.r.expiredDiscarded++;
      this.log("expiredDiscarded", conn, -1, "maxLifetime");
      return true;
    }
    if (p.maxIdleTimeUs > 0) {
      const res = p.idleClockResolutionUs;
      const usedAt = res > 0 ? Math.floor(k.usedAt[conn] / res) * res : k.usedAt[conn];
      if (this.now - usedAt >= p.maxIdleTimeUs) {
        this.r.expiredDiscarded++;
        this.log("expiredDiscarded", conn, -1, "maxIdleTime");
        return true;
      }
    }
    if (k.generation[conn] < this.poolGeneration) {
      this.r.perishedDiscarded++;
      this.log("expiredDiscarded", conn, -1, "perished");
      return true;
    }
    return false;
  }

  /** connCheck or a peer's probe; counts it and returns the shared verdict object. */
  private runProbe(conn: number): ProbeOutcome {
    const s = this.subject;
    const p = this.p;
    s.state = this.conns.state[conn];
    s.tls = p.tls;
    s.idleUs = this.now - this.conns.usedAt[conn];
    s.pendingBytes = this.probe.readsPendingBytes && this.rngProbes.chance(p.pendingBytesProbability);
    this.probe.check(s, this.verdict);
    if (this.verdict.ran) this.r.probes++;
    return this.verdict;
  }

  private probeDiscard(conn: number): void {
    const state = this.conns.state[conn];
    this.r.probesCaught++;
    if (state === ConnState.healthy || state === ConnState.readonly) this.r.needlessCloses++;
    if (this.trace !== null) this.log("probeDiscarded", conn, -1, CONN_STATE_NAMES[state]);
    this.closeConn(conn);
  }

  private handOut(cmd: number, conn: number): void {
    const k = this.conns;
    k.where[conn] = Where.inUse;
    k.command[conn] = cmd;
    k.useGen[conn]++;
    this.cmds.conn[cmd] = conn;
    const state = k.state[conn];
    if (state !== ConnState.healthy) {
      const s = this.r.staleHandedOut;
      if (state === ConnState.closed) s.closed++;
      else if (state === ConnState.reset || state === ConnState.timedOut) s.reset++;
      else if (state === ConnState.resetOnUse) s.resetOnUse++;
      else if (state === ConnState.blackholed) s.blackholed++;
      else s.readonly++;
    }
    if (this.trace !== null) this.log("connTaken", conn, cmd, CONN_STATE_NAMES[state]);
    this.startIo(cmd, conn);
  }

  /**
   * Write the command and read the reply (first the HELLO/SETINFO init on a new connection).
   * A dead connection fails the attempt: FIN → EOF at once; RST or keep-alive ETIMEDOUT → an
   * error at once; reset-on-use → the write draws an RST one round trip later; blackholed → the
   * read waits readTimeout; a READONLY replica answers with an error after a round trip.
   */
  private startIo(cmd: number, conn: number): void {
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
    k.inited[conn] = 1;
    k.usedAt[conn] = this.now; // pool.Conn deadline() stamps usedAt at each read and write
    const c = this.cmds;
    c.phase[cmd] = Phase.io;
    c.opStartedAt[cmd] = this.now;
    c.result[cmd] = result;
    this.heap.push(this.now + cost, P_NETWORK, E_IO_DONE, cmd, ++c.gen[cmd]);
  }

  private ioDone(cmd: number): void {
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
    this.attemptFailed(cmd, result, true);
  }

  /** MongoDB CMAP clear(): bump the generation; older connections perish at checkout/check-in. */
  private clearPool(): void {
    this.poolGeneration++;
    this.r.poolClears++;
    this.log("poolCleared");
  }

  // ---- Dialing (newConn/dialConn/tryDial) ----

  private dialForCommand(cmd: number): void {
    const c = this.cmds;
    const gen = ++c.gen[cmd];
    c.phase[cmd] = Phase.dial;
    if (this.dialErrors >= this.p.poolSize) {
      // The breaker is open: dialConn returns the last dial error without dialing.
      this.r.breakerRejections++;
      c.result[cmd] = this.lastDialError | REJECTED;
      this.heap.push(this.now, P_NETWORK, E_DIAL_DONE, cmd, gen);
      return;
    }
    this.r.dials++;
    this.log("connDialStart", -1, cmd);
    planDial(this.now, this.p, this.serverDownUntil, this.serverDownHangs, this.dial);
    c.result[cmd] = this.dial.result;
    c.dialEpoch[cmd] = this.downEpoch;
    c.opStartedAt[cmd] = this.now;
    this.heap.push(this.now + this.dial.costUs, P_NETWORK, E_DIAL_DONE, cmd, gen);
  }

  private dialDone(cmd: number): void {
    const c = this.cmds;
    let result = c.result[cmd];
    if (result === OK && c.dialEpoch[cmd] !== this.downEpoch) {
      // The server went down during the handshake: refused, or hanging until dialTimeout.
      if (this.serverDownHangs) {
        c.result[cmd] = ErrorKind.dialTimeout;
        c.dialEpoch[cmd] = this.downEpoch;
        const at = Math.max(this.now, c.opStartedAt[cmd] + this.p.dialTimeoutUs);
        this.heap.push(at, P_NETWORK, E_DIAL_DONE, cmd, ++c.gen[cmd]);
        return;
      }
      result = ErrorKind.dialRefused;
    }
    if (result !== OK) {
      const error = result & ~REJECTED;
      if (error === result) {
        this.dialFailed(error); // a dial was made and failed
        // SDAM: a network error or timeout while establishing a connection clears the pool too.
        if (this.p.clearOnError) this.clearPool();
      }
      this.attemptFailed(cmd, error, true);
      return;
    }
    // newConn: a connection dialed while the pool is full is not pooled and is closed on Put.
    let pooled = false;
    if (this.poolSize < this.p.poolSize) {
      this.poolSize++;
      pooled = true;
    }
    const conn = this.openConn(pooled, false);
    this.log("connDialed", conn, cmd);
    this.handOut(cmd, conn);
  }

  /** A dial failed: count it toward the breaker; the PoolSize-th since it last closed starts tryDial. */
  private dialFailed(error: number): void {
    this.r.dialFailures++;
    this.lastDialError = error;
    if (this.trace !== null) this.log("dialFailed", -1, -1, ERROR_KIND_NAMES[error]);
    if (++this.dialErrors === this.p.poolSize) {
      this.log("breakerOpen");
      this.breakerDial();
    }
  }

  /** tryDial: dial at once; after a failure sleep 1 s and dial again; a success resets the count. */
  private breakerDial(): void {
    this.r.dials++;
    planDial(this.now, this.p, this.serverDownUntil, this.serverDownHangs, this.dial);
    this.heap.push(this.now + this.dial.costUs, P_NETWORK, E_BREAKER_DIAL_DONE, this.dial.result, this.downEpoch);
  }

  private breakerDialDone(result: number, epoch: number): void {
    if (result === OK && epoch !== this.downEpoch) result = this.serverDownHangs ? ErrorKind.dialTimeout : ErrorKind.dialRefused;
    if (result === OK) {
      this.dialErrors = 0;
      this.log("breakerClosed");
      return;
    }
    this.r.dialFailures++;
    this.lastDialError = result;
    this.heap.push(this.now + BREAKER_REDIAL_US, P_CLIENT, E_BREAKER_REDIAL, 0, 0);
  }

  // ---- MinIdleConns (checkMinIdleConns/addIdleConn) ----

  private checkMinIdleConns(): void {
    const p = this.p;
    if (p.minIdle === 0) return;
    while (this.poolSize < p.poolSize && this.idleLen < p.minIdle) {
      if (this.turnsUsed >= p.poolSize) return; // the non-blocking send on the turn queue failed
      this.turnsUsed++;
      this.poolSize++;
      this.idleLen++;
      // Reported as an event even when the breaker refuses at once: go-redis runs it in a goroutine.
      if (this.dialErrors >= p.poolSize) {
        this.r.breakerRejections++;
        this.heap.push(this.now, P_NETWORK, E_BACKGROUND_DIAL_DONE, this.lastDialError, 0);
        continue;
      }
      this.r.dials++;
      planDial(this.now, p, this.serverDownUntil, this.serverDownHangs, this.dial);
      this.heap.push(this.now + this.dial.costUs, P_NETWORK, E_BACKGROUND_DIAL_DONE, this.dial.result, this.downEpoch + 1);
    }
  }

  private backgroundDialDone(result: number, epochPlusOne: number): void {
    const dialed = epochPlusOne > 0;
    if (result === OK && dialed && epochPlusOne - 1 !== this.downEpoch) result = this.serverDownHangs ? ErrorKind.dialTimeout : ErrorKind.dialRefused;
    if (result === OK) {
      const conn = this.openConn(true, false);
      this.log("connDialed", conn);
      this.toIdle(conn);
    } else {
      if (dialed) this.dialFailed(result);
      this.poolSize--;
      this.idleLen--;
    }
    this.freeTurn();
  }

  // ---- Put/Remove/CloseConn and turns ----

  private putConn(conn: number): void {
    const p = this.p;
    if (!this.conns.pooled[conn] || this.conns.generation[conn] < this.poolGeneration) {
      if (this.conns.generation[conn] < this.poolGeneration) this.r.perishedDiscarded++;
      this.removeConn(conn);
    } else if (p.maxIdle === 0 || this.idleLen < p.maxIdle) {
      this.idleLen++;
      this.toIdle(conn);
      if (this.trace !== null) this.log("connReturned", conn, this.conns.command[conn]);
    } else {
      this.removeConn(conn);
    }
    this.freeTurn();
  }

  /** Into the idle list; the idle spell's server-side timers start (Redis timeout, middlebox). */
  private toIdle(conn: number): void {
    const p = this.p;
    const k = this.conns;
    k.where[conn] = Where.idle;
    this.idle.push(conn);
    if (p.serverIdleTimeoutUs > 0) this.heap.push(this.now + p.serverIdleTimeoutUs, P_SERVER, E_SERVER_IDLE_CLOSE, conn, k.useGen[conn]);
    if (p.middleboxDropUs > 0) this.heap.push(this.now + p.middleboxDropUs, P_SERVER, E_MIDDLEBOX_DROP, conn, k.useGen[conn]);
  }

  /** CloseConn from Get: removed and closed; the caller keeps its turn. */
  private closeConn(conn: number): void {
    this.removeConn(conn);
  }

  private removeConn(conn: number): void {
    const k = this.conns;
    if (this.trace !== null) this.log("connClosed", conn, -1, CONN_STATE_NAMES[k.state[conn]]);
    k.close(conn);
    this.r.connections.closed++;
    if (k.pooled[conn]) {
      this.poolSize--;
      this.checkMinIdleConns();
    }
  }

  private freeTurn(): void {
    // Go hands a freed buffered-channel slot to the longest-waiting sender (runtime sendq is FIFO).
    const c = this.cmds;
    while (this.waiters.length > 0) {
      const cmd = this.waiters.popFront();
      const gen = this.waiters.popFront();
      if (c.gen[cmd] !== gen) continue; // that wait timed out already
      c.phase[cmd] = Phase.dial;
      this.heap.push(this.now, P_CLIENT, E_TURN_GRANTED, cmd, ++c.gen[cmd]);
      return;
    }
    this.turnsUsed--;
    assert(this.turnsUsed >= 0, "freed a pool turn nobody held");
  }

  private openConn(pooled: boolean, inited: boolean): number {
    const conn = this.conns.open(this.now, pooled, inited, this.poolGeneration);
    const c = this.r.connections;
    c.opened++;
    if (this.conns.openCount > c.maxOpen) c.maxOpen = this.conns.openCount;
    return conn;
  }

  // ---- The server side and the network ----

  private disconnect(index: number): void {
    const d = this.p.disconnects[index];
    const k = this.conns;
    const n = k.openCount;
    if (this.firstDisconnectAt < 0) this.firstDisconnectAt = this.now;
    const hits = d.fraction !== null ? Math.floor(d.fraction * n) : Math.min(d.count ?? 0, n);
    if (hits === n) {
      // Every open connection: no draw needed, so the disconnect stream is left untouched.
      for (let i = n - 1; i >= 0; i--) this.hit(k.openList[i], d.state);
    } else if (hits > 0) {
      // Candidates in dial order, so the choice does not depend on the open list's history.
      const ids = Array.from(k.openList.subarray(0, n)).sort((x, y) => k.id[x] - k.id[y]);
      for (let i = 0; i < hits; i++) {
        const j = this.rngDisconnects.int(i, n - 1);
        const pick = ids[j];
        ids[j] = ids[i];
        ids[i] = pick;
        this.hit(pick, d.state);
      }
    }
    if (d.serverDownUs > 0) {
      const until = this.now + d.serverDownUs;
      if (until > this.serverDownUntil) this.serverDownUntil = until;
      this.serverDownHangs = d.downHangs;
      this.downEpoch++;
      if (this.trace !== null) this.log("serverDown", -1, -1, String(d.serverDownUs));
      this.heap.push(until, P_SERVER, E_SERVER_UP, 0, 0);
    }
    if (d.everyUs > 0) {
      const next = this.now + d.everyUs;
      if (d.untilUs === 0 || next <= d.untilUs) this.heap.push(next, P_SERVER, E_DISCONNECT, index, 0);
    }
  }

  /** The server drops one connection. An attempt already waiting on it learns at once or never. */
  private hit(conn: number, state: number): void {
    const k = this.conns;
    if (k.state[conn] !== ConnState.healthy) return; // a dead connection cannot die again
    k.state[conn] = state;
    if (this.trace !== null) this.log("connHit", conn, -1, CONN_STATE_NAMES[state]);
    if (k.where[conn] === Where.idle) {
      this.scheduleKeepAlive(conn);
      return;
    }
    const cmd = k.command[conn];
    const c = this.cmds;
    if (cmd < 0 || c.conn[cmd] !== conn) return;
    if (c.phase[cmd] === Phase.probe) {
      this.hitDuringPing(cmd, state);
      return;
    }
    if (c.phase[cmd] !== Phase.io || c.result[cmd] !== OK) return;
    if (state === ConnState.readonly) return; // the reply in flight was already on its way
    // The reply was on its way: a FIN or RST ends the read now; a silent loss leaves it to time out.
    c.maybeExecuted[cmd] = 1;
    let at = this.now;
    if (state === ConnState.closed) c.result[cmd] = ErrorKind.eof;
    else if (state === ConnState.reset) c.result[cmd] = ErrorKind.reset;
    else {
      c.result[cmd] = ErrorKind.timeout;
      at = Math.max(at, c.opStartedAt[cmd] + this.p.readTimeoutUs);
    }
    this.heap.push(at, P_NETWORK, E_IO_DONE, cmd, ++c.gen[cmd]);
  }

  /** A PING on its way when the peer dropped the connection: EOF or RST now, else its timeout. */
  private hitDuringPing(cmd: number, state: number): void {
    const c = this.cmds;
    if (c.result[cmd] === 1 || state === ConnState.readonly) return; // already dead, or a replica still answers PING
    c.result[cmd] = 1;
    const silent = state === ConnState.blackholed || state === ConnState.resetOnUse;
    const at = silent ? Math.max(this.now, c.opStartedAt[cmd] + this.p.pingTimeoutUs) : this.now;
    this.heap.push(at, P_NETWORK, E_PROBE_DONE, cmd, ++c.gen[cmd]);
  }

  /**
   * TCP keep-alive on an idle connection whose peer just went silent. Probes go out keepAliveIdle
   * after the last use, then every interval while answered; the first one after the peer went
   * silent is the first unanswered one. A reset-on-use peer answers it with an RST; a blackholed
   * one never answers, and the kernel fails the socket (ETIMEDOUT) count intervals later. Either
   * way a socket probe then sees it.
   */
  private scheduleKeepAlive(conn: number): void {
    const p = this.p;
    const k = this.conns;
    if (p.keepAliveIdleUs === 0) return;
    const state = k.state[conn];
    if (state !== ConnState.blackholed && state !== ConnState.resetOnUse) return;
    const firstProbe = k.usedAt[conn] + p.keepAliveIdleUs;
    const nextProbe = this.now <= firstProbe ? firstProbe : firstProbe + Math.ceil((this.now - firstProbe) / p.keepAliveIntervalUs) * p.keepAliveIntervalUs;
    const at = state === ConnState.resetOnUse ? nextProbe : nextProbe + p.keepAliveCount * p.keepAliveIntervalUs;
    this.heap.push(at, P_SERVER, E_KEEPALIVE_VERDICT, conn, k.useGen[conn]);
  }

  private keepAliveVerdict(conn: number, useGen: number): void {
    const k = this.conns;
    if (k.where[conn] !== Where.idle || k.useGen[conn] !== useGen) return;
    const state = k.state[conn];
    if (state === ConnState.blackholed) k.state[conn] = ConnState.timedOut;
    else if (state === ConnState.resetOnUse) k.state[conn] = ConnState.reset;
    else return;
    if (this.trace !== null) this.log("connHit", conn, -1, CONN_STATE_NAMES[k.state[conn]]);
  }

  /**
   * An idle spell ran long enough for the server (Redis `timeout`: FIN) or a middlebox (silent
   * drop) to act, unless the connection was used since.
   */
  private idleSpellEnds(conn: number, useGen: number, state: number): void {
    const k = this.conns;
    if (k.where[conn] !== Where.idle || k.useGen[conn] !== useGen || k.state[conn] !== ConnState.healthy) return;
    k.state[conn] = state;
    if (this.trace !== null) this.log("connHit", conn, -1, CONN_STATE_NAMES[state]);
    this.scheduleKeepAlive(conn);
  }

  /**
   * Background health check (pgxpool checkHealth, Jedis evictor): closes idle connections past
   * their lifetime or idle time and, with healthCheckPing, any whose PING fails; then refills.
   */
  private healthCheck(): void {
    const p = this.p;
    const k = this.conns;
    const doomed: number[] = [];
    this.idle.filter((conn) => {
      let drop = this.expired(conn);
      if (!drop && p.healthCheckPing) {
        const s = k.state[conn];
        drop = s !== ConnState.healthy && s !== ConnState.readonly;
        if (drop) this.r.healthCheckClosed++;
      }
      if (drop) doomed.push(conn);
      return !drop;
    });
    for (const conn of doomed) {
      this.idleLen--;
      this.removeConn(conn);
    }
    this.checkMinIdleConns();
    this.heap.push(this.now + p.healthCheckIntervalUs, P_CLIENT, E_HEALTH_CHECK, 0, 0);
  }

  // ---- Set-up ----

  private reset(params: ModelParams, seed: number, replication: number, trace: TraceEvent[] | null): void {
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

  private log(type: TraceType, conn = -1, cmd = -1, detail?: string): void {
    if (this.trace === null) return;
    const e: TraceEvent = { t: this.now, type };
    if (conn >= 0) e.conn = this.conns.id[conn];
    if (cmd >= 0) {
      e.cmd = this.cmds.index[cmd];
      e.attempt = this.cmds.attempt[cmd];
    }
    if (detail !== undefined) e.detail = detail;
    this.trace.push(e);
  }
}
