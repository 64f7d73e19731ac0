/**
 * A binary min-heap of events ordered by (time, priority, insertion sequence), so that events at
 * the same instant resolve in a fixed, documented order. An event is a record of three integers
 * (kind, a, b) in parallel typed arrays, reused through a free list; the heap itself orders record
 * indices, so sifting moves one integer per level. The hot loop of a Monte Carlo sweep pushes and
 * pops millions of events, and typed arrays avoid an allocation per event.
 */
export class EventHeap {
  /** Record fields, indexed by record. `order` is priority · 2^40 + sequence: one compare for both tie-breakers. */
  private time: Float64Array;
  private order: Float64Array;
  private kind: Uint8Array;
  private a: Int32Array;
  private b: Int32Array;
  /** Record indices in heap order. */
  private heap: Int32Array;
  /** Unused record indices, a stack. */
  private free: Int32Array;
  private n = 0;
  private seq = 0;

  /** Fields of the event returned by the last pop(). */
  popTime = 0;
  popKind = 0;
  popA = 0;
  popB = 0;

  constructor(capacity = 64) {
    this.time = new Float64Array(capacity);
    this.order = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.heap = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
  }

  get size(): number {
    return this.n;
  }

  /**
   * Empties the heap. Only the records still queued go back on the free stack, into the slots
   * they were taken from: a short run ends with a few events left, not a full table. Which record
   * holds an event never affects the order (time, priority, sequence).
   */
  clear(): void {
    const cap = this.heap.length;
    for (let i = 0; i < this.n; i++) this.free[cap - this.n + i] = this.heap[i];
    this.n = 0;
    this.seq = 0;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.time[this.heap[0]] : Infinity;
  }

  /** `priority` must be an integer in [0, 256): callers pass named constants. */
  push(time: number, priority: number, kind: number, a: number, b: number): void {
    if (this.n === this.heap.length) this.grow();
    const key = priority * 1099511627776 + this.seq++;
    const rec = this.free[this.heap.length - 1 - this.n];
    this.time[rec] = time;
    this.order[rec] = key;
    this.kind[rec] = kind;
    this.a[rec] = a;
    this.b[rec] = b;
    const heap = this.heap;
    let i = this.n++;
    // Sift up: move parents down until the new event's slot is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p];
      const pt = this.time[parent];
      if (pt < time || (pt === time && this.order[parent] < key)) break;
      heap[i] = parent;
      i = p;
    }
    heap[i] = rec;
  }

  /** Removes the earliest event into popTime/popKind/popA/popB; returns false when empty. */
  pop(): boolean {
    const n = this.n;
    if (n === 0) return false;
    const heap = this.heap;
    const top = heap[0];
    this.popTime = this.time[top];
    this.popKind = this.kind[top];
    this.popA = this.a[top];
    this.popB = this.b[top];
    const last = n - 1;
    this.n = last;
    this.free[heap.length - 1 - last] = top;
    if (last === 0) return true;
    const rec = heap[last];
    const time = this.time[rec];
    const key = this.order[rec];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      let child = heap[c];
      let ct = this.time[child];
      const r = c + 1;
      if (r < last) {
        const right = heap[r];
        const rt = this.time[right];
        if (rt < ct || (rt === ct && this.order[right] < this.order[child])) {
          c = r;
          child = right;
          ct = rt;
        }
      }
      if (time < ct || (time === ct && key < this.order[child])) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = rec;
    return true;
  }

  private grow(): void {
    const old = this.heap.length;
    const cap = old * 2;
    const t = new Float64Array(cap); t.set(this.time); this.time = t;
    const o = new Float64Array(cap); o.set(this.order); this.order = o;
    const k = new Uint8Array(cap); k.set(this.kind); this.kind = k;
    const a = new Int32Array(cap); a.set(this.a); this.a = a;
    const b = new Int32Array(cap); b.set(this.b); this.b = b;
    const h = new Int32Array(cap); h.set(this.heap); this.heap = h;
    // The heap is full, so every record is in use: the new free stack holds exactly the new records.
    const f = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) f[i] = cap - 1 - i;
    this.free = f;
  }
}
