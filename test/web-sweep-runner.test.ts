import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/model/simulation.ts";
import { cellCount, resolveSweep, taskCount, type CellResult, type ResolvedSweep } from "../sim/sweep/index.ts";
import { SweepRunner } from "../web/app/workers.ts";
import { planSweep, SWEEP_DEFAULTS } from "../web/app/sweep-def.ts";
import { answerTask } from "../web/sweep-task.ts";
import type { WorkerRequest, WorkerResponse } from "../web/worker-protocol.ts";

/** A Web Worker stand-in that answers sweep requests as web/worker.ts does, one macrotask later. */
class FakeWorker {
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  tasks = 0;
  private sweep: ResolvedSweep | null = null;
  private readonly simulation = new Simulation();

  postMessage(job: WorkerRequest): void {
    setTimeout(() => {
      if (this.terminated) return;
      if (job.type === "prepare") {
        this.sweep = resolveSweep(job.sweep);
        this.answer({ type: "prepared", id: job.id, sweep: this.sweep, taskCount: taskCount(this.sweep), cellCount: cellCount(this.sweep) });
      } else if (job.type === "sweep") this.sweep = job.sweep;
      else if (job.type === "task") {
        this.tasks++;
        this.answer({ type: "task", id: job.id, ...answerTask(this.sweep!, job.index, this.simulation) });
      }
    });
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

function sweepOnce(runner: SweepRunner, onCells: () => void = () => undefined): Promise<CellResult[]> {
  return new Promise((resolve, reject) => {
    const cells: CellResult[] = [];
    runner.run(request, {
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
});
