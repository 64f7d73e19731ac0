/**
 * An anytime-valid confidence sequence for the mean of per-run values in [0, 1]: the planner may
 * look after every run and stop whenever it likes, and the bound still holds at its level.
 *
 * Method: the beta-binomial mixture martingale (Robbins 1970; Howard, Ramdas, McAuliffe & Sekhon,
 * "Time-uniform, nonparametric, nonasymptotic confidence sequences", Ann. Statist. 2021, §3) with
 * Ville's inequality. For a candidate mean p, after n runs with sum S of the per-run values,
 *
 *   M_n(p) = B(a + S, b + n − S) / B(a, b) / (p^S (1 − p)^(n − S))
 *
 * is a nonnegative supermartingale with M_0 = 1 when the runs' true mean is p: for Bernoulli runs it
 * is the mixture likelihood ratio; for any value x in [0, 1], q^x (1 − q)^(1−x) / (p^x (1 − p)^(1−x))
 * is convex in x, so its mean is at most that of a Bernoulli(p) with the same mean, which is 1. Ville:
 * P(∃ n: M_n(p) ≥ 1/α) ≤ α, so {p : M_n(p) < 1/α} covers the true mean at every n at once, with
 * probability ≥ 1 − α. log M_n is convex in p with its minimum at S/n, so the set is an interval.
 *
 * The unit is the run: one run is one disconnect event with its own random streams, so runs are
 * independent; commands inside a run share the event's stale connections and are not.
 */

/** The mixing prior Beta(a, b): a = 1 and b = PRIOR_SCALE / target put its mean near target / 5. */
const PRIOR_A = 1;
const PRIOR_SCALE = 4;

export interface SequencePrior {
  a: number;
  b: number;
}

/** The prior used when testing `mean ≤ target`: chosen from the target before any run, as it must be. */
export function priorFor(target: number): SequencePrior {
  return { a: PRIOR_A, b: Math.max(1, PRIOR_SCALE / target) };
}

/** log M_n(p): the log wealth of the mixture martingale against mean p. */
export function logMixture(p: number, sum: number, n: number, prior: SequencePrior): number {
  if (p <= 0) return sum > 0 ? Infinity : -lbeta(prior.a, prior.b) + lbeta(prior.a, prior.b + n);
  if (p >= 1) return sum < n ? Infinity : lbeta(prior.a + n, prior.b) - lbeta(prior.a, prior.b);
  return lbeta(prior.a + sum, prior.b + n - sum) - lbeta(prior.a, prior.b) - sum * Math.log(p) - (n - sum) * Math.log1p(-p);
}

export type Decision = "meets" | "fails" | "open";

/**
 * Whether the sequence has left `target` out, and on which side: "meets" when every mean still in
 * the sequence is below target, "fails" when every one is above, "open" otherwise.
 */
export function decide(sum: number, n: number, target: number, alpha: number, prior: SequencePrior): Decision {
  if (n === 0 || logMixture(target, sum, n, prior) < Math.log(1 / alpha)) return "open";
  return sum / n < target ? "meets" : "fails";
}

/** The sequence's upper end after n runs with sum S: the largest mean it has not ruled out. */
export function upperBound(sum: number, n: number, alpha: number, prior: SequencePrior): number {
  return edge(sum, n, alpha, prior, 1);
}

/** The sequence's lower end: the smallest mean it has not ruled out. */
export function lowerBound(sum: number, n: number, alpha: number, prior: SequencePrior): number {
  return edge(sum, n, alpha, prior, 0);
}

/**
 * Bisection for the end on the side of `end` (0 or 1), always over the whole of [0, 1]: the
 * midpoints are the same for every sum, so a larger sum can never come out lower by rounding.
 */
function edge(sum: number, n: number, alpha: number, prior: SequencePrior, end: 0 | 1): number {
  if (n === 0) return end;
  const level = Math.log(1 / alpha);
  const centre = sum / n;
  // Inside the sequence: on the centre's side of p, or still below the level.
  const inside = (p: number) => (end === 1 ? p <= centre : p >= centre) || logMixture(p, sum, n, prior) < level;
  if (inside(end)) return end;
  let [near, far] = end === 1 ? [0, 1] : [1, 0];
  for (let i = 0; i < 64; i++) {
    const mid = (near + far) / 2;
    if (inside(mid)) near = mid;
    else far = mid;
  }
  // The outer end of the last bracket: a reported bound never tighter than the sequence itself.
  return far;
}

/**
 * Runs with no failure at all the sequence needs before it can say "meets" for `target`: the
 * fewest any run count could give, so a cap below it can never certify the target.
 */
export function runsNeededAtZero(target: number, alpha: number): number {
  if (!(target > 0)) return Infinity;
  if (target >= 1) return 1;
  const prior = priorFor(target);
  const level = Math.log(1 / alpha);
  const enough = (n: number) => logMixture(target, 0, n, prior) >= level;
  let hi = 1;
  while (!enough(hi)) {
    hi *= 2;
    if (hi > 2 ** 52) return Infinity;
  }
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (enough(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** log B(x, y) from log-gamma. */
function lbeta(x: number, y: number): number {
  return lgamma(x) + lgamma(y) - lgamma(x + y);
}

// Lanczos approximation (g = 7, n = 9), relative error below 1e-13 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0. */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}
