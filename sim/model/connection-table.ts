import { assert } from "../engine/assert.ts";
import { ConnState, Where } from "./codes.ts";
import { growColumns } from "./grow.ts";

/** How a connection comes to be: warm-up (pooled, already initialised), or dialed, pooled or not. */
export const Opened = { warm: 0, pooled: 1, unpooled: 2 } as const;

/**
 * The connection table: one slot per connection in parallel typed arrays, reused through a free
 * list, plus the list of open connections a disconnect chooses from. Shared by the roles; each
 * writes only the columns its concept owns (the server `state`, the pool `where`).
 */
export class ConnectionTable {
  cap = 0;
  /** ConnState code: what the server or network has done to it. */
  state = new Uint8Array(0);
  /** Where code: free slot, idle in the pool, or in use. */
  where = new Uint8Array(0);
  pooled = new Uint8Array(0);
  /** HELLO/SETINFO done (a dialed connection is initialised by its first use). */
  inited = new Uint8Array(0);
  createdAtUs = new Float64Array(0);
  usedAtUs = new Float64Array(0);
  /** Dial order, from 0: the id traces and victim choice use, independent of slot reuse. */
  id = new Int32Array(0);
  /** Bumped at every hand-out and reopen, so delayed events aimed at an idle spell can tell it is over. */
  useGen = new Int32Array(0);
  /** Pool generation at creation (MongoDB CMAP: older generations are perished). */
  generation = new Int32Array(0);
  /** The command that last took it. */
  command = new Int32Array(0);
  openIndex = new Int32Array(0);
  openList = new Int32Array(0);
  openCount = 0;
  dialed = 0;
  /** Free slots, a stack (typed, so that a run's reset allocates nothing). */
  private free = new Int32Array(0);
  private freeCount = 0;

  reset(minCap: number): void {
    this.grow(minCap);
    this.freeCount = 0;
    for (let c = this.cap - 1; c >= 0; c--) this.free[this.freeCount++] = c;
    this.useGen.fill(0);
    this.openCount = 0;
    this.dialed = 0;
  }

  /** A new, healthy, open connection; returns its slot. */
  open(nowUs: number, generation: number, how: number): number {
    if (this.freeCount === 0) this.grow(this.cap * 2);
    const conn = this.free[--this.freeCount];
    this.state[conn] = ConnState.healthy;
    this.where[conn] = Where.inUse;
    this.pooled[conn] = how === Opened.unpooled ? 0 : 1;
    this.inited[conn] = how === Opened.warm ? 1 : 0;
    this.createdAtUs[conn] = nowUs;
    this.usedAtUs[conn] = nowUs;
    this.id[conn] = this.dialed++;
    this.useGen[conn]++;
    this.generation[conn] = generation;
    this.command[conn] = -1;
    this.openIndex[conn] = this.openCount;
    this.openList[this.openCount++] = conn;
    assert(this.openCount <= this.cap, "open connections exceed their table");
    return conn;
  }

  close(conn: number): void {
    assert(this.where[conn] !== Where.free, "closed a connection twice");
    const i = this.openIndex[conn];
    const last = this.openList[--this.openCount];
    this.openList[i] = last;
    this.openIndex[last] = i;
    this.where[conn] = Where.free;
    this.free[this.freeCount++] = conn;
  }

  private grow(cap: number): void {
    if (cap <= this.cap) return;
    const old = this.cap;
    growColumns(this, cap);
    this.cap = cap;
    for (let c = cap - 1; c >= old; c--) this.free[this.freeCount++] = c;
  }
}
