/// <reference lib="webworker" />
/**
 * The simulation's thread in the browser: every run happens here, never on the page's thread,
 * so the page stays responsive. Sweeps go through sim/sweep exactly as the CLI's worker threads
 * do (resolveSweep, expandTasks, runTask), so a cell's numbers equal the CLI's for the same sweep.
 * The page cancels by terminating the worker.
 */
import { replicate, traceScenario } from "../sim/run.ts";
import { resolveScenario, ScenarioError } from "../sim/scenario/resolve.ts";
import { expandTasks, planRetries, resolveSweep, runTask, scenarioOptions } from "../sim/sweep/index.ts";
import type { ResolvedSweep, Task } from "../sim/sweep/types.ts";
import type { WorkerRequest, WorkerResponse } from "./worker-protocol.ts";

const TRACE_EVENTS_MAX = 20_000;
/** Replications behind the planner's cost figures (sim/sweep planRetries' default). */
const COST_REPS = 200;
const post = (message: WorkerResponse) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);
let cached: { key: string; sweep: ResolvedSweep; tasks: Task[] } | null = null;

function prepared(request: unknown): { sweep: ResolvedSweep; tasks: Task[] } {
  const key = JSON.stringify(request);
  if (cached?.key !== key) {
    const sweep = resolveSweep(request);
    cached = { key, sweep, tasks: expandTasks(sweep) };
  }
  return cached;
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const job = event.data;
  try {
    switch (job.type) {
      case "prepare": {
        const { sweep, tasks } = prepared(job.sweep);
        post({ type: "prepared", id: job.id, sweep, taskCount: tasks.length, cellCount: sweep.axes.reduce((n, a) => n * a.values.length, 1) });
        return;
      }
      case "task": {
        const { sweep, tasks } = prepared(job.sweep);
        post({ type: "task", id: job.id, cells: runTask(tasks[job.index], sweep) });
        return;
      }
      case "trace": {
        const runs = job.probes.map((probe) => {
          const { result, trace } = traceScenario(resolveScenario({ ...scenarioOptions(job.scenario), probe }));
          // The timeline draws a run's beginning; a huge trace would only slow the page down.
          return { probe, result, trace: trace.slice(0, TRACE_EVENTS_MAX), truncated: trace.length > TRACE_EVENTS_MAX };
        });
        post({ type: "trace", id: job.id, runs });
        return;
      }
      case "plan": {
        const s = job.scenario;
        const [row] = planRetries(s, { target: job.target, poolSizes: [s.pool.size], strategies: [s.probe] });
        const current = replicate(s, COST_REPS).metrics.latencyP99?.mean ?? NaN;
        post({ type: "plan", id: job.id, answer: { row, currentP99LatencyMs: current } });
        const others = job.strategies.filter((k) => k !== s.probe);
        const rows = [row, ...planRetries(s, { target: job.target, poolSizes: [s.pool.size], strategies: others })];
        post({ type: "planRows", id: job.id, rows });
        return;
      }
    }
  } catch (e) {
    const message = e instanceof ScenarioError ? e.problems.join("; ") : e instanceof Error ? e.message : String(e);
    post({ type: "error", id: job.id, message });
  }
};
