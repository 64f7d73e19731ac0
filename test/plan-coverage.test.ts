import { describe, expect, it } from "vitest";
import { alphaPerStep } from "../sim/sweep/index.ts";
import { binomialUpperLimit, scanSeeded, type Draw } from "./seeded-scan.ts";

/**
 * The planner's guarantee, measured: the sequential decision procedure itself (checkStep inside
 * scanSteps, exactly as planRetries drives it) fed seeded streams instead of the simulator. A
 * decision is wrong when it declares "meets the target" for a stream whose true mean is not below
 * the target.
 *
 * Each observed error count is held to a binomial upper limit, not to its rate: a procedure whose
 * true error is at its allowance passes for any seed except with probability ≤ MISS (so a new seed
 * does not flake), while one that overspends fails (the unsplit-α case below shows the check bites).
 */
const SEED = 20261202;
const DECISIONS = 2000;
/** P(a correct procedure fails one check): small, so the file is robust to its seed. */
const MISS = 1e-3;

const bernoulli = (p: number): Draw => (rng) => (rng.next() < p ? 1 : 0);
/** A run's failed / commands with 20 commands each failing with probability p: fractions in [0, 1]. */
const fraction20 = (p: number): Draw => (rng) => {
  let failed = 0;
  for (let i = 0; i < 20; i++) if (rng.next() < p) failed++;
  return failed / 20;
};

const scan = (decision: number, draw: Draw, target: number, retriesMax: number, alpha?: number) => scanSeeded(SEED, decision, draw, target, retriesMax, alpha);

/** Per scan step: how many scans reached it and how many were wrongly certified there. */
function errors(draw: Draw, target: number, retriesMax: number, decisions: number, alpha?: number) {
  const reached = new Array<number>(retriesMax + 1).fill(0);
  const wrong = new Array<number>(retriesMax + 1).fill(0);
  for (let d = 0; d < decisions; d++) {
    const s = scan(d, draw, target, retriesMax, alpha);
    const last = s.maxRetries ?? retriesMax;
    for (let r = 0; r <= last; r++) reached[r]++;
    if (s.status === "certified") wrong[s.maxRetries!]++;
  }
  return { reached, wrong, total: wrong.reduce((a, b) => a + b, 0) };
}

/** The scan holds 5% overall, and every step its own share α / steps, each to a binomial limit. */
function expectWithinAllowance(e: ReturnType<typeof errors>, decisions: number, retriesMax: number): void {
  expect(e.total, `wrong scans of ${decisions}`).toBeLessThanOrEqual(binomialUpperLimit(decisions, 0.05));
  const share = alphaPerStep(retriesMax);
  e.wrong.forEach((w, r) => expect(w, `step ${r}: wrong of ${e.reached[r]} reached`).toBeLessThanOrEqual(binomialUpperLimit(e.reached[r], share, MISS / (retriesMax + 1))));
}

describe(`planner coverage on seeded streams (seed ${SEED}, ${DECISIONS} decisions each, binomial limits at miss ${MISS})`, () => {
  // The worst case for the scan: every maxRetries step sits at the target, so each may be the one
  // declared by luck; the α split over the steps has to hold the whole scan to 5%.
  for (const [label, factor] of [["at the target", 1], ["at 1.2× the target", 1.2]] as const) {
    it(`a 16-step scan with every step ${label}: wrong "meets" within 5% overall and within α/16 at every step`, () => {
      const target = 0.05;
      expectWithinAllowance(errors(bernoulli(target * factor), target, 15, DECISIONS), DECISIONS, 15);
    });
  }

  it("per-run fractions in [0, 1] (failed / 20 commands, as commandFailureRate runs are): the same allowances hold", () => {
    const target = 0.02;
    expectWithinAllowance(errors(fraction20(target), target, 3, DECISIONS), DECISIONS, 3);
  });

  it('one step at its own α (0.05) is wrongly declared "meets" within 5%, checked after every run', () => {
    const target = 0.02;
    expect(errors(bernoulli(target), target, 0, DECISIONS).total).toBeLessThanOrEqual(binomialUpperLimit(DECISIONS, 0.05));
  });

  it("the check can fail: the same 16-step scan without the α split (0.05 at every step) exceeds the 5% limit", () => {
    const target = 0.05;
    const e = errors(bernoulli(target), target, 15, 500, 0.05);
    expect(e.total).toBeGreaterThan(binomialUpperLimit(500, 0.05));
  });

  it("binomialUpperLimit: the smallest k with P(X > k) ≤ miss (hand-computed tails of Binomial(10, 0.5))", () => {
    expect(binomialUpperLimit(10, 0.5, 0.5)).toBe(5); // P(X > 5) = 0.377, P(X > 4) = 0.623
    expect(binomialUpperLimit(10, 0.5, 0.05)).toBe(8); // P(X > 8) = 0.0107, P(X > 7) = 0.0547
    expect(binomialUpperLimit(10, 0.5, 0.01)).toBe(9); // P(X > 9) = 0.00098
    expect(binomialUpperLimit(2000, 0.05)).toBe(131);
  });

  it("power: a mean of target / 5 is certified at the first step in most scans, within the default cap", () => {
    const target = 0.01;
    let certified = 0;
    for (let d = 0; d < 400; d++) if (scan(d, bernoulli(target / 5), target, 64).maxRetries === 0) certified++;
    expect(certified / 400).toBeGreaterThan(0.9);
  });
});
