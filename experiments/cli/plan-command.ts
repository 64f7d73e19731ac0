import { planRetries, type PlanRow } from "../../sim/sweep/index.ts";
import { METRIC_NAMES } from "../../sim/index.ts";
import { PROFILE_KEYS } from "../../sim/scenario/spec.ts";
import { choiceFlag, intFlag, parseArgs } from "./args.ts";
import { fmt, table } from "./format.ts";
import { loadScenarioOptions } from "./scenario-input.ts";
import { resolveScenario } from "../../sim/index.ts";
import { UsageError } from "./usage-error.ts";

export const PLAN_USAGE = `npm run --silent sim -- plan <scenario.json> --target P [--metric commandFailureRate] [--pool N|FROM..TO] [--by probe|profile] [--strategies a,b] [--reps-max N] [--set path=value ...] [--format table|json]`;

/** `plan`: per pool size and strategy, the smallest maxRetries whose upper 95% bound is under target. */
export function planCommand(argv: readonly string[], out: (text: string) => void): void {
  const args = parseArgs(argv, { values: ["target", "metric", "pool", "by", "strategies", "set", "format", "reps-max"], repeatable: ["set"] }, "plan");
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
  const format = choiceFlag(args, "format", ["table", "json"] as const, "table");
  const rows = planRetries(raw, {
    target,
    metric,
    poolSizes: poolRange(args.flags.get("pool")?.[0], scenario.pool.size),
    strategyPath: by,
    strategies,
    repsMax: intFlag(args, "reps-max", 20_000, 100, 10_000_000),
  });
  out(format === "json" ? JSON.stringify(rows, null, 2) : toTable(rows, by, metric, target));
}

/** "16" or "1..64" → the pool sizes; absent → the scenario's own. */
function poolRange(text: string | undefined, fallback: number): number[] {
  if (text === undefined) return [fallback];
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(text.trim());
  const [a, b] = m ? [Number(m[1]), Number(m[2] ?? m[1])] : [NaN, NaN];
  if (!m || a < 1 || b < a || b > 100_000) throw new UsageError(`plan: --pool must be N or FROM..TO with 1 ≤ FROM ≤ TO, e.g. 1..64; got ${JSON.stringify(text)}`);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

function toTable(rows: PlanRow[], by: string, metric: string, target: number): string {
  const body = rows.map((r) => [String(r.poolSize), String(r.strategy), r.maxRetries === null ? "none ≤ 64" : String(r.maxRetries), fmt(r.upper95), r.method, fmt(r.p99LatencyMs), fmt(r.dials)]);
  return [`smallest maxRetries with the upper 95% bound of ${metric} ≤ ${target}`, "", table(["pool.size", by, "maxRetries", "upper95", "method", "p99 ms", "dials"], body)].join("\n");
}
