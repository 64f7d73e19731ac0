/// <reference lib="webworker" />
/**
 * The simulation's thread in the browser: every run happens here, never on the page's thread,
 * so the page stays responsive. Sweeps go through sim/sweep exactly as the CLI's worker threads
 * do (resolveSweep once, then runTask(taskAt(sweep, i)) per task index: web/sweep-task.ts), so a
 * cell's numbers equal the CLI's for the same sweep.
 * The page cancels by terminating the worker.
 */
import { Simulation } from "../sim/model/simulation.ts";
import { replicate, traceMultiplexed, traceScenario } from "../sim/run.ts";
import { parseScenario, resolveScenario, ScenarioError } from "../sim/scenario/resolve.ts";
import { fleetScenarioOptions, planRetries, resolveSweep, scenarioOptions } from "../sim/sweep/index.ts";
import type { PlanProgress } from "../sim/sweep/planner.ts";
import type { ResolvedSweep } from "../sim/sweep/types.ts";
import { answerTask } from "./sweep-task.ts";
import type { TracedStrategy, WorkerRequest, WorkerResponse } from "./worker-protocol.ts";

const TRACE_EVENTS_MAX = 20_000;
/** Replications behind the planner's cost figures (sim/sweep planRetries' default). */
const COST_REPS = 200;
const post = (message: WorkerResponse) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);
/** The sweep this worker runs tasks of: set once per sweep, by "prepare" or "sweep". */
let current: ResolvedSweep | null = null;
/** Every sweep task of this worker runs on it (run() resets it): its tables are allocated once. */
const simulation = new Simulation();

/**
 * The planner: the scenario's own probe first (the sentence), then every strategy (the table),
 * each under the wall-time budget, posting progress at most four times a second.
 */
function planJob(job: Extract<WorkerRequest, { type: "plan" }>): void {
  // A fleet plans one instance: Poisson arrivals at its share of the rate, the estimated idle connections.
  const planned = job.fleet && fleetScenarioOptions(job.scenario, job.fleet);
  const s = planned ? resolveScenario(planned.options) : job.scenario;
  // Each strategy gets the whole budget: the sentence's answer first, then the table row by row.
  let rowStartMs = performance.now();
  const budget = () => ({ nowMs: () => performance.now(), startMs: (rowStartMs = performance.now()), budgetMs: job.budgetMs });
  let lastPost = 0;
  const onProgress = (part: "answer" | "table") => (progress: PlanProgress) => {
    const now = performance.now();
    if (now - lastPost < 250) return;
    lastPost = now;
    post({ type: "planProgress", id: job.id, progress, part, elapsedMs: now - rowStartMs });
  };
  const base = { target: job.target, poolSizes: [s.pool.size] };
  const [row] = planRetries(s, { ...base, budget: budget(), strategies: [s.probe], onProgress: onProgress("answer") });
  const current = replicate(s, COST_REPS).metrics.latencyP99?.mean ?? NaN;
  const fleet = job.fleet && planned ? { ...job.fleet, idle: planned.idle, scenario: s } : null;
  post({ type: "plan", id: job.id, answer: { row, currentP99LatencyMs: current, fleet } });
  const others = job.strategies.filter((k) => k !== s.probe);
  const rows = [row];
  for (const [i, strategy] of others.entries()) {
    const progress = onProgress("table");
    const [next] = planRetries(s, { ...base, budget: budget(), strategies: [strategy], onProgress: (p) => progress({ ...p, row: i + 1, rows: others.length + 1 }) });
    rows.push(next);
  }
  post({ type: "planRows", id: job.id, rows });
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const job = event.data;
  try {
    switch (job.type) {
      case "prepare": {
        // A kept worker must not run the tasks queued behind a failed check on its last sweep.
        current = null;
        // The corners, as the CLI checks before it starts; a cell they miss fails its own task
        // (taskAt), and the page then words the error from a check of every cell.
        current = resolveSweep(job.sweep, { cells: "corners" });
        post({ type: "prepared", id: job.id });
        return;
      }
      case "sweep":
        current = job.sweep;
        return;
      case "task": {
        if (current === null) throw new Error("a task arrived before its sweep");
        post({ type: "task", id: job.id, ...answerTask(current, job.index, simulation) });
        return;
      }
      case "trace": {
        const runs = job.runs.map(({ key, scenario }): TracedStrategy => {
          // Parsed again here, so a scenario that crossed postMessage is checked like any input.
          const s = parseScenario(scenarioOptions(scenario));
          // The timeline draws a run's beginning; a huge trace would only slow the page down.
          if (s.client === "multiplexed") {
            const { result, trace } = traceMultiplexed(s);
            return { key, result, client: "multiplexed", trace: trace.slice(0, TRACE_EVENTS_MAX), truncated: trace.length > TRACE_EVENTS_MAX };
          }
          const { result, trace } = traceScenario(s);
          return { key, result, client: "pooled", trace: trace.slice(0, TRACE_EVENTS_MAX), truncated: trace.length > TRACE_EVENTS_MAX };
        });
        post({ type: "trace", id: job.id, runs });
        return;
      }
      case "plan": {
        planJob(job);
        return;
      }
    }
  } catch (e) {
    const message = e instanceof ScenarioError ? e.problems.join("; ") : e instanceof Error ? e.message : String(e);
    post({ type: "error", id: job.id, message });
  }
};
