import type { Rng } from "../engine/rng.ts";
import { BackoffKind } from "./params.ts";

/** The sleep before retry `retry` (1 = first retry), in µs, by backoff kind. */
export function backoffUs(kind: number, retry: number, minUs: number, maxUs: number, rng: Rng): number {
  if (kind === BackoffKind.goRedis) return retryBackoffUs(retry, minUs, maxUs, rng);
  if (kind === BackoffKind.fullJitter) return fullJitterUs(retry, minUs, maxUs, rng);
  return 0;
}

/**
 * go-redis internal/internal.go RetryBackoff (v9.5.4, unchanged through v9.22.0):
 *   d := min << retry; if d < min { return max }   // overflow
 *   d = min + rand.Int63n(d); if d > max || d < min { d = max }
 * so retry k sleeps min + uniform[0, min·2^k), capped at max. Times in µs.
 */
export function retryBackoffUs(retry: number, minUs: number, maxUs: number, rng: Rng): number {
  if (minUs === 0) return 0;
  const span = minUs * pow2(retry);
  // Go's int64 shift overflows near 2^63 ns; in µs that is far beyond any cap, so treat as max.
  if (!Number.isSafeInteger(span)) return maxUs;
  const d = minUs + Math.floor(rng.next() * span);
  return d > maxUs ? maxUs : d;
}

/**
 * redis-py redis/backoff.py ExponentialWithJitterBackoff.compute(failures):
 * min(cap, random() * base * 2**failures), where failures counts failed attempts so far.
 */
export function fullJitterUs(retry: number, baseUs: number, capUs: number, rng: Rng): number {
  const u = rng.next();
  // Python's integers do not overflow: 0 × 2**failures is 0 however many failures (in doubles,
  // 0 × Infinity would be NaN); any other product past the cap is the cap.
  if (u === 0 || baseUs === 0) return 0;
  const d = Math.floor(u * baseUs * pow2(retry));
  return d > capUs ? capUs : d;
}

/** 2^k for integer k ≥ 0 (the same double as 2 ** k): a table read, where ** was a tenth of a sweep's profile. */
function pow2(k: number): number {
  return k < POW2.length ? POW2[k] : 2 ** k;
}
const POW2 = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);
