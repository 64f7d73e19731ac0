import { METRICS } from "../metrics.ts";
import type { RunResult } from "../model/result.ts";
import { createRunner } from "../run.ts";
import { setPath } from "../scenario/paths.ts";
import { resolveScenario } from "../scenario/resolve.ts";
import { PROBE_KEYS } from "../scenario/spec.ts";
import type { Scenario, ScenarioOptions } from "../scenario/types.ts";
import { closedFormFailure, type ClosedForm } from "./closed-form.ts";
import { runsNeededAtZero } from "./confidence-sequence.ts";
import { fixedCountBound, poissonArrivalsBound, scaledTarget, scaledValue, unscaledUpper, type CountBound } from "./count-bound.ts";
import { cloneJson, scenarioOptions } from "./expand.ts";
import { eventsIn, perEventSummary, type PerEventSummary } from "./per-event.ts";
import { maybeDurationUs } from "../scenario/duration.ts";
import { alphaPerStep, checkStep, defaultRepsMax, PLAN_CONFIDENCE, scanSteps, type PlanBudget, type ScanResult } from "./sequential-check.ts";

export interface PlanOptions {
  /** The bound the metric must be shown to stay under, e.g. 0.001 (in the metric's unit). */
  target: number;
  /** Metric to bound. Defaults to commandFailureRate. */
  metric?: string;
  /** Pool sizes to plan for. Defaults to the scenario's. */
  poolSizes?: number[];
  /** Scenario path of the strategy axis and its values. Defaults to "probe" over every probe. */
  strategyPath?: string;
  strategies?: readonly unknown[];
  /** Largest maxRetries tried. Defaults to 64. */
  retriesMax?: number;
  /** Most runs one maxRetries step may use. Defaults to four times the runs a step needs with no failure. */
  repsMax?: number;
  /** Runs behind the cost columns (p99 latency, dials). Default 200. */
  costReps?: number;
  /** Wall-time budget for the whole plan (the clock is passed in: sim/ never reads one). */
  budget?: PlanBudget;
  onProgress?: (progress: PlanProgress) => void;
}

/** Where a plan is: row `row` of `rows`, at maxRetries `maxRetries`, `runs` runs into that step. */
export interface PlanProgress {
  row: number;
  rows: number;
  poolSize: number;
  strategy: unknown;
  maxRetries: number;
  runs: number;
  /** Runs with no failure that the step needs to certify the target. */
  runsNeeded: number;
  repsMax: number;
}

export type PlanMethod = "closed-form" | "confidence-sequence";

export interface PlanRow {
  poolSize: number;
  strategy: unknown;
  /** Smallest maxRetries shown to keep the metric ≤ target; null when none is (see status and note). */
  maxRetries: number | null;
  /**
   * certified: maxRetries is the answer; exceeds: no maxRetries up to retriesMax was shown to meet
   * the target; cannot-certify: the target is too small for the runs per step allowed; budget: the
   * wall-time budget ran out first.
   */
  status: "certified" | "exceeds" | "cannot-certify" | "budget";
  /** Upper end of the metric at that maxRetries (or the last one tried): exact for the closed form. */
  upper: number;
  method: PlanMethod;
  /** 1 for the exact closed form; else the confidence of the whole row (its α split over the scan). */
  confidence: number;
  /** α of one maxRetries step (confidence-sequence rows), else 0. */
  alphaPerStep: number;
  /** Runs behind `upper`, runs of the whole scan, runs per step allowed, and zero-failure runs one step needs. */
  runs: number;
  runsTotal: number;
  repsMax: number;
  runsNeeded: number;
  /** Plain words when maxRetries is null. */
  note: string;
  /** How per-run counts were brought into [0, 1] for the sequence (count-bound.ts); "" for probabilities, fractions and the closed form. */
  scaling: string;
  /** Mean per-run p99 command latency (ms) and mean dials per run, at that maxRetries (NaN when not planned). */
  p99LatencyMs: number;
  dials: number;
  /** Window-free figures per disconnect event, per instance, at that maxRetries (null when not planned). */
  perEvent: PerEventSummary | null;
}

const CLOSED_METRICS = ["failedCommands", "commandFailureRate", "anyCommandFailed", "firstCommandFailed"];

/**
 * Per-event metrics the planner takes by name: with one disconnect event per run they are the
 * per-run metrics below (failed commands per event, P(the event loses ≥ 1 command)).
 */
export const PER_EVENT_METRICS: Readonly<Record<string, string>> = { failedPerEvent: "failedCommands", eventLossProbability: "anyCommandFailed" };

/**
 * For each pool size and strategy, the smallest maxRetries that keeps the metric under target.
 * `base` is best given as raw scenario options: a profile strategy then swaps the whole bundle.
 * From a resolved Scenario every field is explicit, so a profile axis changes only the label.
 */
export function planRetries(baseInput: ScenarioOptions | Scenario, options: PlanOptions): PlanRow[] {
  const base = scenarioOptions(baseInput);
  const cells: [number, unknown][] = [];
  for (const poolSize of options.poolSizes ?? [resolveScenario(base).pool.size]) {
    for (const strategy of options.strategies ?? PROBE_KEYS) cells.push([poolSize, strategy]);
  }
  return cells.map(([poolSize, strategy], row) => planOne(base, poolSize, strategy, options, row, cells.length));
}

function planOne(base: Record<string, unknown>, poolSize: number, strategy: unknown, o: PlanOptions, row: number, rows: number): PlanRow {
  const metric = PER_EVENT_METRICS[o.metric ?? ""] ?? o.metric ?? "commandFailureRate";
  const rMax = o.retriesMax ?? 64;
  const at = (r: number) => withPath(base, { "pool.size": poolSize, [o.strategyPath ?? "probe"]: strategy, "retry.maxRetries": r });
  const closed = CLOSED_METRICS.includes(metric) ? (r: number) => closedFormFailure(at(r)) : () => null;
  const head = { poolSize, strategy };
  // The closed form's conditions only tighten as maxRetries grows (a longer run), so one check at rMax covers all.
  const found = closed(rMax) !== null ? searchClosed(closed as (r: number) => ClosedForm, metric as keyof ClosedForm, o.target, rMax) : planSimulated(at, o.metric ?? "commandFailureRate", o, rMax, (p) => o.onProgress?.({ ...head, row, rows, ...p }));
  const costly = found.maxRetries !== null || found.status === "exceeds";
  const cost = costly ? perEventSummary(at(found.maxRetries ?? rMax), o.costReps ?? 200) : null;
  return { ...head, ...found, p99LatencyMs: cost?.latencyP99Ms ?? NaN, dials: cost?.dials ?? NaN, perEvent: cost };
}

type Found = Omit<PlanRow, "poolSize" | "strategy" | "p99LatencyMs" | "dials" | "perEvent">;

/** Closed forms are exact and cheap: scan upward. */
function searchClosed(closed: (r: number) => ClosedForm, metric: keyof ClosedForm, target: number, rMax: number): Found {
  const exact = { method: "closed-form" as const, confidence: 1, alphaPerStep: 0, runs: 0, runsTotal: 0, repsMax: 0, runsNeeded: 0, scaling: "" };
  let upper = NaN;
  for (let r = 0; r <= rMax; r++) {
    upper = closed(r)[metric];
    if (upper <= target) return { ...exact, maxRetries: r, status: "certified", upper, note: "" };
  }
  return { ...exact, maxRetries: null, status: "exceeds", upper, note: `no maxRetries ≤ ${rMax} keeps ${metric} ≤ ${target} (exact: ${upper} at ${rMax})` };
}

/**
 * The simulated search: per maxRetries a confidence sequence over runs, α split over the scan. A
 * target the allowed runs per step cannot reach even with no failure is refused before any run.
 */
function planSimulated(at: (r: number) => Scenario, metric: string, o: PlanOptions, rMax: number, progress: (p: Omit<PlanProgress, "row" | "rows" | "poolSize" | "strategy">) => void): Found {
  const { value, bound } = metricBound(metric, at(0), o.target);
  const target = scaledTarget(o.target, bound);
  const alpha = alphaPerStep(rMax);
  const runsNeeded = runsNeededAtZero(target, alpha);
  const repsMax = o.repsMax ?? defaultRepsMax(target, alpha);
  const common = { method: "confidence-sequence" as const, confidence: PLAN_CONFIDENCE, alphaPerStep: alpha, repsMax, runsNeeded, scaling: bound.tail > 0 || bound.cap !== 1 ? bound.why : "" };
  if (runsNeeded > repsMax) {
    const note = `cannot certify ≤ ${o.target} within ${repsMax.toLocaleString("en-US")} runs per step (needs ≥ ${runsNeeded.toLocaleString("en-US")} runs with no failure)`;
    return { ...common, maxRetries: null, status: "cannot-certify", upper: NaN, runs: 0, runsTotal: 0, note };
  }
  const scan: ScanResult = scanSteps((r) => {
    const run = createRunner(at(r));
    progress({ maxRetries: r, runs: 0, runsNeeded, repsMax });
    return checkStep((i) => scaledValue(value(run(i)), bound), target, alpha, repsMax, { budget: o.budget, onRuns: (runs) => progress({ maxRetries: r, runs, runsNeeded, repsMax }) });
  }, rMax);
  const upper = unscaledUpper(scan.step.upper, bound);
  const base = { ...common, maxRetries: scan.maxRetries, status: scan.status, upper, runs: scan.step.runs, runsTotal: scan.runsTotal };
  if (scan.status === "certified") return { ...base, note: "" };
  if (scan.status === "budget") {
    const note = `cannot certify ≤ ${o.target} within the ${(o.budget!.budgetMs / 1000).toFixed(0)} s budget (stopped at a step after ${scan.step.runs.toLocaleString("en-US")} runs; a step needs ≥ ${runsNeeded.toLocaleString("en-US")} runs with no failure)`;
    return { ...base, note };
  }
  return { ...base, note: `no maxRetries ≤ ${rMax} shown to keep ${metric} ≤ ${o.target}` };
}

/** A metric the planner can bound by simulation: its per-run value, and how that value is brought into [0, 1]. */
export interface PerRunMetric {
  value(r: RunResult): number;
  bound: CountBound;
}

/**
 * Probabilities and fractions lie in [0, 1] as they are. Counts of failed commands (failedCommands
 * per run, failedPerEvent: each run's failed ÷ the disconnect events in it) are cut at a cap and
 * divided by it (sim/sweep/count-bound.ts): the commands a run issues when that is fixed, or, for
 * Poisson arrivals, a cap whose cut-off part of the mean (≤ 1% of the target) is added to the
 * bound. Anything else (latencies) has no per-run maximum: refused.
 */
export function metricBound(name: string, s: Scenario, target: number): PerRunMetric {
  const metric = PER_EVENT_METRICS[name] ?? name;
  if (name === "eventLossProbability" && !(s.disconnects.length === 1 && s.disconnects[0].every === "0s")) {
    throw new Error(`${name} needs exactly one disconnect event per run (one disconnect, every 0s); got ${s.disconnects.length} disconnect schedules`);
  }
  if (name === "failedPerEvent" && s.disconnects.length === 0) throw new Error(`${name} needs at least one disconnect event in the scenario; got none`);
  const def = METRICS.find((m) => m.name === metric);
  if (def === undefined) throw new Error(`unknown metric ${metric}`);
  if (def.kind === "proportion" || def.kind === "fraction") return { value: def.value, bound: { cap: 1, tail: 0, why: "" } };
  if (metric !== "failedCommands") {
    throw new Error(`the planner cannot bound ${metric} by simulation: it needs a per-run value with a known maximum (a probability, a fraction, or a count of failed commands)`);
  }
  const value = name === "failedPerEvent" ? (r: RunResult) => r.failed / Math.max(1, eventsIn(s, r)) : (r: RunResult) => r.failed;
  const w = s.workload;
  if (w.kind === "poisson") return { value, bound: poissonArrivalsBound(1e6 / w.rate, maybeDurationUs(w.duration)!, target / 100) };
  const n = w.kind === "sequential" ? w.commands : w.clients * w.commands;
  return { value, bound: fixedCountBound(n, w.kind === "sequential" ? "" : ", clients × commands") };
}

function withPath(base: Record<string, unknown>, sets: Record<string, unknown>): Scenario {
  const raw = cloneJson(base);
  for (const [path, value] of Object.entries(sets)) {
    const problem = setPath(raw, path, value);
    if (problem !== null) throw new Error(problem);
  }
  return resolveScenario(raw);
}
