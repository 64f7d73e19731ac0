import { METRICS } from "../metrics.ts";
import { createRunner } from "../run.ts";
import { setPath } from "../scenario/paths.ts";
import { resolveScenario } from "../scenario/resolve.ts";
import { PROBE_KEYS } from "../scenario/spec.ts";
import type { Scenario, ScenarioOptions } from "../scenario/types.ts";
import { closedFormFailure, type ClosedForm } from "./closed-form.ts";
import { runsNeededAtZero } from "./confidence-sequence.ts";
import { cloneJson, scenarioOptions } from "./expand.ts";
import { perEventSummary, type PerEventSummary } from "./per-event.ts";
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
  const found = closed(rMax) !== null ? searchClosed(closed as (r: number) => ClosedForm, metric as keyof ClosedForm, o.target, rMax) : planSimulated(at, metric, o, rMax, (p) => o.onProgress?.({ ...head, row, rows, ...p }));
  const costly = found.maxRetries !== null || found.status === "exceeds";
  const cost = costly ? perEventSummary(at(found.maxRetries ?? rMax), o.costReps ?? 200) : null;
  return { ...head, ...found, p99LatencyMs: cost?.latencyP99Ms ?? NaN, dials: cost?.dials ?? NaN, perEvent: cost };
}

type Found = Omit<PlanRow, "poolSize" | "strategy" | "p99LatencyMs" | "dials" | "perEvent">;

/** Closed forms are exact and cheap: scan upward. */
function searchClosed(closed: (r: number) => ClosedForm, metric: keyof ClosedForm, target: number, rMax: number): Found {
  const exact = { method: "closed-form" as const, confidence: 1, alphaPerStep: 0, runs: 0, runsTotal: 0, repsMax: 0, runsNeeded: 0 };
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
  const scale = metricScale(metric, at(0));
  const target = o.target / scale;
  const alpha = alphaPerStep(rMax);
  const runsNeeded = runsNeededAtZero(target, alpha);
  const repsMax = o.repsMax ?? defaultRepsMax(target, alpha);
  const common = { method: "confidence-sequence" as const, confidence: PLAN_CONFIDENCE, alphaPerStep: alpha, repsMax, runsNeeded };
  if (runsNeeded > repsMax) {
    const note = `cannot certify ≤ ${o.target} within ${repsMax.toLocaleString("en-US")} runs per step (needs ≥ ${runsNeeded.toLocaleString("en-US")} runs with no failure)`;
    return { ...common, maxRetries: null, status: "cannot-certify", upper: NaN, runs: 0, runsTotal: 0, note };
  }
  const scan: ScanResult = scanSteps((r) => {
    const def = METRICS.find((m) => m.name === metric)!;
    const run = createRunner(at(r));
    progress({ maxRetries: r, runs: 0, runsNeeded, repsMax });
    return checkStep((i) => def.value(run(i)) / scale, target, alpha, repsMax, { budget: o.budget, onRuns: (runs) => progress({ maxRetries: r, runs, runsNeeded, repsMax }) });
  }, rMax);
  const upper = scan.step.upper * scale;
  const base = { ...common, maxRetries: scan.maxRetries, status: scan.status, upper, runs: scan.step.runs, runsTotal: scan.runsTotal };
  if (scan.status === "certified") return { ...base, note: "" };
  if (scan.status === "budget") {
    const note = `cannot certify ≤ ${o.target} within the ${(o.budget!.budgetMs / 1000).toFixed(0)} s budget (stopped at a step after ${scan.step.runs.toLocaleString("en-US")} runs; a step needs ≥ ${runsNeeded.toLocaleString("en-US")} runs with no failure)`;
    return { ...base, note };
  }
  return { ...base, note: `no maxRetries ≤ ${rMax} shown to keep ${metric} ≤ ${o.target}` };
}

/**
 * Per-run values are divided by this to lie in [0, 1], which the confidence sequence needs:
 * probabilities and fractions as they are, failed commands by the commands a run issues. Null
 * when no per-run bound is known (latencies, open-ended workloads).
 */
export function metricScale(name: string, s: Scenario): number {
  const metric = PER_EVENT_METRICS[name] ?? name;
  if (metric !== name && !(s.disconnects.length === 1 && s.disconnects[0].every === "0s")) {
    throw new Error(`${name} needs exactly one disconnect event per run (one disconnect, every 0s); got ${s.disconnects.length} disconnect schedules`);
  }
  const def = METRICS.find((m) => m.name === metric);
  if (def === undefined) throw new Error(`unknown metric ${metric}`);
  if (def.kind === "proportion" || def.kind === "fraction") return 1;
  const w = s.workload;
  if (metric === "failedCommands" && w.kind !== "poisson") return w.kind === "sequential" ? w.commands : w.clients * w.commands;
  throw new Error(`the planner cannot bound ${metric} by simulation: it needs a per-run value with a known maximum (a probability, a fraction, or failedCommands with a fixed command count)`);
}

function withPath(base: Record<string, unknown>, sets: Record<string, unknown>): Scenario {
  const raw = cloneJson(base);
  for (const [path, value] of Object.entries(sets)) {
    const problem = setPath(raw, path, value);
    if (problem !== null) throw new Error(problem);
  }
  return resolveScenario(raw);
}
