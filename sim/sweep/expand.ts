import { issueAt, type Issue } from "../scenario/issues.ts";
import { setPath } from "../scenario/paths.ts";
import { parseScenario, ScenarioError } from "../scenario/resolve.ts";
import type { Scenario } from "../scenario/types.ts";
import type { Cell, ResolvedSweep, Task } from "./types.ts";

/** Cells in a sweep: the product of its axes' lengths. */
export function cellCount(sweep: ResolvedSweep): number {
  return sweep.axes.reduce((n, a) => n * a.values.length, 1);
}

/** Cells in each task: the paired axis's length, or 1. Every task holds the same number. */
export function cellsPerTask(sweep: ResolvedSweep): number {
  return sweep.pairAxis === null ? 1 : sweep.axes[sweep.pairAxis].values.length;
}

/** Tasks in a sweep: one per pairing group, or one per cell. */
export function taskCount(sweep: ResolvedSweep): number {
  return cellCount(sweep) / cellsPerTask(sweep);
}

/**
 * The cell indices of task `index`, baseline first. With a paired axis, a task holds the cells
 * that differ only in that axis; tasks are numbered in the order of their first cell (row-major
 * over the other axes), so task i of any run is the same task. Pure arithmetic: nothing resolved.
 */
export function taskCellIndices(sweep: ResolvedSweep, index: number): number[] {
  const k = sweep.pairAxis;
  if (k === null) return [index];
  const sizes = sweep.axes.map((a) => a.values.length);
  // Digits of `index` over every axis but k (last fastest), then each value of axis k in turn.
  const digits = new Array<number>(sizes.length).fill(0);
  let rest = index;
  for (let i = sizes.length - 1; i >= 0; i--) {
    if (i === k) continue;
    digits[i] = rest % sizes[i];
    rest = Math.floor(rest / sizes[i]);
  }
  return Array.from({ length: sizes[k] }, (_, v) => {
    digits[k] = v;
    return digits.reduce((n, d, i) => n * sizes[i] + d, 0);
  });
}

/** Task `index` with its cells resolved now: a worker resolves only the tasks it runs. */
export function taskAt(sweep: ResolvedSweep, index: number): Task {
  return { index, cells: taskCellIndices(sweep, index).map((i) => cellAt(sweep, i)) };
}

/** Cell `index`, resolved. Throws ScenarioError when its scenario does not resolve. */
export function cellAt(sweep: ResolvedSweep, index: number): Cell {
  const coords = coordsOf(sweep, index);
  return { index, coords, scenario: cellScenario(sweep, coords)! };
}

/** Every cell of a sweep in row-major order (first axis outermost), resolved. */
export function expandCells(sweep: ResolvedSweep): Cell[] {
  return Array.from({ length: cellCount(sweep) }, (_, i) => cellAt(sweep, i));
}

/** Every task of a sweep, resolved (tests and one-thread runners; workers use taskAt). */
export function expandTasks(sweep: ResolvedSweep): Task[] {
  return Array.from({ length: taskCount(sweep) }, (_, i) => taskAt(sweep, i));
}

/** The axis values of cell `index` (row-major, last axis fastest). */
export function coordsOf(sweep: ResolvedSweep, index: number): unknown[] {
  const coords = new Array<unknown>(sweep.axes.length);
  let rest = index;
  for (let i = sweep.axes.length - 1; i >= 0; i--) {
    const values = sweep.axes[i].values;
    coords[i] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  return coords;
}

/**
 * The base with the cell's axis values set, resolved. A cell that does not resolve goes to
 * `onError` when given (resolveSweep collects problems so), else throws its ScenarioError.
 */
export function cellScenario(sweep: ResolvedSweep, coords: unknown[], onError?: (coords: unknown[], e: ScenarioError) => void): Scenario | null {
  const raw = JSON.parse(baseText(sweep)) as Record<string, unknown>;
  const issues: Issue[] = [];
  sweep.axes.forEach((axis, i) => {
    const problem = setPath(raw, axis.path, cloneJson(coords[i]));
    if (problem !== null) issues.push(issueAt(`axes.${i}.path`, `axes.${i}: ${problem}`));
  });
  try {
    if (issues.length > 0) throw new ScenarioError(issues);
    return parseScenario(raw);
  } catch (e) {
    if (!(e instanceof ScenarioError) || !onError) throw e;
    onError(coords, e);
    return null;
  }
}

/** A sweep's base as JSON text, written once: each cell parses its own copy. */
function baseText(sweep: ResolvedSweep): string {
  let text = baseTexts.get(sweep.base);
  if (text === undefined) baseTexts.set(sweep.base, (text = JSON.stringify(sweep.base)));
  return text;
}
const baseTexts = new WeakMap<object, string>();

/** A deep copy of JSON data (sim/ has no structuredClone: lib ES2022 only). */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * A resolved Scenario as raw options for a sweep base or a re-resolve: its nulls ("not given",
 * e.g. a disconnect's unused count) are dropped, since resolveScenario refuses an explicit null.
 */
export function scenarioOptions(s: unknown): Record<string, unknown> {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v !== "object" || v === null) return v;
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, strip(x)]));
  };
  return strip(s) as Record<string, unknown>;
}
