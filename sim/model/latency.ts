/**
 * Exact latency percentiles at low cost, reused across runs so a sweep allocates it once.
 * Small runs keep their values in a buffer and sort it; past SMALL values, they move to an
 * integer-µs histogram (below 2^20 µs, about 1 s) plus a list for larger values, so a run of a
 * million commands never sorts. Percentiles follow R-7 (d3.quantile's definition).
 */
const SMALL = 512;
const DIRECT = 1 << 20;

export class LatencyRecorder {
  private small = new Float64Array(SMALL);
  private sorted = false;
  private counts: Uint32Array | null = null;
  private minBin = DIRECT;
  private maxBin = -1;
  private large: number[] = [];
  n = 0;
  sum = 0;
  max = 0;

  reset(): void {
    if (this.counts !== null && this.maxBin >= 0) this.counts.fill(0, this.minBin, this.maxBin + 1);
    this.minBin = DIRECT;
    this.maxBin = -1;
    if (this.large.length > 0) this.large.length = 0;
    this.sorted = false;
    this.n = 0;
    this.sum = 0;
    this.max = 0;
  }

  record(us: number): void {
    const n = this.n++;
    this.sum += us;
    if (us > this.max) this.max = us;
    if (n < SMALL) {
      this.small[n] = us;
      return;
    }
    if (n === SMALL) for (let i = 0; i < SMALL; i++) this.bin(this.small[i]);
    this.bin(us);
  }

  /** R-7 quantile in µs (linear between the order statistics around (n − 1)·p); NaN when empty. */
  quantile(p: number): number {
    if (this.n === 0) return NaN;
    const h = (this.n - 1) * p;
    const lo = Math.floor(h);
    const a = this.orderStatistic(lo);
    if (h === lo) return a;
    return a + (h - lo) * (this.orderStatistic(lo + 1) - a);
  }

  private bin(us: number): void {
    if (us >= DIRECT) {
      this.large.push(us);
      return;
    }
    const counts = (this.counts ??= new Uint32Array(DIRECT));
    counts[us]++;
    if (us < this.minBin) this.minBin = us;
    if (us > this.maxBin) this.maxBin = us;
  }

  /** The k-th smallest value (0-based). */
  private orderStatistic(k: number): number {
    if (this.n <= SMALL) {
      if (!this.sorted) {
        sortPrefix(this.small, this.n);
        this.sorted = true;
      }
      return this.small[k];
    }
    let seen = 0;
    const counts = this.counts!;
    for (let v = this.minBin; v <= this.maxBin; v++) {
      seen += counts[v];
      if (seen > k) return v;
    }
    if (this.large.length > 1) this.large.sort((x, y) => x - y);
    return this.large[k - seen];
  }
}

/**
 * Sorts a[0..n) ascending in place. A run of a sweep has a few dozen commands: insertion sort
 * then, with no subarray object per run; larger prefixes use the typed array's own sort.
 */
function sortPrefix(a: Float64Array, n: number): void {
  if (n > 32) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
