import { availableParallelism } from "node:os";
import { buildOutput, cellCount, cellsPerTask, shardTasks, taskCount, type ResolvedSweep, type Shard, type SweepOutput } from "../../sim/sweep/index.ts";
import { Progress } from "../cli/progress.ts";
import { runTasksInPool } from "./pool.ts";

export interface SweepRunOptions {
  threads?: number;
  shard?: Shard | null;
  /** Draw a progress bar (only ever on a TTY; Progress checks). Default true. */
  progress?: boolean;
  /** Stop on Ctrl-C and keep what finished. Default true. */
  handleSigint?: boolean;
}

export interface SweepRun {
  output: SweepOutput;
  runs: number;
  seconds: number;
  threads: number;
}

/** Runs a resolved sweep (or one shard of it) on worker threads; output sorted by cell index. */
export async function runSweep(sweep: ResolvedSweep, options: SweepRunOptions = {}): Promise<SweepRun> {
  const threads = options.threads ?? availableParallelism();
  // Counts by arithmetic: the cells are resolved in the workers, each once, as their tasks run.
  const tasks = shardTasks(taskCount(sweep), options.shard ?? null);
  const expectedCells = tasks.length * cellsPerTask(sweep);
  const rep = sweep.replications;
  const progress = options.progress === false ? null : new Progress(expectedCells * (rep.kind === "fixed" ? rep.count : rep.max), "runs");
  let runs = 0;
  let onSigint: (() => void) | null = null;
  const stop = new Promise<void>((resolve) => {
    onSigint = () => resolve();
    if (options.handleSigint !== false) process.once("SIGINT", onSigint);
  });
  const started = performance.now();
  const { results } = await runTasksInPool(sweep, tasks, {
    threads,
    stop,
    onRuns: (n) => {
      runs += n;
      progress?.update(runs);
    },
  });
  if (onSigint) process.removeListener("SIGINT", onSigint);
  progress?.done();
  const seconds = (performance.now() - started) / 1000;
  const output = buildOutput(sweep, results, { cellCount: cellCount(sweep), expectedCells, shard: options.shard ?? undefined });
  return { output, runs: results.reduce((n, c) => n + c.reps, 0), seconds, threads: Math.min(threads, Math.max(1, tasks.length)) };
}
