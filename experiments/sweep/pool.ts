import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { TaskScheduler, type CellResult, type ResolvedSweep } from "../../sim/sweep/index.ts";
import type { FromWorker, ToWorker } from "./worker.ts";

export interface PoolOptions {
  threads: number;
  /** Runs finished since the last call (partial tasks included). */
  onRuns?: (runs: number) => void;
  /** Resolves when the caller wants to stop (Ctrl-C); finished tasks are kept. */
  stop?: Promise<void>;
}

/**
 * A task whose cells do not resolve. The CLI checks only a sweep's corner cells before it starts
 * (resolveSweep cells "corners"); on this it checks every cell to list each problem.
 */
export class InvalidTaskError extends Error {
  override name = "InvalidTaskError";
  constructor(readonly task: number) {
    super(`sweep task ${task} holds a cell that does not resolve`);
  }
}

export interface PoolResult {
  /** Ordered by cell index. */
  results: CellResult[];
  /** False when stopped before every task finished. */
  complete: boolean;
}

/**
 * The Node adapter of sim/sweep's TaskScheduler: one worker thread per thread, each given the
 * sweep once (workerData) and then task indices only.
 */
export async function runTasksInPool(sweep: ResolvedSweep, tasks: readonly number[], options: PoolOptions): Promise<PoolResult> {
  const entry = tasks.length === 0 ? null : await workerEntry();
  return runWorkers(entry, sweep, tasks, options);
}

/**
 * The worker's entry file. From source (this file is .ts, run by tsx) it is worker.ts bundled into
 * one JavaScript file, cached on disk (bundle-cache.mjs): a worker then starts in tens of ms, where
 * loading sim/ through tsx's loader took about a second. Built to JavaScript (npm run build:lib),
 * worker-boot.mjs beside this file loads worker.js.
 */
async function workerEntry(): Promise<string | URL> {
  if (!import.meta.url.endsWith(".ts")) return new URL("./worker-boot.mjs", import.meta.url);
  const { bundledEntry } = await import("./bundle-cache.mjs");
  return bundledEntry(fileURLToPath(new URL("./worker.ts", import.meta.url)));
}

function runWorkers(entry: string | URL | null, sweep: ResolvedSweep, tasks: readonly number[], options: PoolOptions): Promise<PoolResult> {
  // Two tasks held per worker: the next is already queued when one finishes, so a worker does not
  // sit idle for a message round trip per task (most of a short task's time on a loaded machine).
  const scheduler = new TaskScheduler(tasks, { workers: options.threads, inFlight: 2 });
  const workers: Worker[] = [];
  return new Promise<PoolResult>((resolve, reject) => {
    let settled = false;
    const end = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      outcome();
    };
    const finish = (complete: boolean) => end(() => resolve({ results: scheduler.results(), complete }));
    const post = (a: { worker: number; task: number } | null) => a && workers[a.worker].postMessage({ type: "task", index: a.task } satisfies ToWorker);
    options.stop?.then(() => finish(false));
    if (tasks.length === 0) return finish(true);
    for (let i = 0; i < scheduler.workerCount; i++) {
      const w = new Worker(entry!, { workerData: { sweep } });
      workers.push(w);
      w.on("message", (msg: FromWorker) => {
        if (msg.type === "progress") return options.onRuns?.(msg.runs);
        if (msg.type === "invalid") return end(() => reject(new InvalidTaskError(msg.index)));
        post(scheduler.complete(i, msg.results));
        if (scheduler.finished) finish(true);
      });
      w.on("error", (e) => end(() => reject(e)));
      w.on("exit", (code) => {
        if (code !== 0) end(() => reject(new Error(`sweep worker exited with code ${code}`)));
      });
    }
    for (const a of scheduler.start()) post(a);
  });
}
