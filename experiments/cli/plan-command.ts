import { planRetries, metricScale, type PlanOptions } from "../../sim/sweep/index.ts";
import { METRIC_NAMES } from "../../sim/index.ts";
import { PROFILE_KEYS } from "../../sim/scenario/spec.ts";
import { maybeDurationUs } from "../../sim/scenario/duration.ts";
import { choiceFlag, intFlag, parseArgs } from "./args.ts";
import { planOutput } from "./plan-format.ts";
import { PlanProgressLine } from "./plan-progress.ts";
import { loadScenarioOptions } from "./scenario-input.ts";
import { resolveScenario } from "../../sim/index.ts";
import { UsageError } from "./usage-error.ts";

export const PLAN_USAGE = `npm run --silent sim -- plan <scenario.json> --target P [--metric commandFailureRate] [--pool N|FROM..TO] [--by probe|profile] [--strategies a,b] [--reps-max N] [--budget 60s] [--progress] [--set path=value ...] [--format table|markdown|json]`;

/** Wall time a plan may take unless --budget says otherwise. */
export const PLAN_BUDGET_DEFAULT = "60s";

/** `plan`: per pool size and strategy, the smallest maxRetries shown to keep the metric under target. */
export function planCommand(argv: readonly string[], out: (text: string) => void): void {
  const args = parseArgs(argv, { values: ["target", "metric", "pool", "by", "strategies", "set", "format", "reps-max", "budget"], repeatable: ["set"], booleans: ["progress"] }, "plan");
  // Raw options, validated once here: a profile strategy must swap the whole bundle under them.
  const raw = loadScenarioOptions(args.positional[0], args.flags.get("set") ?? [], "plan");
  const scenario = resolveScenario(raw);
  const targetText = args.flags.get("target")?.[0];
  const target = Number(targetText);
  if (targetText === undefined || !Number.isFinite(target) || target < 0) throw new UsageError(`plan: --target must be a number ≥ 0, e.g. 0.001; got ${JSON.stringify(targetText ?? null)}`);
  const metric = choiceFlag(args, "metric", METRIC_NAMES, "commandFailureRate");
  const by = choiceFlag(args, "by", ["probe", "profile"] as const, "probe");
  // By default every probe strategy, or every client profile with --by profile.
  const strategies = args.flags.get("strategies")?.[0]?.split(",").map((s) => s.trim()) ?? (by === "profile" ? [...PROFILE_KEYS] : undefined);
  const format = choiceFlag(args, "format", ["table", "markdown", "json"] as const, "table");
  const budgetText = args.flags.get("budget")?.[0] ?? PLAN_BUDGET_DEFAULT;
  const budgetUs = maybeDurationUs(budgetText);
  if (budgetUs === null || budgetUs <= 0) throw new UsageError(`plan: --budget must be a duration above 0, e.g. 60s or 5m; got ${JSON.stringify(budgetText)}`);
  try {
    metricScale(metric, scenario);
  } catch (e) {
    throw new UsageError(`plan: --metric ${metric}: ${(e as Error).message}`);
  }
  const progress = new PlanProgressLine(args.booleans.has("progress"));
  const options: PlanOptions = {
    target,
    metric,
    poolSizes: poolRange(args.flags.get("pool")?.[0], scenario.pool.size),
    strategyPath: by,
    strategies,
    repsMax: args.flags.has("reps-max") ? intFlag(args, "reps-max", 0, 100, Number.MAX_SAFE_INTEGER) : undefined,
    budget: { nowMs: () => performance.now(), startMs: performance.now(), budgetMs: budgetUs / 1000 },
    onProgress: (p) => progress.update(p),
  };
  const rows = planRetries(raw, options);
  progress.done();
  out(planOutput(format, rows, { scenario, by, metric, target, budget: budgetText }));
}

/** "16" or "1..64" → the pool sizes; absent → the scenario's own. */
function poolRange(text: string | undefined, fallback: number): number[] {
  if (text === undefined) return [fallback];
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(text.trim());
  const [a, b] = m ? [Number(m[1]), Number(m[2] ?? m[1])] : [NaN, NaN];
  if (!m || a < 1 || b < a || b > 100_000) throw new UsageError(`plan: --pool must be N or FROM..TO with 1 ≤ FROM ≤ TO, e.g. 1..64; got ${JSON.stringify(text)}`);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
