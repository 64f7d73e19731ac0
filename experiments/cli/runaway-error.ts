/**
 * Some runs of `run` hit limits.eventsMax before their workload ended: a runaway, so the summary
 * would describe a cut-off run, not the scenario. Exit code 3 (see README), unless the user asked
 * for truncated results with --allow-truncated.
 */
export class RunawayError extends Error {
  override name = "RunawayError";
}

export const RUNAWAY_EXIT_CODE = 3;
