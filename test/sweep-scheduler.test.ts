import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TaskScheduler, type Assignment, type CellResult } from "../sim/sweep/index.ts";

/** A stand-in result for cell `index`. */
const cell = (index: number): CellResult => ({ index, coords: [index], reps: 1, stop: "fixed", eventLimitRuns: 0, metrics: {}, failedCommandsHistogram: [1], diff: null });

describe("TaskScheduler (seed 11)", () => {
  it("start() gives each worker one task; complete() hands that worker the next", () => {
    const s = new TaskScheduler([0, 1, 2, 3, 4], { workers: 2 });
    expect(s.start()).toEqual([{ worker: 0, task: 0 }, { worker: 1, task: 1 }]);
    expect(s.complete(1, [cell(1)])).toEqual({ worker: 1, task: 2 });
    expect(s.complete(1, [cell(2)])).toEqual({ worker: 1, task: 3 });
    expect(s.complete(0, [cell(0)])).toEqual({ worker: 0, task: 4 });
    expect(s.progress).toEqual({ tasksDone: 3, taskCount: 5, cellsDone: 3 });
    expect(s.complete(0, [cell(4)])).toBeNull();
    expect(s.finished).toBe(false);
    expect(s.complete(1, [cell(3)])).toBeNull();
    expect(s.finished).toBe(true);
    expect(s.results().map((c) => c.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it("uses no more workers than tasks, and holds inFlight tasks per worker", () => {
    expect(new TaskScheduler([7], { workers: 4 }).workerCount).toBe(1);
    const s = new TaskScheduler([0, 1, 2, 3, 4], { workers: 2, inFlight: 2 });
    expect(s.start()).toEqual([{ worker: 0, task: 0 }, { worker: 1, task: 1 }, { worker: 0, task: 2 }, { worker: 1, task: 3 }]);
    expect(s.complete(0, [cell(0)])).toEqual({ worker: 0, task: 4 });
  });

  it("cancel() stops handing out tasks and keeps finished results; idle once nothing is held", () => {
    const s = new TaskScheduler([0, 1, 2, 3], { workers: 2 });
    s.start();
    s.cancel();
    expect(s.complete(0, [cell(0)])).toBeNull();
    expect(s.idle).toBe(false);
    expect(s.complete(1, [cell(1)])).toBeNull();
    expect(s.idle).toBe(true);
    expect(s.finished).toBe(false);
    expect(s.results().map((c) => c.index)).toEqual([0, 1]);
  });

  it("any completion order runs every task exactly once and returns results in cell order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.nat(), { maxLength: 200 }), (n, workers, inFlight, picks) => {
        const tasks = Array.from({ length: n }, (_, i) => n - 1 - i);
        const s = new TaskScheduler(tasks, { workers, inFlight });
        const running: Assignment[] = s.start();
        const ran: number[] = [];
        let k = 0;
        while (running.length > 0) {
          const [a] = running.splice((picks[k++] ?? 0) % running.length, 1);
          ran.push(a.task);
          const next = s.complete(a.worker, [cell(a.task)]);
          if (next) running.push(next);
          expect(running.filter((r) => r.worker === a.worker).length).toBeLessThanOrEqual(inFlight);
        }
        expect(s.finished).toBe(true);
        expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(s.results().map((c) => c.index)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
