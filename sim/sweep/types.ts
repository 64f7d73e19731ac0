import type { Estimate } from "../aggregate.ts";
import type { Scenario } from "../scenario/types.ts";

/** One axis as written: a scenario path with a list of values or an integer range. */
export type AxisOptions =
  | { path: string; values: unknown[] }
  | { path: string; from: number; to: number; step?: number };

/** Stop a cell once the 95% CI half-width of `metric` is ≤ halfWidth, after min and by max runs. */
export interface AdaptiveOptions {
  metric: string;
  halfWidth: number;
  min: number;
  max: number;
}

/** A sweep file as written: every field but `base` and `axes` is optional. */
export interface SweepOptions {
  /** What the sweep answers; copied to the output. */
  doc?: string;
  /** The base scenario: inline options, or a path to a scenario file (read by the caller's loader). */
  base: Record<string, unknown> | string;
  /** Overrides applied to the base before the axes, by scenario path: {"warmup.idle": "full"}. */
  set?: Record<string, unknown>;
  axes: AxisOptions[];
  /** A fixed count, or adaptive stopping. Defaults to 1000. */
  replications?: number | AdaptiveOptions;
  /** Metrics kept in the output (names from METRICS). Defaults to DEFAULT_METRICS. */
  metrics?: string[];
  /**
   * The axis whose cells are compared pairwise (replication i against replication i), against
   * its first value. Defaults to the axis on "probe" or "profile" if there is one; null turns it off.
   */
  pairBy?: string | null;
}

export type Replications = { kind: "fixed"; count: number } | ({ kind: "adaptive" } & AdaptiveOptions);

/** A validated sweep: complete, frozen, JSON-safe (it crosses postMessage to workers). */
export interface ResolvedSweep {
  doc: string;
  /** Raw base options with `set` applied; every cell resolves base + its coordinates. */
  base: Record<string, unknown>;
  axes: { path: string; values: unknown[] }[];
  replications: Replications;
  metrics: string[];
  /** Index into axes of the paired axis, or null. Its first value is the baseline. */
  pairAxis: number | null;
}

/** One point of the sweep: the axis values (coords, in axis order) and the resolved scenario. */
export interface Cell {
  /** Row-major position over the axes (first axis outermost): the output row order. */
  index: number;
  coords: unknown[];
  scenario: Scenario;
}

/**
 * The unit of work: cells run together replication by replication (the cells of one pairing
 * group, or one cell). A task runs whole in one worker, in replication order, so its numbers do
 * not depend on how many threads there are.
 */
export interface Task {
  index: number;
  cells: Cell[];
}

/** Why a cell stopped: its fixed count, the adaptive criterion, or the adaptive maximum. */
export type StopReason = "fixed" | "converged" | "max";

export interface CellResult {
  index: number;
  coords: unknown[];
  reps: number;
  stop: StopReason;
  eventLimitRuns: number;
  /** Kept metrics, in sweep order; a metric no run defined is absent. */
  metrics: Record<string, Estimate>;
  /** How many runs had 0, 1, 2, … failed commands. */
  failedCommandsHistogram: number[];
  /** Paired difference (this cell − the baseline cell of its group), per kept metric; null for the baseline. */
  diff: Record<string, Estimate> | null;
}
