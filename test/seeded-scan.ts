import { createRng, type Rng } from "../sim/engine/rng.ts";
import { alphaPerStep, checkStep, defaultRepsMax, scanSteps, type ScanResult } from "../sim/sweep/index.ts";

/** One run's value, drawn from the step's own stream. */
export type Draw = (rng: Rng) => number;

/**
 * One whole scan over maxRetries 0..retriesMax, the sequential check driven exactly as planRetries
 * drives it, but fed seeded streams instead of the simulator: step r of scan `decision` draws its
 * runs from stream (seed, decision · 100 + r), so every scan and step is replayable alone.
 */
export function scanSeeded(seed: number, decision: number, draw: Draw, target: number, retriesMax: number, alpha = alphaPerStep(retriesMax)): ScanResult {
  const repsMax = defaultRepsMax(target, alpha);
  return scanSteps((r) => {
    const rng = createRng(seed, decision * 100 + r, 7);
    return checkStep(() => draw(rng), target, alpha, repsMax);
  }, retriesMax);
}

/**
 * Smallest k with P(Binomial(n, p) > k) ≤ miss: more wrong decisions than k refute "error ≤ p".
 * Holding an error count to it, not its rate, lets a procedure at its allowance pass for any seed
 * except with probability ≤ miss.
 */
export function binomialUpperLimit(n: number, p: number, miss = 1e-3): number {
  let logPmf = n * Math.log1p(-p); // P(X = 0)
  let cdf = Math.exp(logPmf);
  let k = 0;
  while (1 - cdf > miss && k < n) {
    logPmf += Math.log((n - k) / (k + 1)) + Math.log(p / (1 - p));
    k++;
    cdf += Math.exp(logPmf);
  }
  return k;
}
