import { Worker } from "node:worker_threads";
import type { CellResult, ResolvedSweep, Task } from "../../sim/sweep/index.ts";
import type { FromWorker } from "./worker.ts";

export interface PoolOptions {
  threads: number;
  /** Runs finished since the last call (partial tasks included). */
  onRuns?: (runs: number) => void;
  /** Resolves when the caller wants to stop (Ctrl-C); finished tasks are kept. */
  stop?: Promise<void>;
}

export interface PoolResult {
  results: CellResult[];
  /** False when stopped before every task finished. */
  complete: boolean;
}

/**
 * Runs tasks on worker threads, handing each idle worker the next task, so a slow task never holds
 * up the rest. Workers run TypeScript through tsx's loader. Result order is completion order; the
 * output sorts by cell index, so it does not matter.
 */
export function runTasksInPool(sweep: ResolvedSweep, tasks: readonly Task[], options: PoolOptions): Promise<PoolResult> {
  const results: CellResult[] = [];
  const queue = tasks.map((t) => t.index);
  const workers: Worker[] = [];
  let running = 0;
  return new Promise<PoolResult>((resolve, reject) => {
    let settled = false;
    const finish = (complete: boolean) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      resolve({ results, complete });
    };
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const next = (w: Worker) => {
      const index = queue.shift();
      if (index === undefined) return;
      running++;
      w.postMessage({ type: "task", index });
    };
    options.stop?.then(() => finish(false));
    const count = Math.max(1, Math.min(options.threads, queue.length));
    if (queue.length === 0) return finish(true);
    for (let i = 0; i < count; i++) {
      const w = new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData: { sweep } });
      workers.push(w);
      w.on("message", (msg: FromWorker) => {
        if (msg.type === "progress") return options.onRuns?.(msg.runs);
        results.push(...msg.results);
        running--;
        next(w);
        if (running === 0 && queue.length === 0) finish(true);
      });
      w.on("error", fail);
      w.on("exit", (code) => {
        if (!settled && code !== 0) fail(new Error(`sweep worker exited with code ${code}`));
      });
      next(w);
    }
  });
}
