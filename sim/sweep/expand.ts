import { setPath } from "../scenario/paths.ts";
import { resolveScenario, ScenarioError } from "../scenario/resolve.ts";
import type { Scenario } from "../scenario/types.ts";
import type { Cell, ResolvedSweep, Task } from "./types.ts";

/**
 * Every cell of a sweep in row-major order (first axis outermost). A cell whose scenario does not
 * resolve goes to `onError` when given (resolveSweep uses this to collect problems), else throws.
 */
export function expandCells(sweep: ResolvedSweep, onError?: (coords: unknown[], error: ScenarioError) => void): Cell[] {
  const cells: Cell[] = [];
  const sizes = sweep.axes.map((a) => a.values.length);
  const count = sizes.reduce((n, k) => n * k, 1);
  for (let index = 0; index < count; index++) {
    const coords = coordsOf(sweep, index);
    const scenario = cellScenario(sweep, coords, onError);
    if (scenario) cells.push({ index, coords, scenario });
  }
  return cells;
}

/**
 * Cells grouped into units of work. With a paired axis, a task holds the cells that differ only
 * in that axis (baseline first); otherwise each cell is its own task. Tasks are in order of their
 * first cell, so task i of any run is the same task.
 */
export function expandTasks(sweep: ResolvedSweep): Task[] {
  const cells = expandCells(sweep);
  if (sweep.pairAxis === null) return cells.map((cell, index) => ({ index, cells: [cell] }));
  const k = sweep.pairAxis;
  const groups = new Map<string, Cell[]>();
  for (const cell of cells) {
    const key = JSON.stringify(cell.coords.map((c, i) => (i === k ? null : c)));
    const group = groups.get(key);
    if (group) group.push(cell);
    else groups.set(key, [cell]);
  }
  return [...groups.values()].map((group, index) => ({ index, cells: group }));
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

function cellScenario(sweep: ResolvedSweep, coords: unknown[], onError?: (coords: unknown[], e: ScenarioError) => void): Scenario | null {
  const raw = cloneJson(sweep.base);
  const problems: string[] = [];
  sweep.axes.forEach((axis, i) => {
    const problem = setPath(raw, axis.path, cloneJson(coords[i]));
    if (problem !== null) problems.push(`axes.${i}: ${problem}`);
  });
  try {
    if (problems.length > 0) throw new ScenarioError(problems);
    return resolveScenario(raw);
  } catch (e) {
    if (!(e instanceof ScenarioError) || !onError) throw e;
    onError(coords, e);
    return null;
  }
}

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
