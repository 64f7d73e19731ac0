/** A seeded random stream. The simulator's only source of randomness (no Math.random anywhere). */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of randomness. */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Exponentially distributed with the given mean, as a float (callers round to integer time). */
  exponential(mean: number): number;
}

/**
 * Independent streams, one per subsystem, so that a new draw in one place (say, a probe strategy
 * that consumes randomness) leaves every other stream unchanged: common random numbers between
 * the cells of a sweep.
 */
export const Stream = {
  workload: 1,
  disconnects: 2,
  backoff: 3,
  probes: 4,
} as const;
export type StreamName = keyof typeof Stream;

/**
 * The seed of one run's stream: a pure function of (experiment seed, replication, stream), never
 * of execution order, so 1 or N workers, in Node or the browser, produce identical runs.
 */
export function deriveSeed(seed: number, replication: number, stream: number): number {
  let h1 = mix32((seed >>> 0) ^ 0x9e3779b9);
  h1 = mix32(h1 ^ Math.floor(seed / 4294967296));
  h1 = mix32(h1 ^ Math.imul(replication >>> 0, 0x85ebca6b));
  h1 = mix32(h1 ^ Math.floor(replication / 4294967296));
  const h2 = mix32(h1 ^ Math.imul(stream, 0xc2b2ae35) ^ 0x27d4eb2f);
  h1 = mix32(h1 ^ stream);
  // 21 + 32 bits: an exact integer, which Tyche-i reads as its two state words.
  return (h1 & 0x1fffff) * 4294967296 + (h2 >>> 0);
}

function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Tyche-i (Neves and Araujo, 2011), exactly as seedrandom 3.0.5 lib/tychei.js computes it for an
 * integer seed (test/rng-tychei.test.ts checks it value for value against seedrandom.tychei). Written
 * here so that one object serves every run: reseed() costs no allocation, where seedrandom makes
 * a new generator and its closures per stream per run, which a sweep of millions of short runs
 * paid for in garbage collection.
 */
export class TycheiRng implements Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  /** A stream not started yet: (seed, replication, stream) wait for the first draw. */
  private pending = false;
  private seed = 0;
  private replication = 0;
  private stream = 0;

  /**
   * Restarts the stream of (seed, replication, stream). The state is set up at the first draw:
   * many runs of a sweep never draw from some of their four streams, and setting one up costs
   * 20 discarded outputs. The draws themselves are the same.
   */
  reseed(seed: number, replication: number, stream: number): this {
    this.pending = true;
    this.seed = seed;
    this.replication = replication;
    this.stream = stream;
    return this;
  }

  private start(): void {
    this.pending = false;
    const s = deriveSeed(this.seed, this.replication, this.stream);
    let a = (s / 0x100000000) | 0;
    let b = s | 0;
    let c = 2654435769 | 0;
    let d = 1367130551;
    // seedrandom mixes in an empty string seed, then discards the first 20 outputs (next32's
    // steps, on locals).
    for (let k = 0; k < 20; k++) {
      b = (b << 25) ^ (b >>> 7) ^ c;
      c = (c - d) | 0;
      d = (d << 24) ^ (d >>> 8) ^ a;
      a = (a - b) | 0;
      b = (b << 20) ^ (b >>> 12) ^ c;
      c = (c - d) | 0;
      d = (d << 16) ^ (c >>> 16) ^ a;
      a = (a - b) | 0;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** The next 32-bit output, as a signed integer. */
  next32(): number {
    if (this.pending) this.start();
    let b = this.b;
    let c = this.c;
    let d = this.d;
    let a = this.a;
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    this.b = b = (b << 20) ^ (b >>> 12) ^ c;
    this.c = c = (c - d) | 0;
    this.d = (d << 16) ^ (c >>> 16) ^ a;
    return (this.a = (a - b) | 0);
  }

  next(): number {
    return (this.next32() >>> 0) / 0x100000000;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return p >= 1 || (p > 0 && this.next() < p);
  }

  exponential(mean: number): number {
    // One 32-bit draw: 1 − u lies in (0, 1], so the log is finite; the largest gap is 22 means.
    return -Math.log(1 - this.next()) * mean;
  }
}

/** A stream for one subsystem of one run. */
export function createRng(seed: number, replication: number, stream: number): Rng {
  return new TycheiRng().reseed(seed, replication, stream);
}
