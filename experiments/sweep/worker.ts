/**
 * A sweep worker thread: gets the resolved sweep once (workerData), then runs each task index the
 * pool sends, resolving only that task's cells, and posts the cells back (or "invalid" when one of
 * them does not resolve). Progress goes up as run
 * counts every 500 runs.
 */
import { parentPort, workerData } from "node:worker_threads";
import { Simulation } from "../../sim/model/simulation.ts";
import { ScenarioError } from "../../sim/scenario/resolve.ts";
import { runTask, taskAt, type ResolvedSweep, type Task } from "../../sim/sweep/index.ts";

export type ToWorker = { type: "task"; index: number };
export type FromWorker =
  | { type: "progress"; runs: number }
  | { type: "done"; index: number; results: ReturnType<typeof runTask> }
  | { type: "invalid"; index: number };

const sweep = workerData.sweep as ResolvedSweep;
const port = parentPort!;
// One for every task of this thread: run() resets it, and its tables are allocated once.
const simulation = new Simulation();

port.on("message", (msg: ToWorker) => {
  let task: Task;
  try {
    task = taskAt(sweep, msg.index);
  } catch (e) {
    // A cell the up-front corner check let through: the caller checks every cell and says which.
    if (!(e instanceof ScenarioError)) throw e;
    port.postMessage({ type: "invalid", index: msg.index } satisfies FromWorker);
    return;
  }
  let reported = 0;
  const onProgress = (runs: number) => {
    port.postMessage({ type: "progress", runs: runs - reported } satisfies FromWorker);
    reported = runs;
  };
  const results = runTask(task, sweep, { onProgress, simulation });
  onProgress(results.reduce((n, c) => n + c.reps, 0));
  port.postMessage({ type: "done", index: msg.index, results } satisfies FromWorker);
});
