import { assert } from "../engine/assert.ts";
import { EventHeap } from "../engine/heap.ts";
import { createRng, Stream, type Rng } from "../engine/rng.ts";
import { getProbe, type ProbeStrategy, type ProbeSubject } from "../probes/index.ts";
import { retryBackoffUs } from "./backoff.ts";
import { CONN_STATE_NAMES, ConnState, ERROR_KIND_NAMES, ErrorKind, Where } from "./codes.ts";
import { IntDeque } from "./int-deque.ts";
import { LatencyRecorder } from "./latency.ts";
import type { ModelParams } from "./params.ts";
import type { RunResult } from "./result.ts";
import type { TraceEvent, TraceType } from "./trace.ts";

// Event kinds. Numbers, not objects: the hot loop of a sweep handles millions of them.
const E_COMMAND_START = 1; // a = command slot
const E_ATTEMPT_START = 2; // a = command, b = generation
const E_TURN_GRANTED = 3; // a = command, b = generation
const E_POOL_TIMEOUT = 4; // a = command, b = generation
const E_DIAL_DONE = 5; // a = command, b = generation
const E_IO_DONE = 6; // a = command, b = generation
const E_DISCONNECT = 7; // a = disconnect index
const E_SERVER_UP = 8;
const E_SERVER_IDLE_CLOSE = 9; // a = connection slot, b = its use generation
const E_BACKGROUND_DIAL_DONE = 10; // a = error kind or -1, b = dialed (1) or rejected by the breaker (0)
const E_BREAKER_DIAL_DONE = 11; // a = error kind or -1
const E_BREAKER_REDIAL = 12;
const E_ARRIVAL = 13; // open-loop arrival

// Same-instant order: the server acts first, then replies and dials land, then clients act.
const P_SERVER = 0;
const P_NETWORK = 1;
const P_CLIENT = 2;

// Command phases.
const C_IDLE = 0;
const C_WAIT_TURN = 1;
const C_DIAL = 2;
const C_IO = 3;
const C_BACKOFF = 4;

/** go-redis tryDial sleeps this long after a failed background dial (internal/pool/pool.go). */
const BREAKER_REDIAL_US = 1_000_000;
const OK = -1;
/** Flag on a dial result: the breaker refused it without dialing. */
const REJECTED = 16;

/**
 * One run of the go-redis v9 client model: a pool (internal/pool/pool.go Get/Put/Remove,
 * popIdle, isHealthyConn, checkMinIdleConns, dialConn/tryDial) and a command retry loop
 * (redis.go process/_process/withConn/releaseConn, error.go shouldRetry/isBadConn), driven by
 * server-side disconnects. A Simulation is reusable: run() resets all state, so a Monte Carlo
 * sweep allocates its arrays once per worker.
 */
export class Simulation {
  private readonly heap = new EventHeap(256);
  private readonly latency = new LatencyRecorder();
  private readonly idle = new IntDeque(64);
  private readonly waiters = new IntDeque(64);
  private readonly subject: ProbeSubject = { state: 0, tls: false, idleUs: 0 };
  private p!: ModelParams;
  private probe!: ProbeStrategy;
  private now = 0;
  private trace: TraceEvent[] | null = null;

  // Random streams, one per subsystem (common random numbers across sweep cells).
  private rngWorkload!: Rng;
  private rngDisconnects!: Rng;
  private rngBackoff!: Rng;

  // Connections: slots in parallel arrays, reused through a free list.
  private connCap = 0;
  private connState = new Uint8Array(0);
  private connWhere = new Uint8Array(0);
  private connPooled = new Uint8Array(0);
  private connInited = new Uint8Array(0);
  private connCreatedAt = new Float64Array(0);
  private connUsedAt = new Float64Array(0);
  private connId = new Int32Array(0);
  private connUseGen = new Int32Array(0);
  private connCommand = new Int32Array(0);
  private connOpenIndex = new Int32Array(0);
  private freeConns: number[] = [];
  private openConns = new Int32Array(0);
  private openCount = 0;
  private connsDialed = 0;

  // Pool counters, as go-redis keeps them.
  private turnsUsed = 0;
  private poolSize = 0; // pooled connections, including minIdle dials under way
  private idleLen = 0; // idle connections, including minIdle dials under way
  private dialErrors = 0; // dialErrorsNum: consecutive dial failures
  private lastDialError = ErrorKind.dialRefused as number;
  private serverDownUntil = 0;
  private serverDownHangs = false;

  // Commands: slots in parallel arrays.
  private cmdCap = 0;
  private cmdPhase = new Uint8Array(0);
  private cmdAttempt = new Int32Array(0);
  private cmdGen = new Int32Array(0);
  private cmdConn = new Int32Array(0);
  private cmdIndex = new Int32Array(0);
  private cmdLeft = new Int32Array(0); // commands still to issue by this slot's client
  private cmdStartedAt = new Float64Array(0);
  private cmdOpStartedAt = new Float64Array(0);
  private cmdResult = new Int8Array(0); // pending I/O or dial outcome: OK or an error kind
  private freeCmds: number[] = [];
  private commandsIssued = 0;
  private commandsInFlight = 0;
  /** Commands the workload will issue in all; Infinity while open-loop arrivals go on. */
  private commandsExpected = 0;
  private done = false;

  // Per-run counters.
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
    return this.finish(events);
  }

  private dispatch(kind: number, a: number, b: number): void {
    switch (kind) {
      case E_COMMAND_START: return this.startCommand(a);
      case E_ATTEMPT_START: if (this.cmdGen[a] === b) this.startAttempt(a); return;
      case E_TURN_GRANTED: if (this.cmdGen[a] === b) this.getConn(a); return;
      case E_POOL_TIMEOUT: if (this.cmdGen[a] === b) this.poolTimedOut(a); return;
      case E_DIAL_DONE: if (this.cmdGen[a] === b) this.dialDone(a); return;
      case E_IO_DONE: if (this.cmdGen[a] === b) this.ioDone(a); return;
      case E_DISCONNECT: return this.disconnect(a);
      case E_SERVER_UP: if (this.now >= this.serverDownUntil) this.log("serverUp"); return;
      case E_SERVER_IDLE_CLOSE: return this.serverIdleClose(a, b);
      case E_BACKGROUND_DIAL_DONE: return this.backgroundDialDone(a, b);
      case E_BREAKER_DIAL_DONE: return this.breakerDialDone(a);
      case E_BREAKER_REDIAL: return this.breakerDial();
      case E_ARRIVAL: return this.arrival();
      default: assert(false, `unknown event kind ${kind}`);
    }
  }

  // ---- Commands and the retry loop (redis.go process/_process) ----

  private startCommand(cmd: number): void {
    this.cmdIndex[cmd] = this.commandsIssued++;
    this.commandsInFlight++;
    this.cmdStartedAt[cmd] = this.now;
    this.cmdAttempt[cmd] = 0;
    this.log("commandStart", -1, cmd);
    this.startAttempt(cmd);
  }

  private startAttempt(cmd: number): void {
    this.r.attempts++;
    this.log("attemptStart", -1, cmd);
    // waitTurn: a slot of PoolSize is taken for the whole attempt (Get → Put/Remove).
    if (this.turnsUsed < this.p.poolSize) {
      this.turnsUsed++;
      this.getConn(cmd);
      return;
    }
    this.cmdPhase[cmd] = C_WAIT_TURN;
    const gen = ++this.cmdGen[cmd];
    this.waiters.push(cmd);
    this.waiters.push(gen);
    this.log("poolWait", -1, cmd);
    this.heap.push(this.now + this.p.poolTimeoutUs, P_CLIENT, E_POOL_TIMEOUT, cmd, gen);
  }

  private poolTimedOut(cmd: number): void {
    // The waiter stays queued; freeTurn skips it because its generation moved on.
    this.cmdGen[cmd]++;
    this.r.poolTimeouts++;
    this.log("poolTimeout", -1, cmd);
    this.attemptFailed(cmd, ErrorKind.poolTimeout);
  }

  /** An attempt ended with an error: retry after backoff when allowed (shouldRetry), else fail. */
  private attemptFailed(cmd: number, error: number): void {
    this.r.errors[ERROR_KIND_NAMES[error]]++;
    if (this.trace !== null) this.log("attemptFailed", -1, cmd, ERROR_KIND_NAMES[error]);
    const attempt = this.cmdAttempt[cmd];
    if (this.p.retryable[error] && attempt < this.p.maxRetries) {
      this.cmdAttempt[cmd] = attempt + 1;
      this.cmdPhase[cmd] = C_BACKOFF;
      const sleep = retryBackoffUs(attempt + 1, this.p.minBackoffUs, this.p.maxBackoffUs, this.rngBackoff);
      if (this.trace !== null) this.log("backoff", -1, cmd, String(sleep));
      this.heap.push(this.now + sleep, P_CLIENT, E_ATTEMPT_START, cmd, ++this.cmdGen[cmd]);
      return;
    }
    this.finishCommand(cmd, false);
  }

  private finishCommand(cmd: number, ok: boolean): void {
    this.cmdPhase[cmd] = C_IDLE;
    this.cmdGen[cmd]++;
    this.commandsInFlight--;
    const r = this.r;
    r.commands++;
    if (ok) r.succeeded++;
    else {
      r.failed++;
      const i = this.cmdIndex[cmd];
      if (i < this.perCommand.length) this.perCommand[i] = 1;
    }
    this.latency.record(this.now - this.cmdStartedAt[cmd]);
    this.log(ok ? "commandSucceeded" : "commandFailed", -1, cmd);
    this.nextCommand(cmd);
    if (r.commands === this.commandsExpected) this.done = true;
  }

  // ---- Workloads ----

  private nextCommand(cmd: number): void {
    const w = this.p.workload;
    if (w.kind === "poisson") {
      this.freeCmds.push(cmd);
    } else if (this.cmdLeft[cmd] > 0) {
      this.cmdLeft[cmd]--;
      const think = w.kind === "concurrent" ? w.thinkUs : 0;
      this.heap.push(this.now + think, P_CLIENT, E_COMMAND_START, cmd, 0);
    }
  }

  private arrival(): void {
    const w = this.p.workload;
    assert(w.kind === "poisson", "arrival event outside a poisson workload");
    const cmd = this.allocCommand();
    this.startCommand(cmd);
    const next = this.now + Math.round(this.rngWorkload.exponential(1 / w.ratePerUs));
    if (next < w.startUs + w.durationUs) this.heap.push(next, P_CLIENT, E_ARRIVAL, 0, 0);
    else this.commandsExpected = this.commandsIssued;
  }

  private allocCommand(): number {
    if (this.freeCmds.length > 0) return this.freeCmds.pop()!;
    const cmd = this.cmdCap;
    this.growCommands(cmd + 1);
    return cmd;
  }

  // ---- Pool.Get (internal/pool/pool.go) ----

  /** With a turn held: pop idle connections and check each; a failed check costs no retry. */
  private getConn(cmd: number): void {
    const p = this.p;
    let checked = 0;
    while (this.idle.length > 0) {
      // v9.15+: at most getAttempts idle connections are tried, then Get dials.
      if (p.probesPerGetMax > 0 && checked >= p.probesPerGetMax) break;
      const conn = this.popIdle();
      checked++;
      if (!this.isHealthy(conn)) {
        this.closeConn(conn);
        continue;
      }
      this.connUsedAt[conn] = this.now;
      this.handOut(cmd, conn);
      return;
    }
    this.dialForCommand(cmd);
  }

  private popIdle(): number {
    const conn = this.p.fifo ? this.idle.popFront() : this.idle.popBack();
    this.idleLen--;
    this.checkMinIdleConns();
    return conn;
  }

  /** isHealthyConn: max lifetime, then max idle time, then the probe (connCheck). */
  private isHealthy(conn: number): boolean {
    const p = this.p;
    if (p.maxLifetimeUs > 0 && this.now - this.connCreatedAt[conn] >= p.maxLifetimeUs) {
      this.r.expiredDiscarded++;
      this.log("expiredDiscarded", conn, -1, "maxLifetime");
      return false;
    }
    if (p.maxIdleTimeUs > 0) {
      // ≤ v9.14 stores usedAt in whole Unix seconds, so a connection looks idle up to 1 s longer.
      const res = p.idleClockResolutionUs;
      const usedAt = res > 0 ? Math.floor(this.connUsedAt[conn] / res) * res : this.connUsedAt[conn];
      if (this.now - usedAt >= p.maxIdleTimeUs) {
        this.r.expiredDiscarded++;
        this.log("expiredDiscarded", conn, -1, "maxIdleTime");
        return false;
      }
    }
    const s = this.subject;
    s.state = this.connState[conn];
    s.tls = p.tls;
    s.idleUs = this.now - this.connUsedAt[conn];
    if (!this.probe.applies(s)) return true;
    this.r.probes++;
    if (!this.probe.judgesDead(s)) return true;
    this.r.probesCaught++;
    if (this.trace !== null) this.log("probeDiscarded", conn, -1, CONN_STATE_NAMES[s.state]);
    return false;
  }

  private handOut(cmd: number, conn: number): void {
    this.connWhere[conn] = Where.inUse;
    this.connCommand[conn] = cmd;
    this.connUseGen[conn]++;
    this.cmdConn[cmd] = conn;
    const state = this.connState[conn];
    if (state !== ConnState.healthy) {
      const s = this.r.staleHandedOut;
      if (state === ConnState.closed) s.closed++;
      else if (state === ConnState.reset) s.reset++;
      else if (state === ConnState.resetOnUse) s.resetOnUse++;
      else s.blackholed++;
    }
    if (this.trace !== null) this.log("connTaken", conn, cmd, CONN_STATE_NAMES[state]);
    this.startIo(cmd, conn);
  }

  /**
   * Write the command and read the reply (first the HELLO/SETINFO init on a new connection).
   * A stale connection fails the attempt: FIN → EOF at once; RST → reset at once; reset-on-use →
   * the write draws an RST one round trip later; blackholed → the read waits readTimeout.
   */
  private startIo(cmd: number, conn: number): void {
    const p = this.p;
    let cost = 0;
    let result: number = OK;
    switch (this.connState[conn]) {
      case ConnState.healthy:
        cost = p.rttUs + (this.connInited[conn] ? 0 : p.initUs);
        if (p.rttUs > p.readTimeoutUs) { cost = p.readTimeoutUs; result = ErrorKind.timeout; }
        break;
      case ConnState.closed: result = ErrorKind.eof; break;
      case ConnState.reset: result = ErrorKind.reset; break;
      case ConnState.resetOnUse: cost = p.rttUs; result = ErrorKind.reset; break;
      default: cost = p.readTimeoutUs; result = ErrorKind.timeout;
    }
    this.connInited[conn] = 1;
    this.connUsedAt[conn] = this.now; // pool.Conn deadline() stamps usedAt at each read/write
    this.cmdPhase[cmd] = C_IO;
    this.cmdOpStartedAt[cmd] = this.now;
    this.cmdResult[cmd] = result;
    this.heap.push(this.now + cost, P_NETWORK, E_IO_DONE, cmd, ++this.cmdGen[cmd]);
  }

  private ioDone(cmd: number): void {
    const conn = this.cmdConn[cmd];
    const result = this.cmdResult[cmd];
    this.cmdConn[cmd] = -1;
    if (result === OK) {
      if (this.p.serverIdleTimeoutUs > 0) {
        this.heap.push(this.now + this.p.serverIdleTimeoutUs, P_SERVER, E_SERVER_IDLE_CLOSE, conn, this.connUseGen[conn]);
      }
      this.putConn(conn);
      this.finishCommand(cmd, true);
      return;
    }
    // releaseConn: isBadConn is true for every network error, so the connection is removed.
    this.removeConn(conn);
    this.freeTurn();
    this.attemptFailed(cmd, result);
  }

  // ---- Dialing (newConn/dialConn/tryDial) ----

  private dialForCommand(cmd: number): void {
    const gen = ++this.cmdGen[cmd];
    this.cmdPhase[cmd] = C_DIAL;
    if (this.dialErrors >= this.p.poolSize) {
      // The breaker is open: dialConn returns the last dial error without dialing.
      this.r.breakerRejections++;
      this.cmdResult[cmd] = this.lastDialError | REJECTED;
      this.heap.push(this.now, P_NETWORK, E_DIAL_DONE, cmd, gen);
      return;
    }
    this.r.dials++;
    this.log("connDialStart", -1, cmd);
    const cost = this.dialCost();
    this.cmdResult[cmd] = this.dialResult;
    this.heap.push(this.now + cost, P_NETWORK, E_DIAL_DONE, cmd, gen);
  }

  /** Result of the dial priced by the last dialCost() call: OK or an error kind. */
  private dialResult: number = OK;

  /** How long a dial started now takes; sets dialResult. The server's state at the start decides. */
  private dialCost(): number {
    const p = this.p;
    if (this.now < this.serverDownUntil) {
      if (this.serverDownHangs) { this.dialResult = ErrorKind.dialTimeout; return p.dialTimeoutUs; }
      this.dialResult = ErrorKind.dialRefused; // SYN answered by RST: one round trip
      return p.rttUs;
    }
    if (p.dialTimeUs > p.dialTimeoutUs) { this.dialResult = ErrorKind.dialTimeout; return p.dialTimeoutUs; }
    this.dialResult = OK;
    return p.dialTimeUs;
  }

  private dialDone(cmd: number): void {
    const result = this.cmdResult[cmd];
    if (result !== OK) {
      const error = result & ~REJECTED;
      if (error === result) this.dialFailed(error); // a dial was made and failed
      this.freeTurn();
      this.attemptFailed(cmd, error);
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

  /** A dial failed: count it toward the breaker; the PoolSize-th in a row starts tryDial. */
  private dialFailed(error: number): void {
    this.r.dialFailures++;
    this.lastDialError = error;
    if (this.trace !== null) this.log("dialFailed", -1, -1, ERROR_KIND_NAMES[error]);
    if (++this.dialErrors === this.p.poolSize) {
      this.log("breakerOpen");
      this.breakerDial();
    }
  }

  /** tryDial: dial in the background; on failure sleep 1 s and dial again; success resets the count. */
  private breakerDial(): void {
    this.r.dials++;
    const cost = this.dialCost();
    this.heap.push(this.now + cost, P_NETWORK, E_BREAKER_DIAL_DONE, this.dialResult, 0);
  }

  private breakerDialDone(result: number): void {
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
      if (this.dialErrors >= p.poolSize) {
        this.r.breakerRejections++;
        this.heap.push(this.now, P_NETWORK, E_BACKGROUND_DIAL_DONE, this.lastDialError, 0);
        continue;
      }
      this.r.dials++;
      const cost = this.dialCost();
      this.heap.push(this.now + cost, P_NETWORK, E_BACKGROUND_DIAL_DONE, this.dialResult, 1);
    }
  }

  private backgroundDialDone(result: number, dialed: number): void {
    if (result === OK) {
      const conn = this.openConn(true, false);
      this.connWhere[conn] = Where.idle;
      this.idle.push(conn);
      this.log("connDialed", conn);
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
    if (!this.connPooled[conn]) {
      this.removeConn(conn);
    } else if (p.maxIdle === 0 || this.idleLen < p.maxIdle) {
      this.connWhere[conn] = Where.idle;
      this.idle.push(conn);
      this.idleLen++;
      this.log("connReturned", conn, this.connCommand[conn]);
    } else {
      this.removeConn(conn);
    }
    this.freeTurn();
  }

  /** CloseConn from Get: removed and closed; the caller keeps its turn. */
  private closeConn(conn: number): void {
    this.removeConn(conn);
  }

  private removeConn(conn: number): void {
    if (this.trace !== null) this.log("connClosed", conn, -1, CONN_STATE_NAMES[this.connState[conn]]);
    const i = this.connOpenIndex[conn];
    const last = this.openConns[--this.openCount];
    this.openConns[i] = last;
    this.connOpenIndex[last] = i;
    this.connWhere[conn] = Where.free;
    this.freeConns.push(conn);
    this.r.connections.closed++;
    if (this.connPooled[conn]) {
      this.poolSize--;
      this.checkMinIdleConns();
    }
  }

  private freeTurn(): void {
    // Go hands a freed buffered-channel slot to the longest-waiting sender (runtime sendq is FIFO).
    while (this.waiters.length > 0) {
      const cmd = this.waiters.popFront();
      const gen = this.waiters.popFront();
      if (this.cmdGen[cmd] !== gen) continue; // that wait timed out already
      this.cmdPhase[cmd] = C_DIAL;
      this.heap.push(this.now, P_CLIENT, E_TURN_GRANTED, cmd, ++this.cmdGen[cmd]);
      return;
    }
    this.turnsUsed--;
    assert(this.turnsUsed >= 0, "freed a pool turn nobody held");
  }

  private openConn(pooled: boolean, inited: boolean): number {
    if (this.freeConns.length === 0) this.growConns(this.connCap * 2 || 32);
    const conn = this.freeConns.pop()!;
    this.connState[conn] = ConnState.healthy;
    this.connWhere[conn] = Where.inUse;
    this.connPooled[conn] = pooled ? 1 : 0;
    this.connInited[conn] = inited ? 1 : 0;
    this.connCreatedAt[conn] = this.now;
    this.connUsedAt[conn] = this.now;
    this.connId[conn] = this.connsDialed++;
    this.connUseGen[conn]++; // invalidates server idle-close events aimed at this slot's last tenant
    this.connCommand[conn] = -1;
    this.connOpenIndex[conn] = this.openCount;
    this.openConns[this.openCount++] = conn;
    const c = this.r.connections;
    c.opened++;
    if (this.openCount > c.maxOpen) c.maxOpen = this.openCount;
    assert(this.openCount <= this.connCap, "open connections exceed their table");
    return conn;
  }

  // ---- The server side ----

  private disconnect(index: number): void {
    const d = this.p.disconnects[index];
    const n = this.openCount;
    const k = d.fraction !== null ? Math.floor(d.fraction * n) : Math.min(d.count ?? 0, n);
    if (k === n) {
      // Every open connection: no draw needed, so the disconnect stream is left untouched.
      for (let i = n - 1; i >= 0; i--) this.hit(this.openConns[i], d.state);
    } else if (k > 0) {
      // Candidates in dial order, so the choice does not depend on the open list's history.
      const ids = Array.from(this.openConns.subarray(0, n)).sort((x, y) => this.connId[x] - this.connId[y]);
      for (let i = 0; i < k; i++) {
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
    if (this.connState[conn] !== ConnState.healthy) return; // a dead connection cannot die again
    this.connState[conn] = state;
    if (this.trace !== null) this.log("connHit", conn, -1, CONN_STATE_NAMES[state]);
    const cmd = this.connCommand[conn];
    if (this.connWhere[conn] !== Where.inUse || cmd < 0 || this.cmdPhase[cmd] !== C_IO || this.cmdResult[cmd] !== OK) return;
    // The reply was on its way: a FIN or RST ends the read now; a silent loss leaves it to time out.
    let at = this.now;
    if (state === ConnState.closed) this.cmdResult[cmd] = ErrorKind.eof;
    else if (state === ConnState.reset) this.cmdResult[cmd] = ErrorKind.reset;
    else {
      this.cmdResult[cmd] = ErrorKind.timeout;
      at = Math.max(at, this.cmdOpStartedAt[cmd] + this.p.readTimeoutUs);
    }
    this.heap.push(at, P_NETWORK, E_IO_DONE, cmd, ++this.cmdGen[cmd]);
  }

  /** Redis `timeout`: a connection idle this long on the server is closed with a FIN. */
  private serverIdleClose(conn: number, useGen: number): void {
    if (this.connWhere[conn] !== Where.idle || this.connUseGen[conn] !== useGen) return;
    if (this.connState[conn] !== ConnState.healthy) return;
    this.connState[conn] = ConnState.closed;
    this.log("connHit", conn, -1, "closed");
  }

  // ---- Set-up and results ----

  private reset(params: ModelParams, seed: number, replication: number, trace: TraceEvent[] | null): void {
    this.p = params;
    this.probe = getProbe(params.probeKey);
    this.trace = trace;
    this.now = 0;
    this.heap.clear();
    this.latency.reset();
    this.idle.clear();
    this.waiters.clear();
    this.rngWorkload = createRng(seed, replication, Stream.workload);
    this.rngDisconnects = createRng(seed, replication, Stream.disconnects);
    this.rngBackoff = createRng(seed, replication, Stream.backoff);

    this.growConns(Math.max(32, params.poolSize * 2 + 8));
    this.freeConns.length = 0;
    for (let c = this.connCap - 1; c >= 0; c--) this.freeConns.push(c);
    this.connUseGen.fill(0);
    this.openCount = 0;
    this.connsDialed = 0;
    this.turnsUsed = 0;
    this.poolSize = 0;
    this.idleLen = 0;
    this.dialErrors = 0;
    this.lastDialError = ErrorKind.dialRefused;
    this.serverDownUntil = 0;
    this.serverDownHangs = false;
    this.commandsIssued = 0;
    this.commandsInFlight = 0;
    this.done = false;
    this.r = emptyResult();

    const w = params.workload;
    const clients = w.kind === "concurrent" ? w.clients : 1;
    this.growCommands(Math.max(clients, 16));
    this.cmdPhase.fill(C_IDLE);
    this.cmdGen.fill(0);
    this.cmdLeft.fill(0);
    this.freeCmds.length = 0;
    this.perCommand = w.kind === "sequential" ? new Uint8Array(w.commands) : new Uint8Array(0);
    this.commandsExpected = w.kind === "poisson" ? Infinity : clients * w.commands;
    if (w.kind === "poisson") {
      for (let c = this.cmdCap - 1; c >= 0; c--) this.freeCmds.push(c);
      this.heap.push(w.startUs, P_CLIENT, E_ARRIVAL, 0, 0);
    } else {
      for (let c = 0; c < clients; c++) {
        this.cmdLeft[c] = w.commands - 1;
        this.heap.push(w.startUs, P_CLIENT, E_COMMAND_START, c, 0);
      }
    }

    // Warm-up: idle, initialised connections already in the pool at time 0 (not counted as dials).
    for (let i = 0; i < params.warmupIdle; i++) {
      const conn = this.openConn(true, true);
      this.connWhere[conn] = Where.idle;
      this.idle.push(conn);
      this.poolSize++;
      this.idleLen++;
      if (params.serverIdleTimeoutUs > 0) this.heap.push(params.serverIdleTimeoutUs, P_SERVER, E_SERVER_IDLE_CLOSE, conn, this.connUseGen[conn]);
    }
    this.checkMinIdleConns(); // NewConnPool does the same
    params.disconnects.forEach((d, i) => this.heap.push(d.atUs, P_SERVER, E_DISCONNECT, i, 0));
  }

  private finish(events: number): RunResult {
    const r = this.r;
    const lat = this.latency;
    r.events = events;
    r.connections.openAtEnd = this.openCount;
    r.endMs = this.now / 1000;
    r.latencyMeanMs = lat.n > 0 ? lat.sum / lat.n / 1000 : NaN;
    r.latencyP50Ms = lat.quantile(0.5) / 1000;
    r.latencyP90Ms = lat.quantile(0.9) / 1000;
    r.latencyP99Ms = lat.quantile(0.99) / 1000;
    r.latencyMaxMs = lat.n > 0 ? lat.max / 1000 : NaN;
    r.perCommandFailed = this.perCommand;
    return r;
  }

  private growConns(cap: number): void {
    if (cap <= this.connCap) return;
    const old = this.connCap;
    this.connState = grow(this.connState, cap);
    this.connWhere = grow(this.connWhere, cap);
    this.connPooled = grow(this.connPooled, cap);
    this.connInited = grow(this.connInited, cap);
    this.connCreatedAt = grow(this.connCreatedAt, cap);
    this.connUsedAt = grow(this.connUsedAt, cap);
    this.connId = grow(this.connId, cap);
    this.connUseGen = grow(this.connUseGen, cap);
    this.connCommand = grow(this.connCommand, cap);
    this.connOpenIndex = grow(this.connOpenIndex, cap);
    this.openConns = grow(this.openConns, cap);
    this.connCap = cap;
    for (let c = cap - 1; c >= old; c--) this.freeConns.push(c);
  }

  private growCommands(min: number): void {
    if (min <= this.cmdCap) return;
    let cap = Math.max(16, this.cmdCap);
    while (cap < min) cap *= 2;
    const old = this.cmdCap;
    this.cmdPhase = grow(this.cmdPhase, cap);
    this.cmdAttempt = grow(this.cmdAttempt, cap);
    this.cmdGen = grow(this.cmdGen, cap);
    this.cmdConn = grow(this.cmdConn, cap);
    this.cmdIndex = grow(this.cmdIndex, cap);
    this.cmdLeft = grow(this.cmdLeft, cap);
    this.cmdStartedAt = grow(this.cmdStartedAt, cap);
    this.cmdOpStartedAt = grow(this.cmdOpStartedAt, cap);
    this.cmdResult = grow(this.cmdResult, cap);
    this.cmdCap = cap;
    if (this.p?.workload.kind === "poisson") for (let c = cap - 1; c > old; c--) this.freeCmds.push(c);
  }

  private log(type: TraceType, conn = -1, cmd = -1, detail?: string): void {
    if (this.trace === null) return;
    const e: TraceEvent = { t: this.now, type };
    if (conn >= 0) e.conn = this.connId[conn];
    if (cmd >= 0) {
      e.cmd = this.cmdIndex[cmd];
      e.attempt = this.cmdAttempt[cmd];
    }
    if (detail !== undefined) e.detail = detail;
    this.trace.push(e);
  }
}

type TypedArray = Uint8Array | Int8Array | Int32Array | Float64Array;
function grow<T extends TypedArray>(a: T, cap: number): T {
  const next = new (a.constructor as new (n: number) => T)(cap);
  next.set(a);
  return next;
}

function emptyResult(): RunResult {
  return {
    outcome: "complete",
    commands: 0,
    succeeded: 0,
    failed: 0,
    attempts: 0,
    staleHandedOut: { closed: 0, reset: 0, resetOnUse: 0, blackholed: 0 },
    probes: 0,
    probesCaught: 0,
    expiredDiscarded: 0,
    dials: 0,
    dialFailures: 0,
    connections: { opened: 0, closed: 0, openAtEnd: 0, maxOpen: 0 },
    breakerRejections: 0,
    poolTimeouts: 0,
    errors: { eof: 0, reset: 0, timeout: 0, dialRefused: 0, dialTimeout: 0, poolTimeout: 0 },
    latencyMeanMs: NaN,
    latencyP50Ms: NaN,
    latencyP90Ms: NaN,
    latencyP99Ms: NaN,
    latencyMaxMs: NaN,
    perCommandFailed: new Uint8Array(0),
    endMs: 0,
    events: 0,
  };
}
