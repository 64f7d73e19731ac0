import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkStep, decide, logMixture, lowerBound, priorFor, runsNeededAtZero, upperBound } from "../sim/sweep/index.ts";

const SEED = 13_4;

describe(`the beta-binomial mixture confidence sequence (fast-check seed ${SEED})`, () => {
  it("upperBound(sum, n) never falls as failures grow at the same run count (one method, one unit: runs)", () => {
    // Failures come in whole commands: a run's value is failed / commands, so sums are multiples of 1 / commands.
    const failures = fc.record({ n: fc.integer({ min: 1, max: 100_000 }), commands: fc.integer({ min: 1, max: 1000 }), u: fc.double({ min: 0, max: 1, noNaN: true }), v: fc.double({ min: 0, max: 1, noNaN: true }) });
    fc.assert(
      fc.property(failures, fc.constantFrom(1e-1, 1e-2, 1e-3, 1e-4, 1e-6), fc.constantFrom(0.05, 0.05 / 65), ({ n, commands, u, v }, target, alpha) => {
        const [k1, k2] = [Math.floor(Math.min(u, v) * n * commands), Math.floor(Math.max(u, v) * n * commands)];
        const prior = priorFor(target);
        expect(upperBound(k2 / commands, n, alpha, prior)).toBeGreaterThanOrEqual(upperBound(k1 / commands, n, alpha, prior));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("upperBound and lowerBound bracket the running mean, and the mixture exceeds 1/α just outside them", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, u) => {
        const sum = Math.round(u * n);
        const prior = priorFor(0.01);
        const [lo, hi] = [lowerBound(sum, n, 0.05, prior), upperBound(sum, n, 0.05, prior)];
        expect(lo).toBeLessThanOrEqual(sum / n);
        expect(hi).toBeGreaterThanOrEqual(sum / n);
        if (hi < 1) expect(logMixture(hi, sum, n, prior)).toBeGreaterThanOrEqual(Math.log(20) - 1e-9);
        if (lo > 0) expect(logMixture(lo, sum, n, prior)).toBeGreaterThanOrEqual(Math.log(20) - 1e-9);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("checkStep(all zeros) certifies after exactly runsNeededAtZero(target, α) runs, with the bound just under target", () => {
    for (const target of [0.1, 0.01, 1e-3, 1e-4]) {
      const need = runsNeededAtZero(target, 0.05 / 65);
      const step = checkStep(() => 0, target, 0.05 / 65, 10 * need);
      expect(step).toMatchObject({ decision: "meets", runs: need, sum: 0 });
      expect(step.upper).toBeLessThanOrEqual(target);
      expect(upperBound(0, need - 1, 0.05 / 65, priorFor(target))).toBeGreaterThan(target);
    }
  });

  it("checkStep's running wealth equals logMixture: it decides exactly when decide() does, fractions included", () => {
    const values = Array.from({ length: 3000 }, (_, i) => [0, 0, 0.25, 0, 1, 0, 0, 0.05][i % 8] * (i % 3 === 0 ? 0 : 1));
    const target = 0.02;
    const step = checkStep((i) => values[i], target, 0.05, values.length);
    let sum = 0;
    let firstDecided = -1;
    for (let i = 0; i < values.length && firstDecided < 0; i++) {
      sum += values[i];
      if (decide(sum, i + 1, target, 0.05, priorFor(target)) !== "open") firstDecided = i + 1;
    }
    expect(step.runs).toBe(firstDecided);
    expect(step.decision).toBe("fails");
  });

  it("a target the cap cannot reach is refused before any run: runsNeededAtZero grows as 1/target", () => {
    expect(runsNeededAtZero(1e-6, 0.05 / 65)).toBeGreaterThan(20_000);
    expect(runsNeededAtZero(1e-3, 0.05 / 65) / runsNeededAtZero(1e-4, 0.05 / 65)).toBeCloseTo(0.1, 2);
    expect(runsNeededAtZero(0, 0.05)).toBe(Infinity);
  });
});
