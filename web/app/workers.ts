import type { CellResult, ResolvedSweep } from "../../sim/sweep/types.ts";
import type { SweepRequest } from "./sweep-def.ts";
import type { WorkerRequest, WorkerResponse } from "../worker-protocol.ts";

export type WorkerFactory = () => Worker;

/** A request without its id (the JobWorker numbers them). Distributes over the union. */
type JobRequest = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

/** Threads for a sweep: one worker per core the browser reports. */
export function threadCount(): number {
  return Math.max(1, Math.min(16, globalThis.navigator?.hardwareConcurrency || 2));
}

export interface SweepCallbacks {
  /** The sweep as sim/sweep resolved it (for the CSV), before any cell runs. */
  onPrepared(sweep: ResolvedSweep, cellCount: number): void;
  onCells(cells: CellResult[], done: number, total: number): void;
  onDone(): void;
  onError(message: string): void;
}

/**
 * Runs a sweep's tasks (sim/sweep expandTasks: a paired group of cells, or one cell) on one worker
 * per core, handing each worker the next task as it finishes one, so slow tasks do not hold up
 * the rest. A task never splits across workers, so its numbers do not depend on the thread count.
 * Cancel terminates the workers at once.
 */
export class SweepRunner {
  private workers: Worker[] = [];

  constructor(private readonly create: WorkerFactory, private readonly threads = threadCount()) {}

  get running(): boolean {
    return this.workers.length > 0;
  }

  run(sweep: SweepRequest, callbacks: SweepCallbacks): void {
    this.cancel();
    const workers = [this.create()];
    this.workers = workers;
    const fail = (message: string) => {
      if (this.workers !== workers) return;
      this.cancel();
      callbacks.onError(message);
    };
    workers[0].onerror = (event) => fail(event.message || "a simulation worker failed");
    workers[0].onmessage = (event: MessageEvent<WorkerResponse>) => {
      const msg = event.data;
      if (this.workers !== workers) return;
      if (msg.type === "error") return fail(msg.message);
      if (msg.type !== "prepared") return;
      callbacks.onPrepared(msg.sweep, msg.cellCount);
      for (let i = 1; i < Math.min(this.threads, msg.taskCount); i++) workers.push(this.create());
      this.dispatch(workers, sweep, msg.taskCount, msg.cellCount, callbacks, fail);
    };
    workers[0].postMessage({ type: "prepare", id: 0, sweep } satisfies WorkerRequest);
  }

  private dispatch(workers: Worker[], sweep: SweepRequest, taskCount: number, cellCount: number, callbacks: SweepCallbacks, fail: (m: string) => void): void {
    let next = 0;
    let tasksDone = 0;
    let cellsDone = 0;
    const feed = (worker: Worker) => {
      if (next < taskCount) worker.postMessage({ type: "task", id: next, sweep, index: next++ } satisfies WorkerRequest);
    };
    for (const worker of workers) {
      worker.onerror = (event) => fail(event.message || "a simulation worker failed");
      worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
        const msg = event.data;
        if (this.workers !== workers) return;
        if (msg.type === "error") return fail(msg.message);
        if (msg.type !== "task") return;
        tasksDone++;
        cellsDone += msg.cells.length;
        callbacks.onCells(msg.cells, cellsDone, cellCount);
        if (tasksDone === taskCount) {
          this.cancel();
          callbacks.onDone();
        } else feed(worker);
      };
      feed(worker);
    }
  }

  cancel(): void {
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }
}

/**
 * One worker for one kind of job (the timeline's traces, the planner). A new request replaces the
 * one in flight: the old worker is terminated, so stale answers never arrive.
 */
export class JobWorker {
  private worker: Worker | null = null;
  private id = 0;

  constructor(private readonly create: WorkerFactory) {}

  request(job: JobRequest, onMessage: (msg: WorkerResponse) => void): void {
    this.cancel();
    const worker = this.create();
    const id = ++this.id;
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      if (event.data.id !== id || this.worker !== worker) return;
      // The planner answers in parts (progress, the sentence, then the table): keep it running until the table.
      if (event.data.type !== "plan" && event.data.type !== "planProgress") this.cancel();
      onMessage(event.data);
    };
    worker.onerror = (event) => {
      if (this.worker !== worker) return;
      this.cancel();
      onMessage({ type: "error", id, message: event.message || "a simulation worker failed" });
    };
    worker.postMessage({ ...job, id } as WorkerRequest);
  }

  cancel(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
