/**
 * A binary min-heap of events ordered by (time, priority, insertion sequence), so that events at
 * the same instant resolve in a fixed, documented order. Events are three integers (kind, a, b)
 * kept in parallel typed arrays: the hot loop of a Monte Carlo sweep pushes and pops millions of
 * them, and plain arrays of numbers avoid an allocation per event.
 */
export class EventHeap {
  private time: Float64Array;
  private order: Float64Array; // priority * 2^40 + sequence: one compare for both tie-breakers
  private kind: Uint8Array;
  private a: Int32Array;
  private b: Int32Array;
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
  }

  get size(): number {
    return this.n;
  }

  clear(): void {
    this.n = 0;
    this.seq = 0;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.time[0] : Infinity;
  }

  /** `priority` must be an integer in [0, 256): callers pass named constants. */
  push(time: number, priority: number, kind: number, a: number, b: number): void {
    if (this.n === this.time.length) this.grow();
    const key = priority * 1099511627776 + this.seq++;
    let i = this.n++;
    // Sift up: move parents down until the new event's slot is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = this.time[p];
      if (pt < time || (pt === time && this.order[p] < key)) break;
      this.move(p, i);
      i = p;
    }
    this.set(i, time, key, kind, a, b);
  }

  /** Removes the earliest event into popTime/popKind/popA/popB; returns false when empty. */
  pop(): boolean {
    const n = this.n;
    if (n === 0) return false;
    this.popTime = this.time[0];
    this.popKind = this.kind[0];
    this.popA = this.a[0];
    this.popB = this.b[0];
    const last = n - 1;
    this.n = last;
    if (last === 0) return true;
    const time = this.time[last];
    const key = this.order[last];
    const kind = this.kind[last];
    const a = this.a[last];
    const b = this.b[last];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      const r = c + 1;
      if (r < last && (this.time[r] < this.time[c] || (this.time[r] === this.time[c] && this.order[r] < this.order[c]))) c = r;
      const ct = this.time[c];
      if (time < ct || (time === ct && key < this.order[c])) break;
      this.move(c, i);
      i = c;
    }
    this.set(i, time, key, kind, a, b);
    return true;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.order[to] = this.order[from];
    this.kind[to] = this.kind[from];
    this.a[to] = this.a[from];
    this.b[to] = this.b[from];
  }

  private set(i: number, time: number, key: number, kind: number, a: number, b: number): void {
    this.time[i] = time;
    this.order[i] = key;
    this.kind[i] = kind;
    this.a[i] = a;
    this.b[i] = b;
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const t = new Float64Array(cap); t.set(this.time); this.time = t;
    const o = new Float64Array(cap); o.set(this.order); this.order = o;
    const k = new Uint8Array(cap); k.set(this.kind); this.kind = k;
    const a = new Int32Array(cap); a.set(this.a); this.a = a;
    const b = new Int32Array(cap); b.set(this.b); this.b = b;
  }
}
