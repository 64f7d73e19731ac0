import { fleetScenarioOptions, maybeRate, planRetries, metricBound, PER_EVENT_METRICS, type Fleet, type PlanOptions } from "../../sim/sweep/index.ts";
import { METRIC_NAMES, METRICS } from "../../sim/index.ts";
import { PROFILE_KEYS } from "../../sim/scenario/spec.ts";
import { maybeDurationUs } from "../../sim/scenario/duration.ts";
import { booleanOption, choiceOption, intOption, listOption, parseCommand, stringOption, type CommandSpec, type ParsedCommand } from "./options.ts";
import { planOutput } from "./plan-format.ts";
import { PlanProgressLine } from "./plan-progress.ts";
import { loadScenarioOptions } from "./scenario-input.ts";
import { resolveScenario } from "../../sim/index.ts";
import { UsageError } from "./usage-error.ts";

/** Wall time a plan may take unless --budget says otherwise. */
export const PLAN_BUDGET_DEFAULT = "60s";

export const PLAN_SPEC: CommandSpec = {
  invocation: "npm run --silent sim -- plan",
  operands: "<scenario.json>",
  operandsMax: 1,
  doc: "Per pool size and strategy, finds the smallest maxRetries (0-64) shown to keep the metric at most the target.",
  options: {
    target: { type: "string", arg: "P", required: true, doc: "the bound to meet, e.g. 0.001" },
    metric: { type: "string", arg: "commandFailureRate", doc: "the metric to bound (default commandFailureRate)" },
    pool: { type: "string", arg: "N|FROM..TO", doc: "pool sizes (default: the scenario's pool.size)" },
    by: { type: "string", arg: "probe|profile", doc: "compare probe strategies or client profiles (default probe)" },
    strategies: { type: "string", arg: "a,b", doc: "the strategies to compare (default: every one)" },
    "reps-max": { type: "string", arg: "N", doc: "most runs of one maxRetries step (default four times the runs it needs with no failure)" },
    budget: { type: "string", arg: PLAN_BUDGET_DEFAULT, doc: `wall time the plan may take (default ${PLAN_BUDGET_DEFAULT})` },
    progress: { type: "boolean", doc: "show a progress line on stderr" },
    instances: { type: "string", arg: "N", doc: "fleet: instances (with --rate and --workers); per-event figures are then across the fleet" },
    rate: { type: "string", arg: "R/s", doc: "fleet: commands per second across all instances, e.g. 2000/s" },
    workers: { type: "string", arg: "W", doc: "fleet: workers (goroutines, threads) per instance" },
    set: { type: "string", arg: "path=value", multiple: true, doc: "override one scenario field, e.g. pool.size=8" },
    format: { type: "string", arg: "table|markdown|json", doc: "output format (default table)" },
  },
};

/** `plan`: per pool size and strategy, the smallest maxRetries shown to keep the metric under target. */
export function planCommand(argv: readonly string[], out: (text: string) => void): void {
  const args = parseCommand("plan", PLAN_SPEC, argv, out);
  if (args === null) return; // --help
  // Raw options, validated once here: a profile strategy must swap the whole bundle under them.
  const given = loadScenarioOptions(args.operands[0], listOption(args, "set"), "plan");
  const fleet = fleetFlags(args);
  const fleetPlan = fleet && fleetScenarioOptions(given, fleet);
  const raw = fleetPlan ? fleetPlan.options : given;
  const scenario = resolveScenario(raw);
  const targetText = stringOption(args, "target");
  const target = Number(targetText);
  if (targetText === undefined || !Number.isFinite(target) || target < 0) throw new UsageError(`plan: --target must be a number ≥ 0, e.g. 0.001; got ${JSON.stringify(targetText ?? null)}`);
  const metric = choiceOption(args, "metric", [...METRIC_NAMES, ...Object.keys(PER_EVENT_METRICS)], "commandFailureRate");
  checkTarget(target, metric);
  const by = choiceOption(args, "by", ["probe", "profile"] as const, "probe");
  // By default every probe strategy, or every client profile with --by profile.
  const strategies = stringOption(args, "strategies")?.split(",").map((s) => s.trim()) ?? (by === "profile" ? [...PROFILE_KEYS] : undefined);
  const format = choiceOption(args, "format", ["table", "markdown", "json"] as const, "table");
  const budgetText = stringOption(args, "budget") ?? PLAN_BUDGET_DEFAULT;
  const budgetUs = maybeDurationUs(budgetText);
  if (budgetUs === null || budgetUs <= 0) throw new UsageError(`plan: --budget must be a duration above 0, e.g. 60s or 5m; got ${JSON.stringify(budgetText)}`);
  // A fleet's per-event target is across the fleet; one instance is planned against its share.
  const instanceTarget = fleet ? perInstanceTarget(metric, target, fleet.instances) : target;
  try {
    metricBound(metric, scenario, instanceTarget);
  } catch (e) {
    throw new UsageError(`plan: --metric ${metric}: ${(e as Error).message}`);
  }
  const progress = new PlanProgressLine(booleanOption(args, "progress"));
  const options: PlanOptions = {
    target: instanceTarget,
    metric,
    poolSizes: poolRange(stringOption(args, "pool"), scenario.pool.size),
    strategyPath: by,
    strategies,
    repsMax: stringOption(args, "reps-max") === undefined ? undefined : intOption(args, "reps-max", 0, 100, Number.MAX_SAFE_INTEGER),
    budget: { nowMs: () => performance.now(), startMs: performance.now(), budgetMs: budgetUs / 1000 },
    onProgress: (p) => progress.update(p),
  };
  const rows = planRetries(raw, options);
  progress.done();
  const fleetTarget = instanceTarget !== target ? target : undefined;
  out(planOutput(format, rows, { scenario, by, metric, target: instanceTarget, fleetTarget, budget: budgetText, fleet: fleet && fleetPlan ? { ...fleet, idle: fleetPlan.idle } : undefined }));
}

/**
 * A probability or fraction can only be bounded by a target strictly between 0 and 1 (0 needs
 * infinite runs, ≥ 1 says nothing); a count of failed commands by a target above 0.
 */
function checkTarget(target: number, metric: string): void {
  const kind = METRICS.find((m) => m.name === (PER_EVENT_METRICS[metric] ?? metric))?.kind;
  if ((kind === "proportion" || kind === "fraction") && !(target > 0 && target < 1)) {
    throw new UsageError(`plan: --target for ${metric} (a probability) must lie strictly between 0 and 1, e.g. 0.001; got ${target}`);
  }
  if ((metric === "failedCommands" || metric === "failedPerEvent") && !(target > 0)) {
    throw new UsageError(`plan: --target for ${metric} (failed commands) must be above 0, e.g. 0.01; got ${target}`);
  }
}

/**
 * Per-event targets of a fleet are across its instances, which are independent: expected failed
 * commands add up (target / n per instance) and P(≥ 1 lost) = 1 − (1 − p)^n (p = 1 − (1 − target)^(1/n)).
 * Per-run and per-command metrics describe one instance's window and are taken as they are.
 */
export function perInstanceTarget(metric: string, target: number, instances: number): number {
  if (metric === "failedPerEvent") return target / instances;
  if (metric === "eventLossProbability") return -Math.expm1(Math.log1p(-target) / instances);
  return target;
}

/** --instances, --rate (commands/s across the fleet) and --workers (per instance): all three or none. */
function fleetFlags(args: ParsedCommand): Fleet | null {
  const names = ["instances", "rate", "workers"].filter((n) => stringOption(args, n) !== undefined);
  if (names.length === 0) return null;
  if (names.length < 3) throw new UsageError(`plan: a fleet needs --instances, --rate and --workers together, e.g. --instances 8 --rate 2000/s --workers 16; got only ${names.map((n) => `--${n}`).join(", ")}`);
  const rateText = stringOption(args, "rate")!;
  const ratePerSecond = maybeRate(rateText);
  if (ratePerSecond === null) throw new UsageError(`plan: --rate must be commands per second across the fleet, e.g. 2000/s; got ${JSON.stringify(rateText)}`);
  return { instances: intOption(args, "instances", 1, 1, 100_000), ratePerSecond, workers: intOption(args, "workers", 1, 1, 100_000) };
}

/** "16" or "1..64" → the pool sizes; absent → the scenario's own. */
function poolRange(text: string | undefined, fallback: number): number[] {
  if (text === undefined) return [fallback];
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(text.trim());
  const [a, b] = m ? [Number(m[1]), Number(m[2] ?? m[1])] : [NaN, NaN];
  if (!m || a < 1 || b < a || b > 100_000) throw new UsageError(`plan: --pool must be N or FROM..TO with 1 ≤ FROM ≤ TO, e.g. 1..64; got ${JSON.stringify(text)}`);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
