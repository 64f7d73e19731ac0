import { Aggregate } from "../aggregate.ts";
import { METRICS } from "../metrics.ts";
import { createRunner, replicate } from "../run.ts";
import { setPath } from "../scenario/paths.ts";
import { resolveScenario } from "../scenario/resolve.ts";
import { PROBE_KEYS } from "../scenario/spec.ts";
import type { Scenario, ScenarioOptions } from "../scenario/types.ts";
import { closedFormFailure, type ClosedForm } from "./closed-form.ts";
import { cloneJson, scenarioOptions } from "./expand.ts";

export interface PlanOptions {
  /** The bound the metric's upper 95% limit must stay under, e.g. 0.001. */
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
  /** Most runs one simulated check may use before it counts as "not shown under target". Default 20000. */
  repsMax?: number;
  /** Runs behind the cost columns (p99 latency, dials). Default 200. */
  costReps?: number;
}

export interface PlanRow {
  poolSize: number;
  strategy: unknown;
  /** Smallest maxRetries whose upper 95% bound is ≤ target; null when none up to retriesMax is. */
  maxRetries: number | null;
  /** The bound at that maxRetries (or at retriesMax when none is enough); exact for closed forms. */
  upper95: number;
  method: "closed-form" | "simulation";
  /** Mean per-run p99 command latency (ms) and mean dials per run, at that maxRetries. */
  p99LatencyMs: number;
  dials: number;
}

const CLOSED_METRICS = ["failedCommands", "commandFailureRate", "anyCommandFailed", "firstCommandFailed"];

/**
 * For each pool size and strategy, the smallest maxRetries that keeps the metric under target.
 * `base` is best given as raw scenario options: a profile strategy then swaps the whole bundle.
 * From a resolved Scenario every field is explicit, so a profile axis changes only the label.
 */
export function planRetries(baseInput: ScenarioOptions | Scenario, options: PlanOptions): PlanRow[] {
  const base = scenarioOptions(baseInput);
  const rows: PlanRow[] = [];
  for (const poolSize of options.poolSizes ?? [resolveScenario(base).pool.size]) {
    for (const strategy of options.strategies ?? PROBE_KEYS) rows.push(planOne(base, poolSize, strategy, options));
  }
  return rows;
}

function planOne(base: Record<string, unknown>, poolSize: number, strategy: unknown, o: PlanOptions): PlanRow {
  const metric = o.metric ?? "commandFailureRate";
  const rMax = o.retriesMax ?? 64;
  const at = (r: number) => withPath(base, { "pool.size": poolSize, [o.strategyPath ?? "probe"]: strategy, "retry.maxRetries": r });
  const closed = CLOSED_METRICS.includes(metric) ? (r: number) => closedFormFailure(at(r)) : () => null;
  let found: { r: number | null; upper: number; method: PlanRow["method"] };
  // The closed form's conditions only tighten as maxRetries grows (a longer run), so one check at rMax covers all.
  if (closed(rMax) !== null) found = searchClosed(closed as (r: number) => ClosedForm, metric as keyof ClosedForm, o.target, rMax);
  else found = searchSimulated((r) => simulatedUpper(at(r), metric, o.target, o.repsMax ?? 20_000), o.target, rMax);
  const cost = replicate(at(found.r ?? rMax), o.costReps ?? 200);
  return {
    poolSize,
    strategy,
    maxRetries: found.r,
    upper95: found.upper,
    method: found.method,
    p99LatencyMs: cost.metrics.latencyP99?.mean ?? NaN,
    dials: cost.metrics.dials?.mean ?? NaN,
  };
}

/** Closed forms are exact and cheap: scan upward. */
function searchClosed(closed: (r: number) => ClosedForm, metric: keyof ClosedForm, target: number, rMax: number) {
  let upper = NaN;
  for (let r = 0; r <= rMax; r++) {
    upper = closed(r)[metric];
    if (upper <= target) return { r, upper, method: "closed-form" as const };
  }
  return { r: null, upper, method: "closed-form" as const };
}

/**
 * Scans maxRetries upward and stops at the first value whose upper bound is ≤ target: the
 * smallest one by definition, with no assumption that more retries never hurt (they can: longer
 * commands hold pool slots longer, and cost metrics grow with retries). Each check stops as soon
 * as its interval decides, so values far from the target cost about 100 runs.
 */
function searchSimulated(upperAt: (r: number) => number, target: number, rMax: number) {
  let upper = NaN;
  for (let r = 0; r <= rMax; r++) {
    upper = upperAt(r);
    if (upper <= target) return { r, upper, method: "simulation" as const };
  }
  return { r: null, upper, method: "simulation" as const };
}

/**
 * The metric's upper 95% bound, with as few runs as decide the question: stop once the bound is
 * under target or the lower bound is over it, checking every 100 runs, up to repsMax.
 */
export function simulatedUpper(s: Scenario, metric: string, target: number, repsMax: number): number {
  if (!METRICS.some((m) => m.name === metric)) throw new Error(`unknown metric ${metric}`);
  const agg = new Aggregate();
  const run = createRunner(s);
  for (let i = 0; i < repsMax; i++) {
    agg.add(run(i));
    if ((i + 1) % 100 !== 0 && i + 1 < repsMax) continue;
    const ci = agg.estimate(metric).ci95;
    if (ci && (ci[1] <= target || ci[0] > target)) return ci[1];
  }
  return agg.estimate(metric).ci95?.[1] ?? Infinity;
}

function withPath(base: Record<string, unknown>, sets: Record<string, unknown>): Scenario {
  const raw = cloneJson(base);
  for (const [path, value] of Object.entries(sets)) {
    const problem = setPath(raw, path, value);
    if (problem !== null) throw new Error(problem);
  }
  return resolveScenario(raw);
}
