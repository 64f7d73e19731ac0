import { describe, expect, it } from "vitest";
import { planCommand } from "../experiments/cli/plan-command.ts";
import { createRng, type Rng } from "../sim/engine/rng.ts";
import { arrivalsTailBound, poissonArrivalsBound, poissonUpperTail, scaledTarget, scaledValue, type CountBound } from "../sim/sweep/index.ts";
import { binomialUpperLimit, scanSeeded } from "./seeded-scan.ts";

const SEED = 20261203;

/** Arrivals as sim/model/workload.ts makes them: one at 0, then rounded exponential gaps while below the duration. */
function arrivals(rng: Rng, meanGapUs: number, durationUs: number): number {
  let n = 1;
  for (let t = Math.round(rng.exponential(meanGapUs)); t < durationUs; t += Math.round(rng.exponential(meanGapUs))) n++;
  return n;
}

describe("poissonArrivalsBound: a cap for counts under Poisson arrivals, with the cut-off part of the mean bounded", () => {
  it("poissonUpperTail(mu, k) is P(Poisson(mu) ≥ k) (hand-computed)", () => {
    expect(poissonUpperTail(1, 1)).toBeCloseTo(1 - Math.exp(-1), 14);
    expect(poissonUpperTail(2, 3)).toBeCloseTo(1 - 5 * Math.exp(-2), 14);
    expect(poissonUpperTail(2, 0)).toBe(1);
    expect(poissonUpperTail(175, 400)).toBeLessThan(1e-40);
  });

  it("the cap is the smallest whose tail bound meets tailMax, and the bound holds against the model's own arrivals", () => {
    const [meanGapUs, durationUs] = [100_000, 2_000_000]; // 10 commands/s for 2 s: 21 expected
    const b = poissonArrivalsBound(meanGapUs, durationUs, 0.05);
    expect(b.tail).toBe(arrivalsTailBound(meanGapUs, durationUs, b.cap));
    expect(b.tail).toBeLessThanOrEqual(0.05);
    expect(arrivalsTailBound(meanGapUs, durationUs, b.cap - 1)).toBeGreaterThan(0.05);
    expect(b.why).toContain(`cut at ${b.cap} commands`);
    // Not below the exact value for unrounded gaps, where N − 1 is Poisson(D/m):
    // E[N 1{N > B}] = (B + 1) P(N ≥ B + 1) + Σ_{j ≥ B+2} P(N ≥ j).
    const mu = durationUs / meanGapUs;
    let exact = (b.cap + 1) * poissonUpperTail(mu, b.cap);
    for (let j = b.cap + 2; j < b.cap + 200; j++) exact += poissonUpperTail(mu, j - 1);
    expect(b.tail).toBeGreaterThanOrEqual(exact);
    // E[N · 1{N > cap}] measured on 200,000 draws of the arrival process: within 3 standard errors of at most the bound.
    const rng = createRng(SEED, 0, 3);
    let [cut, cut2, total] = [0, 0, 0];
    const draws = 200_000;
    for (let i = 0; i < draws; i++) {
      const n = arrivals(rng, meanGapUs, durationUs);
      total += n;
      if (n > b.cap) [cut, cut2] = [cut + n, cut2 + n * n];
    }
    const mean = cut / draws;
    const se = Math.sqrt((cut2 / draws - mean * mean) / draws);
    expect(total / draws).toBeCloseTo(21, 1);
    expect(mean).toBeGreaterThan(0);
    expect(mean - 3 * se).toBeLessThanOrEqual(b.tail);
  });
});

describe(`coverage of the count bound on seeded streams (seed ${SEED})`, () => {
  // Per-run failed commands: N arrivals (the model's process, 10/s for 2 s), each failing with
  // probability p, so the true mean is p · E[N]. Planned as planRetries does: cut at the cap,
  // divided by it, the sequence against (target − tail) / cap.
  const [meanGapUs, durationUs] = [100_000, 2_000_000];
  const meanN = 21; // 1 + 2 s × 10/s
  function scan(decision: number, p: number, target: number, steps: number, bound: CountBound) {
    const draw = (rng: Rng) => {
      const n = arrivals(rng, meanGapUs, durationUs);
      let failed = 0;
      for (let i = 0; i < n; i++) if (rng.next() < p) failed++;
      return scaledValue(failed, bound);
    };
    return scanSeeded(SEED, decision, draw, scaledTarget(target, bound), steps - 1);
  }
  for (const factor of [1, 1.2]) {
    it(`a 4-step scan with every step's true mean at ${factor}× the target: wrong "meets" within 5% of 2,000 scans`, () => {
      const target = 2;
      const bound = poissonArrivalsBound(meanGapUs, durationUs, target / 100);
      let wrong = 0;
      for (let d = 0; d < 2000; d++) if (scan(d, (target * factor) / meanN, target, 4, bound).status === "certified") wrong++;
      expect(wrong).toBeLessThanOrEqual(binomialUpperLimit(2000, 0.05));
    });
  }
  it("power: a true mean of target / 5 is certified at the first step in most scans", () => {
    const target = 2;
    const bound = poissonArrivalsBound(meanGapUs, durationUs, target / 100);
    let first = 0;
    for (let d = 0; d < 200; d++) if (scan(d, target / 5 / meanN, target, 4, bound).maxRetries === 0) first++;
    expect(first / 200).toBeGreaterThan(0.9);
  });
});

describe("plan --metric failedPerEvent on Poisson and fleet scenarios", () => {
  const plan = (argv: string[]) => {
    let text = "";
    planCommand(argv, (t) => (text += t));
    return text;
  };
  it("plans a fleet against its share of a fleet-wide target, and names the cap and tail in the method", () => {
    const args = ["experiments/scenarios/incident.json", "--metric", "failedPerEvent", "--target", "0.8", "--strategies", "tls-aware", "--instances", "8", "--rate", "2000/s", "--workers", "16"];
    const out = plan(args);
    expect(out).toContain("smallest maxRetries whose upper bound of failedPerEvent (mean over runs of each run's failed commands ÷ its disconnect events) is ≤ 0.1 per instance (0.8 per maintenance event across the fleet of 8)");
    expect(out).toMatch(/per-run values cut at \d+ commands \(Poisson arrivals, 176 expected per run; the cut-off part of the mean, ≤ [\d.e-]+ by the arrivals' tail bound, is added to the bound\)/);
    const json = JSON.parse(plan([...args, "--format", "json"]));
    expect(json.target).toBe(0.1);
    expect(json.fleetTarget).toBe(0.8);
    expect(json.rows[0].status).toBe("certified");
    expect(json.rows[0].upper).toBeLessThanOrEqual(0.1);
  });
  it("a Poisson scenario with repeating events: per-run failed ÷ events, bounded", () => {
    const out = plan(["experiments/scenarios/rolling.json", "--metric", "failedPerEvent", "--target", "5", "--strategies", "tls-aware", "--set", 'workload.duration="25s"', "--reps-max", "3000", "--format", "json"]);
    const row = JSON.parse(out).rows[0];
    expect(row.method).toBe("confidence-sequence");
    expect(row.scaling).toMatch(/cut at \d+ commands/);
  });
  it("refuses a count target of 0, naming the metric", () => {
    expect(() => plan(["experiments/scenarios/incident.json", "--metric", "failedPerEvent", "--target", "0"])).toThrow(/--target for failedPerEvent \(failed commands\) must be above 0/);
  });
});
