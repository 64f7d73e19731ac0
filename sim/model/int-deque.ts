/**
 * A growable ring buffer of int32 values with push at the back and pop at either end: the pool's
 * idle list (LIFO pops the back, FIFO the front, as go-redis popIdle does) and the FIFO queue of
 * commands waiting for a pool slot.
 */
export class IntDeque {
  private buf: Int32Array;
  private head = 0;
  length = 0;

  constructor(capacity = 16) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.buf = new Int32Array(cap);
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
  }

  push(value: number): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length) & (this.buf.length - 1)] = value;
    this.length++;
  }

  popBack(): number {
    this.length--;
    return this.buf[(this.head + this.length) & (this.buf.length - 1)];
  }

  popFront(): number {
    const v = this.buf[this.head];
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.length--;
    return v;
  }

  /** Value at position i from the front. */
  at(i: number): number {
    return this.buf[(this.head + i) & (this.buf.length - 1)];
  }

  /** Keeps, in order, the values for which `keep` returns true. */
  filter(keep: (value: number) => boolean): void {
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      const v = this.at(i);
      if (keep(v)) this.buf[(this.head + n++) & (this.buf.length - 1)] = v;
    }
    this.length = n;
  }

  private grow(): void {
    const next = new Int32Array(this.buf.length * 2);
    for (let i = 0; i < this.length; i++) next[i] = this.at(i);
    this.buf = next;
    this.head = 0;
  }
}
