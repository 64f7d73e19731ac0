import { compileScenario } from "./scenario/compile.ts";
import type { CommandLog } from "./model/command-log.ts";
import type { RunResult } from "./model/result.ts";
import { Simulation } from "./model/simulation.ts";
import type { TraceEvent } from "./model/trace.ts";
import { MultiplexedSimulation } from "./model/multiplexed/simulation.ts";
import type { MuxTraceEvent } from "./model/multiplexed/trace.ts";
import { Aggregate, type Summary } from "./aggregate.ts";
import type { MetricDef } from "./metrics.ts";
import type { Scenario } from "./scenario/types.ts";

export interface RunOptions {
  /** Replication index: selects the run's random streams (with the scenario's seed). Default 0. */
  replication?: number;
  /** Overrides scenario.seed. */
  seed?: number;
  /** Record every step for the timeline. Off by default, and free when off. */
  trace?: boolean;
}

export interface TracedRun {
  result: RunResult;
  trace: TraceEvent[];
}

/** One run of a resolved scenario. Same scenario, seed and replication → identical result. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  return new Simulation().run(compileScenario(scenario), options.seed ?? scenario.seed, options.replication ?? 0);
}

/**
 * Compiles a scenario once and reuses one Simulation: run(replication) → RunResult. The result
 * object is fresh per call unless `reuseResult`: then each call overwrites the one result object
 * the runner returned before (read it before the next call). Sweeps that need runs one at a time
 * (paired cells, adaptive stopping) use this instead of runScenario, which compiles and
 * allocates on every call. With `log`, every run records its finished commands there
 * (overwriting the previous run's).
 */
export function createRunner(scenario: Scenario, seed = scenario.seed, log: CommandLog | null = null, sim = new Simulation(), reuseResult = false): (replication: number) => RunResult {
  const params = compileScenario(scenario);
  if (!reuseResult) return (replication) => sim.run(params, seed, replication, null, log);
  let last: RunResult | null = null;
  return (replication) => (last = sim.run(params, seed, replication, null, log, last));
}

/** One run of a pooled client with its full trace, for the teaching timeline (traceMultiplexed for the others). */
export function traceScenario(scenario: Scenario, options: RunOptions = {}): TracedRun {
  if (scenario.client === "multiplexed") throw new Error(`traceScenario traces pooled clients; profile ${scenario.profile} is multiplexed: use traceMultiplexed`);
  const trace: TraceEvent[] = [];
  const result = new Simulation().run(compileScenario(scenario), options.seed ?? scenario.seed, options.replication ?? 0, trace);
  return { result, trace };
}

export interface TracedMuxRun {
  result: RunResult;
  trace: MuxTraceEvent[];
}

/** One run of a multiplexed client (client "multiplexed") with its full trace: the socket, its queues and every write. */
export function traceMultiplexed(scenario: Scenario, options: RunOptions = {}): TracedMuxRun {
  if (scenario.client !== "multiplexed") throw new Error(`traceMultiplexed traces multiplexed clients; profile ${scenario.profile} is pooled: use traceScenario`);
  const trace: MuxTraceEvent[] = [];
  const result = new MultiplexedSimulation().run(compileScenario(scenario), options.seed ?? scenario.seed, options.replication ?? 0, trace);
  return { result, trace };
}

export interface ReplicateOptions {
  seed?: number;
  first?: number;
  onProgress?: (done: number) => void;
  progressEvery?: number;
  onEventLimit?: (replication: number) => void;
  /** The metrics to summarise (default all): a sweep keeps only its own. */
  metrics?: readonly MetricDef[];
  /** A Simulation to run on (default a new one): a sweep worker reuses one for all its cells. */
  simulation?: Simulation;
}

/**
 * Replications first..first+count-1 of a scenario, summarised as they stream by. `onProgress`
 * is called every `progressEvery` runs.
 */
export function replicate(scenario: Scenario, reps: number, options: ReplicateOptions = {}): Summary {
  const sim = options.simulation ?? new Simulation();
  const params = compileScenario(scenario);
  const seed = options.seed ?? scenario.seed;
  const first = options.first ?? 0;
  const every = options.progressEvery ?? 1000;
  const agg = new Aggregate(options.metrics);
  // Each result is read into the aggregate before the next run: one object serves them all.
  let r: RunResult | null = null;
  for (let i = 0; i < reps; i++) {
    r = sim.run(params, seed, first + i, null, null, r);
    if (r.outcome === "eventLimit" && options.onEventLimit) options.onEventLimit(first + i);
    agg.add(r);
    if (options.onProgress && (i + 1) % every === 0) options.onProgress(i + 1);
  }
  return agg.summary();
}
