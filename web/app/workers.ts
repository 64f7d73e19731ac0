import { ScenarioError } from "../../sim/scenario/resolve.ts";
import { resolveSweep } from "../../sim/sweep/resolve.ts";
import { cellCount, taskCount } from "../../sim/sweep/expand.ts";
import { TaskScheduler, type Assignment } from "../../sim/sweep/scheduler.ts";
import type { ClosedForm } from "../../sim/sweep/closed-form.ts";
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
  /** One task's cells, rounded as the CLI's output is, with each cell's closed form or null. */
  onCells(cells: CellResult[], closedForms: (ClosedForm | null)[], done: number, total: number): void;
  onDone(): void;
  onError(message: string): void;
}

/**
 * The browser adapter of sim/sweep's TaskScheduler: one Web Worker per core.
 * The page resolves the sweep's own settings and counts its tasks; the first worker checks the
 * corner cells before its first task, and each other worker gets the resolved sweep once and starts at
 * once; from then on only task indices cross, two per worker at a time, so a worker never idles
 * while the page is busy drawing. A task never splits across workers, so its numbers do not
 * depend on the thread count. Cancel terminates the workers at once.
 *
 * Workers outlive a finished sweep and run the next one: a new worker loads and compiles the
 * simulator again, which on a small machine costs about as much CPU as the default sweep itself.
 */
export class SweepRunner {
  private workers: Worker[] = [];
  /** Workers of a finished sweep, idle, kept for the next one. */
  private spare: Worker[] = [];

  constructor(private readonly create: WorkerFactory, private readonly threads = threadCount()) {}

  get running(): boolean {
    return this.workers.length > 0;
  }

  run(sweep: SweepRequest, callbacks: SweepCallbacks): void {
    this.cancel();
    let resolved: ResolvedSweep;
    try {
      // The sweep's own settings only (cheap): the first worker checks its corner cells, below.
      resolved = resolveSweep(sweep, { cells: "none" });
    } catch (e) {
      // Worded as a worker's error would be (web/worker.ts).
      return callbacks.onError(e instanceof ScenarioError ? e.problems.join("; ") : e instanceof Error ? e.message : String(e));
    }
    const cells = cellCount(resolved);
    const tasks = Array.from({ length: taskCount(resolved) }, (_, i) => i);
    const scheduler = new TaskScheduler(tasks, { workers: Math.max(1, this.threads), inFlight: 2 });
    const workers = this.spare.splice(0);
    while (workers.length < scheduler.workerCount) workers.push(this.create());
    this.workers = workers;
    callbacks.onPrepared(resolved, cells);
    // The first worker checks the corner cells before its first task (as the CLI does); the others
    // start on theirs at once. Until that check is done their cells and errors wait: a sweep with a
    // bad corner shows no cells, and the error is worded by the check. The check always ends first:
    // the first worker holds tasks from the start, so the sweep cannot finish without it. A bad cell
    // the corners miss fails its task later; the error then lists every bad cell, as the CLI's does.
    workers[0].postMessage({ type: "prepare", id: 0, sweep } satisfies WorkerRequest);
    for (const w of workers.slice(1, scheduler.workerCount)) w.postMessage({ type: "sweep", id: 0, sweep: resolved } satisfies WorkerRequest);
    let checked = false;
    let held: string | null = null;
    const early: (() => void)[] = [];
    const fail = (message: string) => {
      if (this.workers !== workers) return;
      this.cancel();
      callbacks.onError(message);
    };
    const post = (a: Assignment | null) => a && workers[a.worker].postMessage({ type: "task", id: a.task, index: a.task } satisfies WorkerRequest);
    workers.slice(0, scheduler.workerCount).forEach((worker, w) => {
      worker.onerror = (event) => fail(event.message || "a simulation worker failed");
      worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
        const msg = event.data;
        if (this.workers !== workers) return;
        if (msg.type === "prepared") {
          checked = true;
          if (held !== null) return fail(held);
          for (const show of early.splice(0)) show();
          return;
        }
        if (msg.type === "error") {
          if (w === 0 || checked) return fail(checked ? everyCellProblem(sweep) ?? msg.message : msg.message);
          held ??= msg.message;
          return;
        }
        if (msg.type !== "task") return;
        post(scheduler.complete(w, msg.cells));
        const done = scheduler.progress.cellsDone;
        if (checked) callbacks.onCells(msg.cells, msg.closedForms, done, cells);
        else early.push(() => callbacks.onCells(msg.cells, msg.closedForms, done, cells));
        if (scheduler.finished) {
          // Every task has answered, so no message of this sweep is left to arrive at a worker kept.
          this.workers = [];
          this.spare = workers;
          callbacks.onDone();
        }
      };
    });
    for (const a of scheduler.start()) post(a);
  }

  /** Stops the sweep running, if any: its workers are terminated (a task cannot be interrupted). */
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

/** The problems of every cell of `sweep`, worded as a worker words a check's error; null if none. */
function everyCellProblem(sweep: SweepRequest): string | null {
  try {
    resolveSweep(sweep);
    return null;
  } catch (e) {
    return e instanceof ScenarioError ? e.problems.join("; ") : null;
  }
}
