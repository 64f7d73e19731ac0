import { logMixture, priorFor, runsNeededAtZero, upperBound, type Decision } from "./confidence-sequence.ts";

/** The planner's confidence: 95% per plan row, whatever the scan looked at. */
export const PLAN_CONFIDENCE = 0.95;

/**
 * The error budget of one scan: α = 1 − confidence split evenly (Bonferroni) over the maxRetries
 * values 0..retriesMax, because the scan stops at the first value declared to meet the target and
 * any of them could be the one declared by luck. No monotonicity in maxRetries is assumed.
 */
export function alphaPerStep(retriesMax: number, confidence = PLAN_CONFIDENCE): number {
  return (1 - confidence) / (retriesMax + 1);
}

/** Where the wall clock lives: outside sim/, passed in (the core never reads a clock). */
export interface PlanBudget {
  nowMs(): number;
  /** Wall time the whole plan may take, in ms. */
  budgetMs: number;
  /** nowMs() when the plan started. */
  startMs: number;
}

export interface StepResult {
  decision: Decision | "budget";
  runs: number;
  /** Sum of the per-run values (scaled into [0, 1]). */
  sum: number;
  /** The sequence's upper end at the last run. */
  upper: number;
}

/**
 * Draws per-run values (each in [0, 1]) until the confidence sequence decides `mean ≤ target` one
 * way or the other, the cap is reached ("open") or the budget runs out ("budget"). Checked after
 * every run: the sequence is valid at every n, so stopping early costs no confidence.
 */
export function checkStep(
  value: (replication: number) => number,
  target: number,
  alpha: number,
  repsMax: number,
  hooks: { budget?: PlanBudget; onRuns?: (runs: number) => void } = {},
): StepResult {
  const prior = priorFor(target);
  const level = Math.log(1 / alpha);
  const [logP, logQ] = [Math.log(target), Math.log1p(-target)];
  let sum = 0;
  let n = 0;
  // log M_n(target) kept up to date run by run: a 0 or 1 updates the beta mixture by one ratio
  // (B(a+S+1, c)/B(a+S, c) = (a+S)/(a+c+S)); a fraction recomputes it from log-gamma.
  let logWealth = 0;
  let decision: StepResult["decision"] = "open";
  while (n < repsMax) {
    const x = value(n);
    if (!(x >= 0 && x <= 1)) throw new Error(`a per-run value outside [0, 1]: ${x}`);
    const total = prior.a + prior.b + n;
    if (x === 1) logWealth += Math.log((prior.a + sum) / total) - logP;
    else if (x === 0) logWealth += Math.log((prior.b + n - sum) / total) - logQ;
    sum += x;
    n++;
    if (x !== 0 && x !== 1) logWealth = logMixture(target, sum, n, prior);
    if (logWealth >= level) {
      decision = sum / n < target ? "meets" : "fails";
      break;
    }
    if ((n & 255) === 0) {
      hooks.onRuns?.(n);
      if (hooks.budget && hooks.budget.nowMs() - hooks.budget.startMs > hooks.budget.budgetMs) {
        decision = "budget";
        break;
      }
    }
  }
  return { decision, runs: n, sum, upper: upperBound(sum, n, alpha, prior) };
}

export interface ScanResult {
  /** Smallest maxRetries declared to meet the target, or null. */
  maxRetries: number | null;
  status: "certified" | "exceeds" | "budget";
  /** The step behind the answer (or the last step run). */
  step: StepResult;
  runsTotal: number;
}

/**
 * Scans maxRetries upward and answers the first value the sequence declares to meet the target:
 * the smallest such value by definition, with no assumption that more retries never hurt (they
 * can: longer commands hold pool slots longer).
 */
export function scanSteps(stepAt: (maxRetries: number) => StepResult, retriesMax: number): ScanResult {
  let runsTotal = 0;
  let step: StepResult = { decision: "open", runs: 0, sum: 0, upper: 1 };
  for (let r = 0; r <= retriesMax; r++) {
    step = stepAt(r);
    runsTotal += step.runs;
    if (step.decision === "meets") return { maxRetries: r, status: "certified", step, runsTotal };
    if (step.decision === "budget") return { maxRetries: null, status: "budget", step, runsTotal };
  }
  return { maxRetries: null, status: "exceeds", step, runsTotal };
}

/** The default cap per step: four times the zero-failure runs, enough to certify a mean of target / 5 (see test/plan-coverage.test.ts). */
export function defaultRepsMax(target: number, alpha: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, 4 * runsNeededAtZero(target, alpha));
}
