import { Aggregate, type Estimate, type Summary } from "../aggregate.ts";
import { METRICS, type MetricDef } from "../metrics.ts";
import type { RunResult } from "../index.ts";
import { createRunner, replicate } from "../run.ts";
import { Simulation } from "../model/simulation.ts";
import { Welford } from "../stats.ts";
import type { Cell, CellResult, ResolvedSweep, StopReason, Task } from "./types.ts";

export interface RunTaskOptions {
  /** Called with the runs done so far in this task, every `progressEvery` runs (default 500). */
  onProgress?: (runs: number) => void;
  progressEvery?: number;
  /**
   * The Simulation every run of the task runs on (default: one per call). A worker passes the same
   * one to all its tasks: run() resets every role, so results are those of a fresh one, and the
   * tables are allocated once per worker instead of once per cell.
   */
  simulation?: Simulation;
}

/**
 * Runs one task: its cells replication by replication, replication i of every cell on the same
 * random streams (common random numbers). Cells of a paired group stop together: a group runs
 * until every cell meets the adaptive criterion, so each difference pairs the same replications.
 * Memory is flat in the number of replications.
 */
export function runTask(task: Task, sweep: ResolvedSweep, options: RunTaskOptions = {}): CellResult[] {
  const rep = sweep.replications;
  const sim = options.simulation ?? new Simulation();
  const summarised = summarisedMetrics(sweep);
  if (rep.kind === "fixed" && task.cells.length === 1) return [fromSummary(task.cells[0], sweep, fixedSummary(task.cells[0], rep.count, summarised, sim, options), "fixed", null)];
  const kept = sweep.metrics.map((name) => METRICS.find((m) => m.name === name)!);
  const aggs = task.cells.map(() => new Aggregate(summarised));
  const diffs = task.cells.map((_, j) => (j === 0 ? null : kept.map(() => new Welford())));
  const every = options.progressEvery ?? 500;
  const results: RunResult[] = new Array(task.cells.length);
  let reps = 0;
  let stop: StopReason | null = null;
  // A cell's result is read (aggregate, differences) before its next run: one object per cell.
  const runners = task.cells.map((cell) => createRunner(cell.scenario, cell.scenario.seed, null, sim, true));
  while (stop === null) {
    for (let j = 0; j < task.cells.length; j++) {
      results[j] = runners[j](reps);
      aggs[j].add(results[j]);
    }
    addDifferences(kept, results, diffs);
    reps++;
    if (options.onProgress && (reps * task.cells.length) % every < task.cells.length) options.onProgress(reps * task.cells.length);
    stop = stopReason(sweep, aggs, reps);
  }
  return task.cells.map((cell, j) => fromSummary(cell, sweep, aggs[j].summary(), stop!, diffs[j] && diffEstimates(kept, diffs[j]!)));
}

/** One cell alone (no paired difference). */
export function runCell(cell: Cell, sweep: ResolvedSweep, options: RunTaskOptions = {}): CellResult {
  return runTask({ index: cell.index, cells: [cell] }, sweep, options)[0];
}

/** Half-width of a 95% interval; Infinity when there is none yet. */
export function halfWidth(e: Estimate): number {
  return e.ci95 ? (e.ci95[1] - e.ci95[0]) / 2 : Infinity;
}

/**
 * The metrics a sweep summarises: its own, plus an adaptive stop's. Only these are aggregated
 * (a run's summary of all 23 cost as much as a short run); each metric's summary is independent
 * of the others, so the output is the same.
 */
function summarisedMetrics(sweep: ResolvedSweep): MetricDef[] {
  const names = new Set(sweep.metrics);
  if (sweep.replications.kind === "adaptive") names.add(sweep.replications.metric);
  return METRICS.filter((m) => names.has(m.name));
}

function fixedSummary(cell: Cell, count: number, metrics: MetricDef[], simulation: Simulation, options: RunTaskOptions): Summary {
  // replicate() compiles the scenario once; the same Aggregate in the same order as the general loop.
  return replicate(cell.scenario, count, { onProgress: options.onProgress, progressEvery: options.progressEvery ?? 500, metrics, simulation });
}

function stopReason(sweep: ResolvedSweep, aggs: Aggregate[], reps: number): StopReason | null {
  const r = sweep.replications;
  if (r.kind === "fixed") return reps >= r.count ? "fixed" : null;
  if (reps < r.min) return null;
  if (aggs.every((a) => halfWidth(a.estimate(r.metric)) <= r.halfWidth)) return "converged";
  return reps >= r.max ? "max" : null;
}

function addDifferences(kept: MetricDef[], results: RunResult[], diffs: (Welford[] | null)[]): void {
  for (let j = 1; j < results.length; j++) {
    for (let m = 0; m < kept.length; m++) {
      const d = kept[m].value(results[j]) - kept[m].value(results[0]);
      if (!Number.isNaN(d)) diffs[j]![m].add(d);
    }
  }
}

function diffEstimates(kept: MetricDef[], ws: Welford[]): Record<string, Estimate> {
  const out: Record<string, Estimate> = {};
  kept.forEach((m, i) => {
    if (ws[i].n > 0) out[m.name] = { mean: ws[i].mean, ci95: ws[i].ci95() };
  });
  return out;
}

function fromSummary(cell: Cell, sweep: ResolvedSweep, s: Summary, stop: StopReason, diff: Record<string, Estimate> | null): CellResult {
  const metrics: Record<string, Estimate> = {};
  for (const name of sweep.metrics) if (s.metrics[name]) metrics[name] = s.metrics[name];
  return { index: cell.index, coords: cell.coords, reps: s.reps, stop, eventLimitRuns: s.eventLimitRuns, metrics, failedCommandsHistogram: s.failedCommandsHistogram, diff };
}
