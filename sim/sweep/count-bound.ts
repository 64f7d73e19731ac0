import { lgamma } from "./confidence-sequence.ts";

/**
 * Bounding the mean of a per-run count (failed commands per run, or per event) with the planner's
 * confidence sequence, which needs values in [0, 1]: each run's value x is cut at a cap B and
 * divided by it, min(x, B) / B, and the sequence bounds E[min(x, B)] / B. Then
 *
 *   E[x] ≤ B · upper + E[x − min(x, B)] ≤ B · upper + tail,
 *
 * where tail bounds E[x · 1{x > B}]. For a workload with a fixed number of commands n, x ≤ n, so
 * B = n and tail = 0 (the bound is exact). For Poisson arrivals the command count N has no
 * maximum, but failed ≤ N, so tail ≤ E[N · 1{N > B}], which the arrival process bounds (see
 * poissonArrivalsBound); B is the smallest cap whose tail is ≤ 1% of the target. The sequence's
 * guarantee is untouched: it is still the anytime-valid mixture bound on a [0, 1] mean, and the
 * tail is a fixed, deterministic term.
 */
export interface CountBound {
  /** Per-run values are cut at this and divided by it. */
  cap: number;
  /** Bound on E[x − min(x, cap)], added to the upper end (0 when no run can exceed the cap). */
  tail: number;
  /** In words, for the outputs. */
  why: string;
}

/** A run's value as the sequence sees it: in [0, 1]. */
export function scaledValue(x: number, b: CountBound): number {
  return Math.min(x, b.cap) / b.cap;
}

/** The target the scaled sequence must meet so that cap · upper + tail ≤ target (≤ 0 when the tail alone exceeds it). */
export function scaledTarget(target: number, b: CountBound): number {
  return (target - b.tail) / b.cap;
}

/** The bound in the count's own unit. */
export function unscaledUpper(upper: number, b: CountBound): number {
  return upper * b.cap + b.tail;
}

/** A workload with at most n commands per run: exact. */
export function fixedCountBound(n: number, per: string): CountBound {
  return { cap: n, tail: 0, why: `per-run values ≤ ${n} (the commands a run issues${per}), divided by ${n}` };
}

/**
 * Poisson arrivals (sim/model/workload.ts): one at the start, then gaps G = round(E), E
 * exponential with mean m µs, while the arrival time stays below start + D. With k gaps inside,
 * ΣG < D, and G ≥ E − ½, so ΣE over k gaps < D + k/2: P(N ≥ k + 1) ≤ P(Poisson((D + k/2)/m) ≥ k)
 * =: q_k (a Gamma(k) sum below x is a Poisson(x/m) count of at least k). Then
 *
 *   E[N · 1{N > B}] = (B + 1) P(N ≥ B + 1) + Σ_{j ≥ B+2} P(N ≥ j) ≤ (B + 1) q_B + Σ_{k ≥ B+1} q_k.
 *
 * The cap is the smallest B with that bound ≤ tailMax.
 */
export function poissonArrivalsBound(meanGapUs: number, durationUs: number, tailMax: number): CountBound {
  const tailAt = (b: number) => arrivalsTailBound(meanGapUs, durationUs, b);
  const mean = 1 + durationUs / meanGapUs;
  if (!(tailMax > 0)) throw new Error(`poissonArrivalsBound: tailMax must be > 0; got ${tailMax}`);
  // The bound falls as B grows past the mean: double the step until it is met, then bisect.
  let lo = Math.max(1, Math.ceil(mean)) - 1;
  let step = Math.max(1, Math.ceil(Math.sqrt(mean)));
  let hi = lo + step;
  while (tailAt(hi) > tailMax) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (tailAt(mid) <= tailMax) hi = mid;
    else lo = mid;
  }
  const b = hi;
  const tail = tailAt(b);
  return { cap: b, tail, why: `per-run values cut at ${b} commands (Poisson arrivals, ${fmt(mean)} expected per run; the cut-off part of the mean, ≤ ${fmt(tail)} by the arrivals' tail bound, is added to the bound) and divided by ${b}` };
}

/** The bound above on E[N · 1{N > cap}] for the arrival process: (cap + 1) q_cap + Σ_{k > cap} q_k. */
export function arrivalsTailBound(meanGapUs: number, durationUs: number, cap: number): number {
  const q = (k: number) => poissonUpperTail((durationUs + k / 2) / meanGapUs, k);
  let sum = (cap + 1) * q(cap);
  for (let k = cap + 1; ; k++) {
    const t = q(k);
    sum += t;
    if (t <= sum * 1e-17 || t === 0) return sum;
  }
}

/** P(Poisson(mu) ≥ k), summed from k up (1 when k ≤ 0). */
export function poissonUpperTail(mu: number, k: number): number {
  if (k <= 0) return 1;
  if (mu <= 0) return 0;
  if (k <= mu) {
    // Below the mean: 1 − P(X < k), summed from 0 to k − 1.
    let below = 0;
    for (let i = 0; i < k; i++) below += Math.exp(-mu + i * Math.log(mu) - lgamma(i + 1));
    return Math.max(0, 1 - below);
  }
  let sum = 0;
  for (let i = k; ; i++) {
    const t = Math.exp(-mu + i * Math.log(mu) - lgamma(i + 1));
    sum += t;
    if (t <= sum * 1e-17 || t === 0) return Math.min(1, sum);
  }
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(3)));
}
