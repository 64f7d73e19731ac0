import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/model/simulation.ts";
import { buildOutput, expandTasks, resolveSweep, runTask, taskCount, type ClosedForm } from "../sim/sweep/index.ts";
import { closedFormAt, EXACT_METRICS } from "../web/app/explore-data.ts";
import { planSweep, SWEEP_DEFAULTS } from "../web/app/sweep-def.ts";
import { answerTask } from "../web/sweep-task.ts";

describe("answerTask(sweep, index, simulation)", () => {
  // The page's default sweep (3 probes × pool.size 1–16 × maxRetries 0–10) at 5 runs a cell.
  const planned = planSweep({}, { ...SWEEP_DEFAULTS, reps: "5" });
  if (!("plan" in planned)) throw new Error("the default sweep does not plan");
  const plan = planned.plan;
  const sweep = resolveSweep(plan.request);
  const simulation = new Simulation();
  const answers = Array.from({ length: taskCount(sweep) }, (_, i) => answerTask(sweep, i, simulation));

  it("answers every task with the cells the CLI writes, on one Simulation reused for all", () => {
    const cli = buildOutput(sweep, expandTasks(sweep).flatMap((t) => runTask(t, sweep)), { cellCount: plan.cells }).cells;
    const page = answers.flatMap((a) => a.cells).sort((a, b) => a.index - b.index);
    expect(page).toEqual(cli);
  });

  it("sends each cell's closed form: the values the page would resolve itself (closedFormAt)", () => {
    let exact = 0;
    for (const { cells, closedForms } of answers) {
      expect(closedForms).toHaveLength(cells.length);
      cells.forEach((cell, i) => {
        for (const metric of EXACT_METRICS) {
          const fromPage = closedFormAt({ ...plan, metric }, cell.index);
          expect(closedForms[i]?.[metric as keyof ClosedForm] ?? null).toBe(fromPage);
          if (fromPage !== null && fromPage > 0) exact++;
        }
      });
    }
    // The incident's cells without a working probe have exact, non-zero failure values.
    expect(exact).toBeGreaterThan(100);
  });
});
