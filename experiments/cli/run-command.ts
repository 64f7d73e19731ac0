import { METRICS, replicate, type Scenario, type Summary } from "../../sim/index.ts";
import { choiceFlag, intFlag, parseArgs } from "./args.ts";
import { fmt, fmtEstimate, table } from "./format.ts";
import { Progress } from "./progress.ts";
import { loadScenario } from "./scenario-input.ts";

export const RUN_USAGE = `npm run --silent sim -- run <scenario.json> [--reps N] [--seed S] [--set path=value ...] [--format table|json]`;

/** `run`: N replications of one scenario, every metric with its mean and 95% interval. */
export function runCommand(argv: readonly string[], out: (text: string) => void): void {
  const args = parseArgs(argv, { values: ["reps", "seed", "set", "format"], repeatable: ["set"] }, "run");
  const scenario = loadScenario(args.positional[0], args.flags.get("set") ?? [], "run");
  const reps = intFlag(args, "reps", 1000, 1, 100_000_000);
  const seed = intFlag(args, "seed", scenario.seed, 0, Number.MAX_SAFE_INTEGER);
  const format = choiceFlag(args, "format", ["table", "json"] as const, "table");
  const progress = new Progress(reps, "runs");
  const summary = replicate(scenario, reps, { seed, onProgress: (n) => progress.update(n), progressEvery: 200 });
  progress.done();
  out(format === "json" ? JSON.stringify(toJson(scenario, seed, summary), null, 2) : toTable(scenario, seed, summary));
}

function toJson(scenario: Scenario, seed: number, s: Summary): unknown {
  const metrics: Record<string, unknown> = { ...s.metrics };
  if (scenario.workload.kind === "sequential") metrics.perCommandFailure = s.perCommandFailure;
  return {
    scenario,
    reps: s.reps,
    seed,
    eventLimitRuns: s.eventLimitRuns,
    metrics,
    failedCommandsHistogram: s.failedCommandsHistogram,
  };
}

function toTable(scenario: Scenario, seed: number, s: Summary): string {
  const rows = METRICS.filter((m) => s.metrics[m.name]).map((m) => {
    const [mean, ci] = fmtEstimate(s.metrics[m.name]);
    return [m.name, mean, ci, m.unit];
  });
  const lines = [
    `${s.reps} runs, seed ${seed}: ${scenario.transport} transport, probe ${scenario.probe}, pool.size ${scenario.pool.size}, maxRetries ${scenario.retry.maxRetries}`,
    "",
    table(["metric", "mean", "95% CI", "unit"], rows),
  ];
  if (scenario.workload.kind === "sequential") {
    const shown = s.perCommandFailure.slice(0, 32).map((e, i) => `#${i}: ${fmt(e.mean)}`);
    lines.push("", `P(command i failed): ${shown.join("  ")}${s.perCommandFailure.length > 32 ? "  …" : ""}`);
  }
  const hist = s.failedCommandsHistogram.map((n, k) => (n > 0 ? `${k}: ${n}` : "")).filter(Boolean);
  lines.push(`runs by failed commands: ${hist.join(", ")}`);
  if (s.eventLimitRuns > 0) lines.push(`warning: ${s.eventLimitRuns} runs stopped at limits.eventsMax before finishing`);
  return lines.join("\n");
}
