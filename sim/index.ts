export { parseScenario, resolveScenario, ScenarioError } from "./scenario/resolve.ts";
export { scenarioSpec } from "./scenario/spec.ts";
export type { Issue } from "./scenario/issues.ts";
export type { Scenario, ScenarioOptions } from "./scenario/types.ts";
export { runScenario, traceScenario, replicate, createRunner } from "./run.ts";
export type { RunResult } from "./model/result.ts";
export type { TraceEvent, TraceType } from "./model/trace.ts";
export { Aggregate, type Summary, type Estimate } from "./aggregate.ts";
export { METRICS, METRIC_NAMES } from "./metrics.ts";
