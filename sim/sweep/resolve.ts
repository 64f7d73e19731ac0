import { METRIC_NAMES } from "../metrics.ts";
import { setPath } from "../scenario/paths.ts";
import { ScenarioError } from "../scenario/resolve.ts";
import { cloneJson, expandCells } from "./expand.ts";
import type { Replications, ResolvedSweep } from "./types.ts";

/** Bad sweep input: every problem found, each naming the field, the value and what is allowed. */
export class SweepError extends ScenarioError {
  override name = "SweepError";
}

export interface ResolveSweepOptions {
  /** Reads the base scenario when `base` is a path (the CLI reads files; the browser has none). */
  loadBase?: (path: string) => unknown;
}

/** Metrics kept when a sweep names none. */
export const DEFAULT_METRICS = ["failedCommands", "commandFailureRate", "anyCommandFailed", "latencyP99", "dials"];
export const CELLS_MAX = 1_000_000;
export const AXIS_VALUES_MAX = 100_000;
export const REPS_MAX = 100_000_000;
const FIELDS = ["doc", "base", "set", "axes", "replications", "metrics", "pairBy"];
const PAIRED_PATHS = ["probe", "profile"];

/**
 * Sweep file → ResolvedSweep (complete, frozen, JSON-safe). Checks every cell's scenario too, so a
 * sweep that resolves runs without a scenario error. Throws one SweepError listing every problem.
 */
export function resolveSweep(raw: unknown, options: ResolveSweepOptions = {}): ResolvedSweep {
  const problems: string[] = [];
  if (!isObject(raw)) throw new SweepError([`sweep must be an object; got ${show(raw)}`]);
  for (const key of Object.keys(raw)) if (!FIELDS.includes(key)) problems.push(`${key} is not a known sweep field; allowed: ${FIELDS.join(", ")}`);
  if (raw.doc !== undefined && typeof raw.doc !== "string") problems.push(`doc must be text; got ${show(raw.doc)}`);
  const base = resolveBase(raw.base, raw.set, options, problems);
  const axes = resolveAxes(raw.axes, problems);
  const replications = resolveReplications(raw.replications, problems);
  const metrics = resolveMetrics(raw.metrics, problems);
  const pairAxis = resolvePairBy(raw.pairBy, axes, problems);
  if (problems.length > 0) throw new SweepError(problems);
  const sweep: ResolvedSweep = { doc: (raw.doc as string | undefined) ?? "", base, axes, replications, metrics, pairAxis };
  checkCells(sweep, problems);
  if (problems.length > 0) throw new SweepError(problems);
  return deepFreeze(sweep);
}

function resolveBase(raw: unknown, set: unknown, options: ResolveSweepOptions, problems: string[]): Record<string, unknown> {
  let base: unknown = raw;
  if (typeof raw === "string") {
    if (!options.loadBase) {
      problems.push(`base is a path (${show(raw)}) but no loader was given; inline the scenario object`);
      return {};
    }
    try {
      base = options.loadBase(raw);
    } catch (e) {
      problems.push(`base ${show(raw)}: ${(e as Error).message}`);
      return {};
    }
  }
  if (!isObject(base)) {
    problems.push(`base must be a scenario object or a path to a scenario file; got ${show(raw)}`);
    return {};
  }
  const out = cloneJson(base);
  if (set === undefined) return out;
  if (!isObject(set)) {
    problems.push(`set must be an object of scenario path → value, e.g. {"warmup.idle": "full"}; got ${show(set)}`);
    return out;
  }
  for (const [path, value] of Object.entries(set)) {
    const problem = setPath(out, path, value);
    if (problem !== null) problems.push(`set: ${problem}`);
  }
  return out;
}

function resolveAxes(raw: unknown, problems: string[]): ResolvedSweep["axes"] {
  if (!Array.isArray(raw)) {
    problems.push(`axes must be a list of {path, values} or {path, from, to, step}; got ${show(raw)}`);
    return [];
  }
  if (raw.length === 0) {
    problems.push("axes must hold at least one axis; got []");
    return [];
  }
  const axes: ResolvedSweep["axes"] = [];
  raw.forEach((axis, i) => {
    const at = `axes.${i}`;
    if (!isObject(axis)) return problems.push(`${at} must be an object {path, values} or {path, from, to}; got ${show(axis)}`);
    for (const key of Object.keys(axis)) {
      if (!["path", "values", "from", "to", "step"].includes(key)) problems.push(`${at}.${key} is not a known axis field; allowed: path, values, from, to, step`);
    }
    const path = axis.path;
    if (typeof path !== "string" || path === "") return problems.push(`${at}.path must be a scenario path such as "pool.size"; got ${show(path)}`);
    const earlier = axes.findIndex((a) => a.path === path);
    if (earlier >= 0) problems.push(`${at}.path ${show(path)} repeats axes.${earlier}.path`);
    const values = "values" in axis ? axisList(axis, at, problems) : axisRange(axis, at, problems);
    if (values) axes.push({ path, values });
  });
  return axes;
}

function axisList(axis: Record<string, unknown>, at: string, problems: string[]): unknown[] | null {
  if ("from" in axis || "to" in axis || "step" in axis) problems.push(`${at} must give values or from/to, not both`);
  const values = axis.values;
  if (!Array.isArray(values) || values.length === 0) return problems.push(`${at}.values must be a non-empty list; got ${show(values)}`), null;
  if (values.length > AXIS_VALUES_MAX) return problems.push(`${at}.values may hold at most ${AXIS_VALUES_MAX} values; got ${values.length}`), null;
  const seen = new Set<string>();
  for (const v of values) {
    const key = JSON.stringify(v);
    if (seen.has(key)) problems.push(`${at}.values holds ${show(v)} twice`);
    seen.add(key);
  }
  return cloneJson(values);
}

function axisRange(axis: Record<string, unknown>, at: string, problems: string[]): unknown[] | null {
  const { from, to, step = 1 } = axis;
  const int = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v);
  let ok = true;
  if (!int(from)) ok = !problems.push(`${at}.from must be an integer (or give values instead); got ${show(from)}`);
  if (!int(to)) ok = !problems.push(`${at}.to must be an integer (or give values instead); got ${show(to)}`);
  if (!int(step) || (step as number) < 1) ok = !problems.push(`${at}.step must be an integer ≥ 1; got ${show(step)}`);
  if (!ok) return null;
  const [a, b, s] = [from as number, to as number, step as number];
  if (b < a) return problems.push(`${at}.to must be ≥ ${at}.from (${a}); got ${b}`), null;
  const count = Math.floor((b - a) / s) + 1;
  if (count > AXIS_VALUES_MAX) return problems.push(`${at} may hold at most ${AXIS_VALUES_MAX} values; from ${a} to ${b} step ${s} gives ${count}`), null;
  return Array.from({ length: count }, (_, k) => a + k * s);
}

function resolveReplications(raw: unknown, problems: string[]): Replications {
  const fallback: Replications = { kind: "fixed", count: 1000 };
  if (raw === undefined) return fallback;
  if (typeof raw === "number") {
    if (Number.isInteger(raw) && raw >= 1 && raw <= REPS_MAX) return { kind: "fixed", count: raw };
    problems.push(`replications must be an integer from 1 to ${REPS_MAX}, or {metric, halfWidth, min, max}; got ${show(raw)}`);
    return fallback;
  }
  if (!isObject(raw)) {
    problems.push(`replications must be an integer from 1 to ${REPS_MAX}, or {metric, halfWidth, min, max}; got ${show(raw)}`);
    return fallback;
  }
  for (const key of Object.keys(raw)) {
    if (!["metric", "halfWidth", "min", "max"].includes(key)) problems.push(`replications.${key} is not a known field; allowed: metric, halfWidth, min, max`);
  }
  const { metric, halfWidth, min, max } = raw;
  if (typeof metric !== "string" || !METRIC_NAMES.includes(metric)) problems.push(`replications.metric must be one of ${METRIC_NAMES.join(", ")}; got ${show(metric)}`);
  if (typeof halfWidth !== "number" || !Number.isFinite(halfWidth) || halfWidth <= 0) problems.push(`replications.halfWidth must be a number > 0; got ${show(halfWidth)}`);
  const intIn = (v: unknown, lo: number) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= REPS_MAX;
  if (!intIn(min, 2)) problems.push(`replications.min must be an integer from 2 to ${REPS_MAX}; got ${show(min)}`);
  if (!intIn(max, 2)) problems.push(`replications.max must be an integer from 2 to ${REPS_MAX}; got ${show(max)}`);
  else if (intIn(min, 2) && (max as number) < (min as number)) problems.push(`replications.max must be ≥ replications.min (${min}); got ${max}`);
  return { kind: "adaptive", metric: metric as string, halfWidth: halfWidth as number, min: min as number, max: max as number };
}

function resolveMetrics(raw: unknown, problems: string[]): string[] {
  if (raw === undefined) return [...DEFAULT_METRICS];
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`metrics must be a non-empty list of metric names; got ${show(raw)}`);
    return [];
  }
  raw.forEach((m, i) => {
    if (typeof m !== "string" || !METRIC_NAMES.includes(m)) problems.push(`metrics.${i} must be one of ${METRIC_NAMES.join(", ")}; got ${show(m)}`);
    else if (raw.indexOf(m) < i) problems.push(`metrics.${i} ${show(m)} is listed twice`);
  });
  return [...raw] as string[];
}

function resolvePairBy(raw: unknown, axes: ResolvedSweep["axes"], problems: string[]): number | null {
  if (raw === null) return null;
  if (raw === undefined) {
    const i = axes.findIndex((a) => PAIRED_PATHS.includes(a.path));
    return i >= 0 ? i : null;
  }
  const i = axes.findIndex((a) => a.path === raw);
  if (typeof raw !== "string" || i < 0) {
    problems.push(`pairBy must be null or one of the axis paths (${axes.map((a) => a.path).join(", ") || "none given"}); got ${show(raw)}`);
    return null;
  }
  return i;
}

/** Resolves every cell; a problem shared by many cells is listed once, with the first cell. */
function checkCells(sweep: ResolvedSweep, problems: string[]): void {
  const count = sweep.axes.reduce((n, a) => n * a.values.length, 1);
  if (count > CELLS_MAX) {
    problems.push(`the axes make ${count} cells; at most ${CELLS_MAX} are allowed`);
    return;
  }
  const byProblem = new Map<string, { first: string; count: number }>();
  expandCells(sweep, (coords, error) => {
    for (const p of error.problems) {
      const entry = byProblem.get(p);
      if (entry) entry.count++;
      else byProblem.set(p, { first: coordsText(sweep, coords), count: 1 });
    }
  });
  for (const [p, { first, count }] of byProblem) {
    problems.push(`cell ${first}: ${p}${count > 1 ? ` (and ${count - 1} more cells)` : ""}`);
  }
}

export function coordsText(sweep: ResolvedSweep, coords: readonly unknown[]): string {
  return `{${sweep.axes.map((a, i) => `${a.path}: ${JSON.stringify(coords[i])}`).join(", ")}}`;
}

export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
