import { setPath } from "../../sim/scenario/paths.ts";
import type { SweepRequest } from "./sweep-def.ts";

export type { CellResult } from "../../sim/sweep/types.ts";

/** The base options with one cell's coordinates set, ready for resolveScenario (as sim/sweep does). */
export function cellOptions(request: SweepRequest, coords: readonly unknown[]): Record<string, unknown> {
  const root = structuredClone(request.base);
  request.axes.forEach((axis, i) => setPath(root, axis.path, structuredClone(coords[i])));
  return root;
}

/** Row-major index of a cell (first axis outermost), from each axis's value index. */
export function cellIndex(request: SweepRequest, valueIndexes: readonly number[]): number {
  return request.axes.reduce((index, axis, i) => index * axis.values.length + valueIndexes[i], 0);
}
