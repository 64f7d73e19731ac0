import seedrandom from "seedrandom";

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
  // 21 + 32 bits: an exact integer, which tychei reads as its two state words.
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

/** A stream for one subsystem of one run. Backed by seedrandom's Tyche-i: a cheap integer seed. */
export function createRng(seed: number, replication: number, stream: number): Rng {
  const prng = seedrandom.tychei(deriveSeed(seed, replication, stream) as unknown as string);
  return {
    next: prng,
    int(min, max) {
      return min + Math.floor(prng() * (max - min + 1));
    },
    chance(p) {
      return p >= 1 || (p > 0 && prng() < p);
    },
    exponential(mean) {
      // One 32-bit draw: 1 − u lies in (0, 1], so the log is finite; the largest gap is 22 means.
      return -Math.log(1 - prng()) * mean;
    },
  };
}
