import { assert } from "../engine/assert.ts";
import type { Engine } from "../engine/engine.ts";
import { Where as WhereCodes } from "./codes.ts";
import { Phase as PhaseCodes, type CommandTable } from "./command-table.ts";
import { Opened, type ConnectionTable } from "./connection-table.ts";
import type { Dialer } from "./dialer.ts";
import { EventKind as Kinds } from "./events.ts";
import { IntDeque } from "./int-deque.ts";
import type { ModelParams } from "./params.ts";
import type { RunResult } from "./result.ts";
import type { Server } from "./server.ts";
import type { TraceLog } from "./trace-log.ts";

// Module-local copies of imported constants: under tsx's module transform every read of an
// imported binding is a getter call, which cost a third of a run's time on the hot path.
const Ev = Kinds;
const Where = WhereCodes;
const Phase = PhaseCodes;

/**
 * The pool's bookkeeping, as go-redis v9 internal/pool/pool.go keeps it: the PoolSize-slot turn
 * queue (waitTurn/freeTurn, FIFO waiters), the idle list (popIdle, LIFO or FIFO), the pooled and
 * idle counts (poolSize, idleConnsLen), Put and Remove, and MongoDB CMAP's pool generation.
 */
export class Pool {
  readonly idle = new IntDeque(64);
  /** (command, generation) pairs, FIFO. */
  private readonly waiters = new IntDeque(64);
  /** Turns held: at most PoolSize attempts are between Get and Put/Remove at once. */
  turnsUsed = 0;
  /** Pooled connections, including MinIdle dials under way (go-redis poolSize). */
  pooledCount = 0;
  /** Idle connections, including MinIdle dials under way (go-redis idleConnsLen). */
  idleCount = 0;
  /** CMAP pool generation: connections from an older one perish at checkout and check-in. */
  generation = 0;
  /** A Remove happened while its turn was held: refill MinIdle when the turn is freed (v9.15.1+). */
  private refillAfterTurn = false;
  private p!: ModelParams;
  private r!: RunResult;
  private trace: TraceLog | null = null;
  private dialer!: Dialer;
  private server!: Server;

  constructor(
    private readonly engine: Engine<number>,
    private readonly conns: ConnectionTable,
    private readonly cmds: CommandTable,
  ) {}

  link(roles: { dialer: Dialer; server: Server }): void {
    this.dialer = roles.dialer;
    this.server = roles.server;
  }

  reset(p: ModelParams, r: RunResult, trace: TraceLog | null): void {
    this.p = p;
    this.r = r;
    this.trace = trace;
    this.idle.clear();
    this.waiters.clear();
    this.turnsUsed = 0;
    this.pooledCount = 0;
    this.idleCount = 0;
    this.generation = 0;
    this.refillAfterTurn = false;
  }

  /** Warm-up: idle, initialised connections already in the pool at time 0 (not counted as dials). */
  warmUp(count: number): void {
    for (let i = 0; i < count; i++) {
      const conn = this.open(Opened.warm);
      this.pooledCount++;
      this.idleCount++;
      this.toIdle(conn);
    }
  }

  /** A connection comes into being (Opened code: warm, pooled or unpooled); returns its slot. */
  open(how: number): number {
    const conn = this.conns.open(this.engine.nowUs, this.generation, how);
    const c = this.r.connections;
    c.opened++;
    if (this.conns.openCount > c.maxOpen) c.maxOpen = this.conns.openCount;
    return conn;
  }

  /** waitTurn's fast path: takes a turn when one is free. */
  tryTakeTurn(): boolean {
    if (this.turnsUsed >= this.p.poolSize) return false;
    this.turnsUsed++;
    return true;
  }

  /** waitTurn's slow path: queue for a turn until pool.timeout. */
  waitForTurn(cmd: number): void {
    const c = this.cmds;
    c.phase[cmd] = Phase.waitTurn;
    const gen = ++c.gen[cmd];
    this.waiters.push(cmd);
    this.waiters.push(gen);
    if (this.trace !== null) this.trace.command("poolWait", cmd);
    this.engine.schedule(Ev.poolTimeout, this.engine.nowUs + this.p.poolTimeoutUs, cmd, gen);
  }

  /** freeTurn: the slot goes to the longest waiter still waiting, else back to the queue. */
  freeTurn(): void {
    this.passTurn();
    if (this.refillAfterTurn) {
      // v9.15.1+ Remove: removeConnWithLock, freeTurn, closeConn, then checkMinIdleConns.
      this.refillAfterTurn = false;
      this.dialer.refillMinIdle();
    }
  }

  /** The freed slot goes to the longest waiter still waiting, else back to the queue. */
  private passTurn(): void {
    // Go hands a freed buffered-channel slot to the longest-waiting sender (runtime sendq is FIFO).
    const c = this.cmds;
    while (this.waiters.length > 0) {
      const cmd = this.waiters.popFront();
      const gen = this.waiters.popFront();
      if (c.gen[cmd] !== gen) continue; // that wait timed out already
      c.phase[cmd] = Phase.dial;
      this.engine.schedule(Ev.turnGranted, this.engine.nowUs, cmd, ++c.gen[cmd]);
      return;
    }
    this.turnsUsed--;
    assert(this.turnsUsed >= 0, "freed a pool turn nobody held");
  }

  /** popIdle: the next idle connection (LIFO or FIFO); MinIdleConns refills behind it. */
  popIdle(): number {
    const conn = this.p.fifo ? this.idle.popFront() : this.idle.popBack();
    this.idleCount--;
    this.dialer.refillMinIdle();
    return conn;
  }

  /** Put: back to the idle list, or closed when unpooled, perished or past MaxIdleConns; frees the turn. */
  putConn(conn: number): void {
    const k = this.conns;
    if (!k.pooled[conn] || k.generation[conn] < this.generation) {
      if (k.generation[conn] < this.generation) this.r.perishedDiscarded++;
      this.removeConn(conn, true); // Put → Remove for an unpooled connection
    } else if (this.p.maxIdle === 0 || this.idleCount < this.p.maxIdle) {
      this.idleCount++;
      this.toIdle(conn);
      if (this.trace !== null) this.trace.commandConn("connReturned", conn, k.command[conn]);
    } else {
      this.removeConn(conn);
    }
    this.freeTurn();
  }

  /** Into the idle list; the server's timers for the idle spell start (Redis timeout, middlebox). */
  toIdle(conn: number): void {
    this.conns.where[conn] = Where.idle;
    this.idle.push(conn);
    this.server.idleSpellStarted(conn);
  }

  /**
   * CloseConn (`byRemove` false: a stale or expired idle connection, one past maxIdle) or Remove
   * (true: after a failed attempt, with its turn still held): the connection is closed and a pooled
   * one frees its place. go-redis ≤ v9.14 refills MinIdle right here (removeConn calls
   * checkMinIdleConns, internal/pool/pool.go at v9.14.1); from v9.15.1 (0ef6d072) removeConn no
   * longer does, and only Remove refills, after its freeTurn.
   */
  removeConn(conn: number, byRemove = false): void {
    const k = this.conns;
    if (this.trace !== null) this.trace.conn("connClosed", conn);
    k.close(conn);
    this.r.connections.closed++;
    if (this.p.refillOnStaleDiscard) {
      if (k.pooled[conn]) {
        this.pooledCount--;
        this.dialer.refillMinIdle();
      }
      return;
    }
    if (k.pooled[conn]) this.pooledCount--;
    if (byRemove) this.refillAfterTurn = true;
  }

  /** Closes idle connections the keep predicate rejects, in idle-list order (background checks). */
  dropIdle(keep: (conn: number) => boolean): void {
    const doomed: number[] = [];
    this.idle.filter((conn) => {
      const ok = keep(conn);
      if (!ok) doomed.push(conn);
      return ok;
    });
    for (const conn of doomed) {
      this.idleCount--;
      this.removeConn(conn);
    }
  }

  /** MongoDB CMAP clear(): bump the generation; older connections perish at checkout/check-in. */
  clear(): void {
    this.generation++;
    this.r.poolClears++;
    if (this.trace !== null) this.trace.plain("poolCleared");
  }
}
