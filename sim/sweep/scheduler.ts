import type { CellResult } from "./types.ts";

/** Task `task` goes to worker `worker`. */
export interface Assignment {
  worker: number;
  task: number;
}

export interface SchedulerOptions {
  /** Workers available; the scheduler uses at most one per task. */
  workers: number;
  /**
   * Tasks a worker holds at once (default 1). 2 keeps a worker busy while its finished task's
   * message waits on a busy page thread; task results never depend on it.
   */
  inFlight?: number;
}

export interface SchedulerProgress {
  tasksDone: number;
  taskCount: number;
  cellsDone: number;
}

/**
 * The task scheduler both sweep runners share (Node worker_threads in experiments/sweep/pool.ts,
 * Web Workers in web/app/workers.ts): hands the next task to a worker with room, counts progress,
 * stops handing out on cancel, and returns results ordered by cell index. Pure: the adapters
 * post its assignments and feed it their workers' answers. A task always runs whole in one
 * worker, so results do not depend on the number of workers or the order of completion.
 */
export class TaskScheduler {
  private next = 0;
  private readonly held: number[];
  private readonly cells: CellResult[] = [];
  private tasksDone = 0;
  private cancelled = false;
  readonly workerCount: number;
  private readonly inFlight: number;

  constructor(private readonly tasks: readonly number[], options: SchedulerOptions) {
    this.workerCount = Math.max(1, Math.min(options.workers, tasks.length));
    this.inFlight = Math.max(1, options.inFlight ?? 1);
    this.held = new Array<number>(this.workerCount).fill(0);
  }

  /** The first assignments: each worker filled up to its in-flight limit, round-robin. */
  start(): Assignment[] {
    const out: Assignment[] = [];
    for (let round = 0; round < this.inFlight; round++) {
      for (let w = 0; w < this.workerCount; w++) {
        const a = this.assign(w);
        if (a) out.push(a);
      }
    }
    return out;
  }

  /** Records worker `worker`'s results for one task; returns its next assignment, if any. */
  complete(worker: number, cells: readonly CellResult[]): Assignment | null {
    this.held[worker]--;
    this.tasksDone++;
    this.cells.push(...cells);
    return this.assign(worker);
  }

  /** Stops handing out tasks; results so far are kept. */
  cancel(): void {
    this.cancelled = true;
  }

  /** Every task finished. */
  get finished(): boolean {
    return this.tasksDone === this.tasks.length;
  }

  /** Nothing left running: finished, or cancelled with no task held. */
  get idle(): boolean {
    return this.finished || (this.cancelled && this.held.every((n) => n === 0));
  }

  get progress(): SchedulerProgress {
    return { tasksDone: this.tasksDone, taskCount: this.tasks.length, cellsDone: this.cells.length };
  }

  /** The results so far, ordered by cell index. */
  results(): CellResult[] {
    return [...this.cells].sort((a, b) => a.index - b.index);
  }

  private assign(worker: number): Assignment | null {
    if (this.cancelled || this.next >= this.tasks.length || this.held[worker] >= this.inFlight) return null;
    this.held[worker]++;
    return { worker, task: this.tasks[this.next++] };
  }
}
