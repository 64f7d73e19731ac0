import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildOutput, cellsToCsv, expandCells, expandTasks, runTask, withReplications } from "../sim/sweep/index.ts";
import { experiments } from "../experiments/catalog/index.ts";
import { resolveExperiment } from "../experiments/cli/experiment-main.ts";

describe("named experiments reproduce their committed reference (reduced replications)", () => {
  for (const e of experiments) {
    it(`${e.name}: runTask over every task gives experiments/results/${e.name}/reference.csv byte for byte`, () => {
      const sweep = withReplications(resolveExperiment(e), e.referenceReps);
      const results = expandTasks(sweep).flatMap((t) => runTask(t, sweep));
      const csv = cellsToCsv(buildOutput(sweep, results, { cellCount: expandCells(sweep).length }));
      expect(csv).toBe(readFileSync(`experiments/results/${e.name}/reference.csv`, "utf8"));
    });
  }
});
