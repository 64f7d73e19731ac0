import type { RunResult } from "../sim/model/result.ts";
import type { MuxTraceEvent } from "../sim/model/multiplexed/trace.ts";
import type { TraceEvent } from "../sim/model/trace.ts";
import type { Scenario } from "../sim/scenario/types.ts";
import type { Fleet, IdleEstimate } from "../sim/sweep/fleet.ts";
import type { PlanProgress, PlanRow } from "../sim/sweep/planner.ts";
import type { ClosedForm } from "../sim/sweep/closed-form.ts";
import type { CellResult, ResolvedSweep } from "../sim/sweep/types.ts";
import type { SweepRequest } from "./app/sweep-def.ts";

/** Messages the page sends a worker. Each job carries an id its answers repeat. */
export type WorkerRequest =
  /** Check every cell of a sweep with sim/sweep resolveSweep; this worker keeps it for the tasks that follow. */
  | { type: "prepare"; id: number; sweep: SweepRequest }
  /** The sweep as the page resolved it (its own settings; the preparing worker checks the cells): sent once, before any task. */
  | { type: "sweep"; id: number; sweep: ResolvedSweep }
  /** Run task `index` of the worker's sweep (sim/sweep taskAt order): an index only. */
  | { type: "task"; id: number; index: number }
  /** Trace one run (replication 0) of each scenario, e.g. the Teach tab's strategies on one seed. */
  | { type: "trace"; id: number; runs: readonly { key: string; scenario: Scenario }[] }
  /** Plan the scenario's own probe, then every strategy; budgetMs bounds the whole job's wall time. */
  | { type: "plan"; id: number; scenario: Scenario; target: number; strategies: readonly string[]; budgetMs: number; fleet: Fleet | null };

/** One traced run: a pooled client's steps (sim/model/trace.ts) or a multiplexed one's (sim/model/multiplexed/trace.ts). */
export type TracedStrategy = {
  key: string;
  result: RunResult;
  /** The trace was cut after its first events. */
  truncated: boolean;
} & ({ client: "pooled"; trace: TraceEvent[] } | { client: "multiplexed"; trace: MuxTraceEvent[] });

/** The planner's answer for the current settings, and the cost baseline. */
export interface PlanAnswer {
  row: PlanRow;
  /** p99 latency at the scenario's own maxRetries (same cost replications as the row's). */
  currentP99LatencyMs: number;
  /** The fleet planned (one instance simulated) and its idle-connection estimate, or null. */
  fleet: (Fleet & { idle: IdleEstimate; scenario: Scenario }) | null;
}

/** Messages a worker sends back. */
export type WorkerResponse =
  /** Every cell of the sweep resolves. */
  | { type: "prepared"; id: number }
  /**
   * A task's cells, rounded as the CLI's output is (sim/sweep buildOutput), each with its closed
   * form (or null): the worker holds the resolved scenarios, so the page never resolves a cell.
   */
  | { type: "task"; id: number; cells: CellResult[]; closedForms: (ClosedForm | null)[] }
  | { type: "trace"; id: number; runs: TracedStrategy[] }
  | { type: "plan"; id: number; answer: PlanAnswer }
  | { type: "planRows"; id: number; rows: PlanRow[] }
  /** Where the planner is (throttled), with the wall time spent so far. */
  | { type: "planProgress"; id: number; progress: PlanProgress; part: "answer" | "table"; elapsedMs: number }
  | { type: "error"; id: number; message: string };
