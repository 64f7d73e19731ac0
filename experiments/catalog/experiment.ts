import type { SweepOptions } from "../../sim/sweep/index.ts";

/** A named, reproducible experiment: a sweep and the question it answers. */
export interface Experiment {
  name: string;
  /** The question, in a paragraph: what to look at in the table. */
  question: string;
  sweep: SweepOptions;
  /** Replications of the reduced reference run (reference.csv) that test/experiment-*.test.ts repeats. */
  referenceReps: number;
  /** Metrics the printed table shows (the files keep every metric of the sweep). */
  table: string[];
}
