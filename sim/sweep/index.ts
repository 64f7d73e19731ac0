/**
 * Sweeps: a base scenario over axes of scenario paths, replicated with Monte Carlo statistics.
 * Pure (no DOM, no Node): the CLI's worker threads and the browser's Web Worker share it.
 *
 *   resolveSweep(raw, {loadBase?, cells?}) → ResolvedSweep  validates (every cell, or its corners);
 *                                                       throws SweepError(issues[]: {path, message});
 *                                                       raw.base is raw options (scenarioOptions(s)
 *                                                       turns a resolved Scenario into them)
 *   cellCount(sweep), taskCount(sweep)                  counts, by arithmetic (nothing resolved)
 *   taskAt(sweep, i) → Task                             task i with its cells resolved now
 *   expandCells(sweep) → Cell[]                         {index, coords, scenario}, row-major
 *   expandTasks(sweep) → Task[]                         units of work: a pairing group or one cell
 *   selectShard(tasks, {index, count} | null) → Task[]  task.index ≡ index − 1 (mod count)
 *   runTask(task, sweep, {onProgress?}) → CellResult[]  replication order, common random numbers,
 *                                                       fixed or adaptive stopping, paired diffs
 *   runCell(cell, sweep) → CellResult                   one cell alone
 *   buildOutput(sweep, results, {cellCount, expectedCells?, shard?}) → SweepOutput
 *   cellsToCsv(output) / cellsToJson(output) → string   deterministic bytes
 *   mergeShards([{name, text}]) → string                shard outputs → the unsharded bytes
 *   closedFormFailure(scenario) → ClosedForm | null     exact failure metrics where they exist
 *   planRetries(scenario, {target, ...}) → PlanRow[]    smallest maxRetries under a target, certified by
 *                                                       the closed form or an anytime-valid confidence sequence
 *
 * A runner (thread pool, Web Workers) drives a TaskScheduler: it posts the ResolvedSweep to each
 * worker once, then task indices only; a worker runs runTask(taskAt(sweep, i)), resolving just that
 * task's cells; the collector passes all results to buildOutput, which sorts them by cell index. A task is never split across workers,
 * so its streaming sums see the same values in the same order for any number of threads.
 *
 * Example:
 *   const sweep = resolveSweep({ base: {}, axes: [{ path: "probe", values: ["none", "tls-aware"] }], replications: 200 });
 *   const results = expandTasks(sweep).flatMap((t) => runTask(t, sweep));
 *   const csv = cellsToCsv(buildOutput(sweep, results, { cellCount: expandCells(sweep).length }));
 */
export { resolveSweep, SweepError, DEFAULT_METRICS, coordsText, type ResolveSweepOptions } from "./resolve.ts";
export { expandCells, expandTasks, coordsOf, scenarioOptions, cellCount, taskCount, cellsPerTask, taskAt, cellAt, taskCellIndices } from "./expand.ts";
export { selectShard, shardTasks, maybeShard, withReplications, type Shard } from "./shard.ts";
export { TaskScheduler, type Assignment, type SchedulerOptions, type SchedulerProgress } from "./scheduler.ts";
export { runTask, runCell, halfWidth, type RunTaskOptions } from "./run-task.ts";
export { buildOutput, cellsToCsv, cellsToJson, csvHeader, sweepHash, type SweepOutput, type OutputOptions } from "./output.ts";
export { mergeShards, MergeError, type ShardText } from "./merge.ts";
export { closedFormFailure, leadingStaleAtLeast, type ClosedForm } from "./closed-form.ts";
export { perEventSummary, fleetPerEvent, eventsIn, type PerEventSummary, type PerEventEstimate } from "./per-event.ts";
export { estimateIdle, fleetScenarioOptions, maybeRate, type Fleet, type IdleEstimate } from "./fleet.ts";
export { describeWindow, describeEvents, describeMethod, describeRowMethod, perEventHeader, PER_EVENT_LABELS } from "./plan-text.ts";
export { OverlapMeter, RatioSum, eventTimesUs } from "./overlap.ts";
export { arrivalsTailBound, fixedCountBound, poissonArrivalsBound, poissonUpperTail, scaledTarget, scaledValue, unscaledUpper, type CountBound } from "./count-bound.ts";
export { planRetries, metricBound, PER_EVENT_METRICS, type PerRunMetric, type PlanOptions, type PlanRow, type PlanProgress, type PlanMethod } from "./planner.ts";
export { alphaPerStep, checkStep, scanSteps, defaultRepsMax, PLAN_CONFIDENCE, type PlanBudget, type StepResult, type ScanResult } from "./sequential-check.ts";
export { decide, upperBound, lowerBound, runsNeededAtZero, priorFor, logMixture } from "./confidence-sequence.ts";
export type * from "./types.ts";
