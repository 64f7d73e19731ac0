import { describe, expect, it } from "vitest";
import { createRng } from "../sim/engine/rng.ts";
import { alphaPerStep, checkStep, defaultRepsMax, scanSteps, type ScanResult } from "../sim/sweep/index.ts";

/**
 * The planner's guarantee, measured: the sequential decision procedure itself (checkStep inside
 * scanSteps, exactly as planRetries drives it) fed seeded Bernoulli streams instead of the
 * simulator. A decision is wrong when it declares "meets the target" for a stream whose true mean
 * is not below the target.
 */
const SEED = 20261202;
const DECISIONS = 2000;

/** One whole scan over maxRetries 0..retriesMax, every step's stream Bernoulli(p). */
function scan(decision: number, p: number, target: number, retriesMax: number): ScanResult {
  const alpha = alphaPerStep(retriesMax);
  const repsMax = defaultRepsMax(target, alpha);
  return scanSteps((r) => {
    const rng = createRng(SEED, decision * 100 + r, 7);
    return checkStep(() => (rng.next() < p ? 1 : 0), target, alpha, repsMax);
  }, retriesMax);
}

function wrongFraction(p: number, target: number, retriesMax: number): number {
  let wrong = 0;
  for (let d = 0; d < DECISIONS; d++) if (scan(d, p, target, retriesMax).status === "certified") wrong++;
  return wrong / DECISIONS;
}

describe(`planner coverage on Bernoulli streams (seed ${SEED}, ${DECISIONS} decisions each)`, () => {
  // The worst case for the scan: every maxRetries step sits at the target, so each may be the one
  // declared by luck; the α split over the steps has to hold the whole scan to 5%.
  for (const [label, factor] of [["at the target", 1], ["at 1.2× the target", 1.2]] as const) {
    it(`a 16-step scan with every step ${label} is wrongly declared "meets the target" ≤ 5% of the time`, () => {
      const target = 0.05;
      const rate = wrongFraction(target * factor, target, 15);
      expect(rate).toBeLessThanOrEqual(0.05);
    });
  }

  it('one step at its own α (0.05) is wrongly declared "meets" ≤ 5% of the time, checked after every run', () => {
    const target = 0.02;
    expect(wrongFraction(target, target, 0)).toBeLessThanOrEqual(0.05);
  });

  it("power: a mean of target / 5 is certified at the first step in most scans, within the default cap", () => {
    const target = 0.01;
    let certified = 0;
    for (let d = 0; d < 400; d++) if (scan(d, target / 5, target, 64).maxRetries === 0) certified++;
    expect(certified / 400).toBeGreaterThan(0.9);
  });
});
