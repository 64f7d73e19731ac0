import { AXIS_VALUES_MAX, DEFAULT_METRICS, resolveSweep, SweepError } from "../../sim/sweep/resolve.ts";
import { FIELD_BY_PATH, FIELDS } from "./fields.ts";
import { optionsFromTexts, type ScenarioTexts } from "./scenario-text.ts";

/** One numeric sweep axis as typed in the form. */
export interface AxisTexts {
  path: string;
  from: string;
  to: string;
  step: string;
}

/** The Explore tab's sweep settings, as typed (validated by planSweep). */
export interface SweepTexts {
  x: AxisTexts;
  y: AxisTexts;
  /** An enum path that gets one panel per value, or "" for one panel. */
  panel: string;
  /** The panel values, comma-separated; "" means every choice. */
  panelValues: string;
  reps: string;
  metric: string;
}

export const SWEEP_DEFAULTS: Readonly<SweepTexts> = Object.freeze({
  x: { path: "pool.size", from: "1", to: "16", step: "1" },
  y: { path: "retry.maxRetries", from: "0", to: "10", step: "1" },
  panel: "probe",
  panelValues: "none,syscall,tls-aware",
  reps: "200",
  metric: "commandFailureRate",
});

/** Numeric fields a sweep may run along (seed and the event limit are not questions). */
export const AXIS_PATHS: readonly string[] = FIELDS.filter(
  (f) => (f.leaf.type === "int" || f.leaf.type === "number") && f.union === undefined && f.path !== "seed" && !f.path.startsWith("limits."),
).map((f) => f.path);

/** Enum fields a sweep may split into panels. */
export const PANEL_PATHS: readonly string[] = FIELDS.filter((f) => f.leaf.type === "enum" && f.union === undefined).map((f) => f.path);

/** Limits are sim/sweep's own (resolveSweep checks them): the form and the CLI accept the same sweeps. */
export { AXIS_VALUES_MAX, REPS_MAX } from "../../sim/sweep/resolve.ts";
/** Sweeps above this many runs ask before they start. */
export const RUNS_CONFIRM = 2_000_000;

/** What the workers run: a sweep file's options (sim/sweep resolveSweep validates them again). */
export interface SweepRequest {
  base: Record<string, unknown>;
  axes: { path: string; values: (number | string)[] }[];
  replications: number;
  metrics: string[];
}

export interface SweepPlan {
  request: SweepRequest;
  panelValues: string[] | null;
  xValues: number[];
  yValues: number[];
  metric: string;
  cells: number;
  runs: number;
}

export type SweepErrorKey = "x" | "y" | "panel" | "reps" | "metric";
export type SweepErrors = Map<SweepErrorKey, string[]>;

/**
 * Turns the form's texts into a sweep request and validates it with sim/sweep resolveSweep (its
 * corner cells: each worker resolves a cell as it runs it, and a bad one found then is reported
 * with every other); either a plan or every problem found, each attached to the control its path
 * names. `corners: false` checks the sweep's own settings only, not the scenario at its corner
 * cells.
 */
export function planSweep(texts: ScenarioTexts, sweep: SweepTexts, options: { corners?: boolean } = {}): { plan: SweepPlan } | { errors: SweepErrors } {
  const errors: SweepErrors = new Map();
  const add = (key: SweepErrorKey, message: string) => errors.set(key, [...(errors.get(key) ?? []), message]);
  const xValues = axisValues(sweep.x, (m) => add("x", m));
  const yValues = axisValues(sweep.y, (m) => add("y", m));
  const panelField = sweep.panel === "" ? undefined : FIELD_BY_PATH.get(sweep.panel);
  if (sweep.panel !== "" && (!panelField || !PANEL_PATHS.includes(sweep.panel))) add("panel", `panels must split on one of ${PANEL_PATHS.join(", ")}; got ${JSON.stringify(sweep.panel)}`);
  const panelValues = panelField && panelField.leaf.type === "enum" ? choose(panelField.leaf.choices, sweep.panelValues, (m) => add("panel", m)) : null;
  if (errors.size > 0) return { errors };
  const keys: SweepErrorKey[] = [];
  const axes: SweepRequest["axes"] = [];
  if (panelValues) keys.push("panel"), axes.push({ path: sweep.panel, values: panelValues });
  keys.push("x", "y");
  axes.push({ path: sweep.x.path, values: xValues! }, { path: sweep.y.path, values: yValues! });
  const reps = /^\d+$/.test(sweep.reps.trim()) ? Number(sweep.reps) : sweep.reps;
  const request = { base: optionsFromTexts(texts), axes, replications: reps, metrics: [...new Set([sweep.metric, ...DEFAULT_METRICS])] };
  try {
    resolveSweep(request, { cells: options.corners === false ? "none" : "corners" });
  } catch (e) {
    if (!(e instanceof SweepError)) throw e;
    for (const issue of e.issues) add(errorKey(issue.path, axes, keys), issue.message);
    return { errors };
  }
  const cells = (panelValues?.length ?? 1) * xValues!.length * yValues!.length;
  return { plan: { request: request as SweepRequest, panelValues, xValues: xValues!, yValues: yValues!, metric: sweep.metric, cells, runs: cells * (reps as number) } };
}

/** The control an issue of resolveSweep belongs to, by its path. */
function errorKey(path: readonly string[], axes: SweepRequest["axes"], keys: SweepErrorKey[]): SweepErrorKey {
  const [head, ...rest] = path;
  if (head === "replications") return "reps";
  if (head === "metrics") return "metric";
  if (head === "axes" && rest.length > 0) return keys[Number(rest[0])] ?? "x";
  if (head === "cells" && rest[0] === "axes") return keys[Number(rest[1])] ?? "x";
  if (head === "cells") {
    // The axis whose field the scenario issue names (or a group holding it), else the x axis.
    const field = rest.join(".");
    const i = axes.findIndex((a) => field === a.path || a.path.startsWith(`${field}.`) || field.startsWith(`${a.path}.`));
    if (i >= 0) return keys[i];
  }
  return "x";
}

/** The panel values picked from an enum's choices ("" picks all), each checked. */
function choose(choices: readonly string[], text: string, fail: (message: string) => void): string[] {
  if (text.trim() === "") return [...choices];
  const picked = [...new Set(text.split(",").map((v) => v.trim()).filter(Boolean))];
  for (const v of picked) if (!choices.includes(v)) fail(`panel value ${JSON.stringify(v)} is not one of ${choices.join(", ")}`);
  return picked;
}

function axisValues(axis: AxisTexts, fail: (message: string) => void): number[] | null {
  if (!AXIS_PATHS.includes(axis.path)) {
    fail(`axis must be one of ${AXIS_PATHS.join(", ")}; got ${JSON.stringify(axis.path)}`);
    return null;
  }
  const num = /^-?\d+(\.\d+)?$/;
  const [from, to, step] = [axis.from, axis.to, axis.step].map((t) => t.trim());
  const bad = [["from", from], ["to", to], ["step", step]].filter(([, t]) => !num.test(t));
  for (const [name, t] of bad) fail(`${axis.path} ${name} must be a number; got ${JSON.stringify(t)}`);
  if (bad.length > 0) return null;
  const [a, b, s] = [Number(from), Number(to), Number(step)];
  if (s <= 0) return fail(`${axis.path} step must be > 0; got ${step}`), null;
  if (b < a) return fail(`${axis.path} to (${b}) must be ≥ from (${a})`), null;
  const count = Math.floor((b - a) / s + 1e-9) + 1;
  if (count > AXIS_VALUES_MAX) return fail(`${axis.path} has ${count} values; at most ${AXIS_VALUES_MAX} per axis`), null;
  // Multiply rather than accumulate, so 0.1-steps do not drift (0.30000000000000004).
  const decimals = Math.max(...[from, step].map((t) => (t.includes(".") ? t.length - t.indexOf(".") - 1 : 0)));
  return Array.from({ length: count }, (_, i) => Number((a + i * s).toFixed(decimals)));
}
