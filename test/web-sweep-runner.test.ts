import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/model/simulation.ts";
import { ScenarioError } from "../sim/scenario/resolve.ts";
import { resolveSweep, SweepError, type CellResult, type ResolvedSweep } from "../sim/sweep/index.ts";
import type { SweepRequest } from "../web/app/sweep-def.ts";
import { SweepRunner } from "../web/app/workers.ts";
import { planSweep, SWEEP_DEFAULTS } from "../web/app/sweep-def.ts";
import { answerTask } from "../web/sweep-task.ts";
import type { WorkerRequest, WorkerResponse } from "../web/worker-protocol.ts";

/** A Web Worker stand-in that answers sweep requests as web/worker.ts does, `delayMs` later. */
class FakeWorker {
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  tasks = 0;
  private sweep: ResolvedSweep | null = null;
  private readonly simulation = new Simulation();
  /** Messages wait in order, as a worker's do. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly prepareMs = 0) {}

  postMessage(job: WorkerRequest): void {
    this.queue = this.queue.then(() => new Promise((resolve) => setTimeout(() => resolve(this.handle(job)), job.type === "prepare" ? this.prepareMs : 0)));
  }

  private handle(job: WorkerRequest): void {
    if (this.terminated) return;
    try {
      if (job.type === "prepare") {
        this.sweep = null;
        this.sweep = resolveSweep(job.sweep, { cells: "corners" });
        this.answer({ type: "prepared", id: job.id });
      } else if (job.type === "sweep") this.sweep = job.sweep;
      else if (job.type === "task") {
        if (this.sweep === null) throw new Error("a task arrived before its sweep");
        this.tasks++;
        this.answer({ type: "task", id: job.id, ...answerTask(this.sweep, job.index, this.simulation) });
      }
    } catch (e) {
      this.answer({ type: "error", id: job.id, message: e instanceof ScenarioError ? e.problems.join("; ") : (e as Error).message });
    }
  }

  terminate(): void {
    this.terminated = true;
  }

  private answer(data: WorkerResponse): void {
    this.onmessage?.({ data } as MessageEvent<WorkerResponse>);
  }
}

const planned = planSweep({}, { ...SWEEP_DEFAULTS, x: { ...SWEEP_DEFAULTS.x, to: "4" }, y: { ...SWEEP_DEFAULTS.y, to: "3" }, reps: "20" });
if (!("plan" in planned)) throw new Error("the sweep does not plan");
const request = planned.plan.request;

/** The error a check of every cell of `sweep` words, as the page shows it. */
function fullCheckError(sweep: SweepRequest): string {
  try {
    resolveSweep(sweep);
  } catch (e) {
    return (e as SweepError).problems.join("; ");
  }
  throw new Error("the sweep resolves");
}

function sweepOnce(runner: SweepRunner, onCells: () => void = () => undefined, sweep: SweepRequest = request): Promise<CellResult[]> {
  return new Promise((resolve, reject) => {
    const cells: CellResult[] = [];
    runner.run(sweep, {
      onPrepared: () => undefined,
      onCells: (cs) => {
        cells.push(...cs);
        onCells();
      },
      onDone: () => resolve(cells.sort((a, b) => a.index - b.index)),
      onError: (message) => reject(new Error(message)),
    });
  });
}

describe("SweepRunner(create, threads)", () => {
  it("runs a second sweep on the first one's workers, with the same numbers", async () => {
    const created: FakeWorker[] = [];
    const runner = new SweepRunner(() => (created.push(new FakeWorker()), created.at(-1)! as unknown as Worker), 2);
    const first = await sweepOnce(runner);
    expect(runner.running).toBe(false);
    const second = await sweepOnce(runner);
    expect(first).toHaveLength(planned.plan.cells);
    expect(second).toEqual(first);
    expect(created).toHaveLength(2);
    expect(created.every((w) => !w.terminated && w.tasks > 0)).toBe(true);
  });

  it("cancel() terminates the workers running; the next sweep starts new ones", async () => {
    const created: FakeWorker[] = [];
    const runner = new SweepRunner(() => (created.push(new FakeWorker()), created.at(-1)! as unknown as Worker), 2);
    await new Promise<void>((resolve) => {
      void sweepOnce(runner, () => {
        runner.cancel();
        resolve();
      });
    });
    expect(created.map((w) => w.terminated)).toEqual([true, true]);
    const cells = await sweepOnce(runner);
    expect(cells).toHaveLength(planned.plan.cells);
    expect(created).toHaveLength(4);
  });

  it("a bad cell is reported as the first worker's check words it, though another worker's task met it first", async () => {
    // pool.size 0, a corner: worker 0's check finds it, while worker 1 has already run that cell.
    const bad: SweepRequest = { ...request, axes: [{ path: "pool.size", values: [1, 0, 3, 4] }] };
    const created: FakeWorker[] = [];
    const runner = new SweepRunner(() => (created.push(new FakeWorker(created.length === 0 ? 50 : 0)), created.at(-1)! as unknown as Worker), 2);
    const expected = fullCheckError(bad);
    let shown = 0;
    await expect(sweepOnce(runner, () => shown++, bad)).rejects.toThrow(expected);
    expect(shown).toBe(0);
    // Worker 1 did meet the bad cell (task 1) before the check ended.
    expect(created[1].tasks).toBeGreaterThan(0);
    expect(created.map((w) => w.terminated)).toEqual([true, true]);
  });

  it("a bad cell between the corners fails its task after the check, and the error lists every bad cell as the full check does", async () => {
    // 2.5 and 3.5 lie between the corners 1 and 4: the first worker's check passes them.
    const bad: SweepRequest = { ...request, axes: [{ path: "pool.size", values: [1, 2.5, 3.5, 4] }] };
    expect(() => resolveSweep(bad, { cells: "corners" })).not.toThrow();
    const expected = fullCheckError(bad);
    expect(expected).toMatch(/^cell \{pool\.size: 2\.5\}: .*; cell \{pool\.size: 3\.5\}: /);
    const created: FakeWorker[] = [];
    const runner = new SweepRunner(() => (created.push(new FakeWorker()), created.at(-1)! as unknown as Worker), 2);
    await expect(sweepOnce(runner, () => undefined, bad)).rejects.toThrow(expected);
    expect(created.map((w) => w.terminated)).toEqual([true, true]);
  });
});
