import type { Simulation } from "../sim/model/simulation.ts";
import { buildOutput, closedFormFailure, runTask, taskAt, type ClosedForm } from "../sim/sweep/index.ts";
import type { CellResult, ResolvedSweep } from "../sim/sweep/types.ts";

/**
 * Task `index` of a sweep as a worker answers it: its cells rounded as the CLI's output is
 * (sim/sweep buildOutput), and each cell's closed form or null, read from the scenario the task
 * already resolved, so the page never resolves a cell to draw the heatmap's frontier.
 */
export function answerTask(sweep: ResolvedSweep, index: number, simulation: Simulation): { cells: CellResult[]; closedForms: (ClosedForm | null)[] } {
  const task = taskAt(sweep, index);
  const { cells } = buildOutput(sweep, runTask(task, sweep, { simulation }), { cellCount: task.cells.length });
  const scenarioOf = new Map(task.cells.map((c) => [c.index, c.scenario]));
  return { cells, closedForms: cells.map((c) => closedFormFailure(scenarioOf.get(c.index)!)) };
}
