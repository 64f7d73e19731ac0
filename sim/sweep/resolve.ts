import { METRIC_NAMES } from "../metrics.ts";
import { setPath } from "../scenario/paths.ts";
import { ScenarioError } from "../scenario/resolve.ts";
import { tooDeep, tooDeepMessage } from "../scenario/depth.ts";
import { issueAt, type Issue } from "../scenario/issues.ts";
import { cellScenario, cloneJson, coordsOf } from "./expand.ts";
import type { Replications, ResolvedSweep } from "./types.ts";

/** Bad sweep input: every problem found, each naming the field, the value and what is allowed. */
export class SweepError extends ScenarioError {
  override name = "SweepError";
}

export interface ResolveSweepOptions {
  /** Reads the base scenario when `base` is a path (the CLI reads files; the browser has none). */
  loadBase?: (path: string) => unknown;
  /**
   * Which cells to resolve up front: "all" (default: a sweep that resolves runs without a scenario
   * error), "corners" (a quick check, for a form or a CLI run whose workers resolve each cell as
   * they run it) or "none" (the sweep's own settings only).
   */
  cells?: "all" | "corners" | "none";
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
  const issues: Issue[] = [];
  const deep = tooDeep(raw);
  if (deep !== null) throw new SweepError([{ path: deep.slice(0, 3), message: tooDeepMessage(deep, "sweep") }]);
  if (!isObject(raw)) throw new SweepError([issueAt("", `sweep must be an object; got ${show(raw)}`)]);
  for (const key of Object.keys(raw)) if (!FIELDS.includes(key) && key !== "$schema") issues.push(issueAt(key, `${key} is not a known sweep field; allowed: ${FIELDS.join(", ")}`));
  if (raw.doc !== undefined && typeof raw.doc !== "string") issues.push(issueAt("doc", `doc must be text; got ${show(raw.doc)}`));
  const base = resolveBase(raw.base, raw.set, options, issues);
  const axes = resolveAxes(raw.axes, issues);
  const replications = resolveReplications(raw.replications, issues);
  const metrics = resolveMetrics(raw.metrics, issues);
  const pairAxis = resolvePairBy(raw.pairBy, axes, issues);
  if (issues.length > 0) throw new SweepError(issues);
  const sweep: ResolvedSweep = { doc: (raw.doc as string | undefined) ?? "", base, axes, replications, metrics, pairAxis };
  checkCells(sweep, options.cells ?? "all", issues);
  if (issues.length > 0) throw new SweepError(issues);
  return deepFreeze(sweep);
}

function resolveBase(raw: unknown, set: unknown, options: ResolveSweepOptions, issues: Issue[]): Record<string, unknown> {
  let base: unknown = raw;
  if (typeof raw === "string") {
    if (!options.loadBase) {
      issues.push(issueAt("base", `base is a path (${show(raw)}) but no loader was given; inline the scenario object`));
      return {};
    }
    try {
      base = options.loadBase(raw);
    } catch (e) {
      issues.push(issueAt("base", `base ${show(raw)}: ${(e as Error).message}`));
      return {};
    }
  }
  const deep = tooDeep(base);
  if (deep !== null) {
    issues.push({ path: ["base", ...deep.slice(0, 3)], message: `base: ${tooDeepMessage(deep, "scenario")}` });
    return {};
  }
  if (!isObject(base)) {
    issues.push(issueAt("base", `base must be a scenario object or a path to a scenario file; got ${show(raw)}`));
    return {};
  }
  const out = cloneJson(base);
  if (typeof out.$schema === "string") delete out.$schema; // an editor's pointer to the schema, not a field
  if (set === undefined) return out;
  if (!isObject(set)) {
    issues.push(issueAt("set", `set must be an object of scenario path → value, e.g. {"warmup.idle": "full"}; got ${show(set)}`));
    return out;
  }
  for (const [path, value] of Object.entries(set)) {
    const problem = setPath(out, path, value);
    if (problem !== null) issues.push(issueAt("set", `set: ${problem}`));
  }
  return out;
}

function resolveAxes(raw: unknown, issues: Issue[]): ResolvedSweep["axes"] {
  if (!Array.isArray(raw)) {
    issues.push(issueAt("axes", `axes must be a list of {path, values} or {path, from, to, step}; got ${show(raw)}`));
    return [];
  }
  if (raw.length === 0) {
    issues.push(issueAt("axes", "axes must hold at least one axis; got []"));
    return [];
  }
  const axes: ResolvedSweep["axes"] = [];
  raw.forEach((axis, i) => {
    const at = `axes.${i}`;
    if (!isObject(axis)) return issues.push(issueAt(at, `${at} must be an object {path, values} or {path, from, to}; got ${show(axis)}`));
    for (const key of Object.keys(axis)) {
      if (!["path", "values", "from", "to", "step"].includes(key)) issues.push(issueAt(`${at}.${key}`, `${at}.${key} is not a known axis field; allowed: path, values, from, to, step`));
    }
    const path = axis.path;
    if (typeof path !== "string" || path === "") return issues.push(issueAt(`${at}.path`, `${at}.path must be a scenario path such as "pool.size"; got ${show(path)}`));
    const earlier = axes.findIndex((a) => a.path === path);
    if (earlier >= 0) issues.push(issueAt(`${at}.path`, `${at}.path ${show(path)} repeats axes.${earlier}.path`));
    const values = "values" in axis ? axisList(axis, at, issues) : axisRange(axis, at, issues);
    if (values) axes.push({ path, values });
  });
  return axes;
}

function axisList(axis: Record<string, unknown>, at: string, issues: Issue[]): unknown[] | null {
  if ("from" in axis || "to" in axis || "step" in axis) issues.push(issueAt(at, `${at} must give values or from/to, not both`));
  const values = axis.values;
  if (!Array.isArray(values) || values.length === 0) return issues.push(issueAt(`${at}.values`, `${at}.values must be a non-empty list; got ${show(values)}`)), null;
  if (values.length > AXIS_VALUES_MAX) return issues.push(issueAt(`${at}.values`, `${at}.values may hold at most ${AXIS_VALUES_MAX} values; got ${values.length}`)), null;
  const seen = new Set<string>();
  for (const v of values) {
    const key = JSON.stringify(v);
    if (seen.has(key)) issues.push(issueAt(`${at}.values`, `${at}.values holds ${show(v)} twice`));
    seen.add(key);
  }
  return cloneJson(values);
}

function axisRange(axis: Record<string, unknown>, at: string, issues: Issue[]): unknown[] | null {
  const { from, to, step = 1 } = axis;
  const int = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v);
  let ok = true;
  if (!int(from)) ok = !issues.push(issueAt(`${at}.from`, `${at}.from must be an integer (or give values instead); got ${show(from)}`));
  if (!int(to)) ok = !issues.push(issueAt(`${at}.to`, `${at}.to must be an integer (or give values instead); got ${show(to)}`));
  if (!int(step) || (step as number) < 1) ok = !issues.push(issueAt(`${at}.step`, `${at}.step must be an integer ≥ 1; got ${show(step)}`));
  if (!ok) return null;
  const [a, b, s] = [from as number, to as number, step as number];
  if (b < a) return issues.push(issueAt(`${at}.to`, `${at}.to must be ≥ ${at}.from (${a}); got ${b}`)), null;
  const count = Math.floor((b - a) / s) + 1;
  if (count > AXIS_VALUES_MAX) return issues.push(issueAt(at, `${at} may hold at most ${AXIS_VALUES_MAX} values; from ${a} to ${b} step ${s} gives ${count}`)), null;
  return Array.from({ length: count }, (_, k) => a + k * s);
}

function resolveReplications(raw: unknown, issues: Issue[]): Replications {
  const fallback: Replications = { kind: "fixed", count: 1000 };
  if (raw === undefined) return fallback;
  if (typeof raw === "number") {
    if (Number.isInteger(raw) && raw >= 1 && raw <= REPS_MAX) return { kind: "fixed", count: raw };
    issues.push(issueAt("replications", `replications must be an integer from 1 to ${REPS_MAX}, or {metric, halfWidth, min, max}; got ${show(raw)}`));
    return fallback;
  }
  if (!isObject(raw)) {
    issues.push(issueAt("replications", `replications must be an integer from 1 to ${REPS_MAX}, or {metric, halfWidth, min, max}; got ${show(raw)}`));
    return fallback;
  }
  for (const key of Object.keys(raw)) {
    if (!["metric", "halfWidth", "min", "max"].includes(key)) issues.push(issueAt(`replications.${key}`, `replications.${key} is not a known field; allowed: metric, halfWidth, min, max`));
  }
  const { metric, halfWidth, min, max } = raw;
  if (typeof metric !== "string" || !METRIC_NAMES.includes(metric)) issues.push(issueAt("replications.metric", `replications.metric must be one of ${METRIC_NAMES.join(", ")}; got ${show(metric)}`));
  if (typeof halfWidth !== "number" || !Number.isFinite(halfWidth) || halfWidth <= 0) issues.push(issueAt("replications.halfWidth", `replications.halfWidth must be a number > 0; got ${show(halfWidth)}`));
  const intIn = (v: unknown, lo: number) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= REPS_MAX;
  if (!intIn(min, 2)) issues.push(issueAt("replications.min", `replications.min must be an integer from 2 to ${REPS_MAX}; got ${show(min)}`));
  if (!intIn(max, 2)) issues.push(issueAt("replications.max", `replications.max must be an integer from 2 to ${REPS_MAX}; got ${show(max)}`));
  else if (intIn(min, 2) && (max as number) < (min as number)) issues.push(issueAt("replications.max", `replications.max must be ≥ replications.min (${min}); got ${max}`));
  return { kind: "adaptive", metric: metric as string, halfWidth: halfWidth as number, min: min as number, max: max as number };
}

function resolveMetrics(raw: unknown, issues: Issue[]): string[] {
  if (raw === undefined) return [...DEFAULT_METRICS];
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.push(issueAt("metrics", `metrics must be a non-empty list of metric names; got ${show(raw)}`));
    return [];
  }
  raw.forEach((m, i) => {
    if (typeof m !== "string" || !METRIC_NAMES.includes(m)) issues.push(issueAt(`metrics.${i}`, `metrics.${i} must be one of ${METRIC_NAMES.join(", ")}; got ${show(m)}`));
    else if (raw.indexOf(m) < i) issues.push(issueAt(`metrics.${i}`, `metrics.${i} ${show(m)} is listed twice`));
  });
  return [...raw] as string[];
}

function resolvePairBy(raw: unknown, axes: ResolvedSweep["axes"], issues: Issue[]): number | null {
  if (raw === null) return null;
  if (raw === undefined) {
    const i = axes.findIndex((a) => PAIRED_PATHS.includes(a.path));
    return i >= 0 ? i : null;
  }
  const i = axes.findIndex((a) => a.path === raw);
  if (typeof raw !== "string" || i < 0) {
    issues.push(issueAt("pairBy", `pairBy must be null or one of the axis paths (${axes.map((a) => a.path).join(", ") || "none given"}); got ${show(raw)}`));
    return null;
  }
  return i;
}

/**
 * Resolves every cell (or, with cells "corners", only the corner cells, where every range and ≤
 * rule of the spec binds: the web form's quick check). A problem shared by many cells is listed
 * once, with the first cell; its path is "cells" then the scenario field's path.
 */
function checkCells(sweep: ResolvedSweep, mode: "all" | "corners" | "none", issues: Issue[]): void {
  const count = sweep.axes.reduce((n, a) => n * a.values.length, 1);
  if (count > CELLS_MAX) {
    issues.push(issueAt("axes", `the axes make ${count} cells; at most ${CELLS_MAX} are allowed`));
    return;
  }
  const byProblem = new Map<string, { issue: Issue; first: string; count: number }>();
  const onError = (coords: unknown[], error: ScenarioError) => {
    for (const issue of error.issues) {
      const entry = byProblem.get(issue.message);
      if (entry) entry.count++;
      else byProblem.set(issue.message, { issue, first: coordsText(sweep, coords), count: 1 });
    }
  };
  for (const index of mode === "all" ? allCells(count) : mode === "corners" ? cornerCells(sweep) : []) cellScenario(sweep, coordsOf(sweep, index), onError);
  for (const [p, { issue, first, count }] of byProblem) {
    issues.push({ path: ["cells", ...issue.path], message: `cell ${first}: ${p}${count > 1 ? ` (and ${count - 1} more cells)` : ""}` });
  }
}

function* allCells(count: number): Iterable<number> {
  for (let i = 0; i < count; i++) yield i;
}

/**
 * Cells at the extremes: per axis, the smallest and largest value when every value is a number,
 * else every value. A value outside a range, or breaking a ≤ between two fields, breaks it at such
 * a corner too; a value the corners cannot speak for (2.5 between pool sizes 1 and 3) is found when
 * its cell is resolved to run, and a caller that checked corners only then checks every cell.
 */
function cornerCells(sweep: ResolvedSweep): number[] {
  const picks = sweep.axes.map((a) => {
    const v = a.values;
    if (!v.every((x) => typeof x === "number")) return v.map((_, i) => i);
    const nums = v as number[];
    return [...new Set([nums.indexOf(Math.min(...nums)), nums.indexOf(Math.max(...nums))])];
  });
  let indices = [0];
  picks.forEach((pick, k) => {
    const size = sweep.axes[k].values.length;
    indices = indices.flatMap((base) => pick.map((i) => base * size + i));
  });
  return indices;
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
