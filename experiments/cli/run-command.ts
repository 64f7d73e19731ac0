import { METRICS, replicate, type Scenario, type Summary } from "../../sim/index.ts";
import { booleanOption, choiceOption, intOption, listOption, parseCommand, type CommandSpec } from "./options.ts";
import { fmt, fmtEstimate, table } from "./format.ts";
import { Progress } from "./progress.ts";
import { loadScenario } from "./scenario-input.ts";
import { perEventSummary, type PerEventSummary } from "../../sim/sweep/index.ts";
import { perEventLines } from "./per-event-text.ts";
import { RunawayError } from "./runaway-error.ts";

export const RUN_SPEC: CommandSpec = {
  invocation: "npm run --silent sim -- run",
  operands: "<scenario.json>",
  operandsMax: 1,
  doc: "Runs N replications of one scenario and prints every metric with its mean and 95% interval.",
  options: {
    reps: { type: "string", arg: "N", doc: "replications (default 1000)" },
    seed: { type: "string", arg: "S", doc: "experiment seed (default: the scenario's seed)" },
    set: { type: "string", arg: "path=value", multiple: true, doc: "override one scenario field, e.g. pool.size=8; the value is read as JSON when it parses" },
    format: { type: "string", arg: "table|json", doc: "output format (default table)" },
    "allow-truncated": { type: "boolean", doc: "report runs cut off at limits.eventsMax instead of exiting with code 3" },
  },
};

/** `run`: N replications of one scenario, every metric with its mean and 95% interval. */
export function runCommand(argv: readonly string[], out: (text: string) => void): void {
  const args = parseCommand("run", RUN_SPEC, argv, out);
  if (args === null) return; // --help
  const scenario = loadScenario(args.operands[0], listOption(args, "set"), "run");
  const reps = intOption(args, "reps", 1000, 1, 100_000_000);
  const seed = intOption(args, "seed", scenario.seed, 0, Number.MAX_SAFE_INTEGER);
  const format = choiceOption(args, "format", ["table", "json"] as const, "table");
  const progress = new Progress(reps, "runs");
  let runaway = -1;
  const onEventLimit = (replication: number) => (runaway = runaway < 0 ? replication : runaway);
  const summary = replicate(scenario, reps, { seed, onProgress: (n) => progress.update(n), progressEvery: 200, onEventLimit });
  progress.done();
  if (runaway >= 0 && !booleanOption(args, "allow-truncated")) {
    throw new RunawayError(
      `${summary.eventLimitRuns} of ${reps} runs hit limits.eventsMax (${scenario.limits.eventsMax} events) before their workload ended, first replication ${runaway} of seed ${seed}; ` +
        `their numbers would describe a cut-off run (--allow-truncated reports them anyway). Scenario: ${JSON.stringify(scenario)}`,
    );
  }
  // Window-free headline: per disconnect event, from the same seeds (and twin runs without it).
  const perEvent = scenario.disconnects.length > 0 ? perEventSummary(scenario, reps, seed) : null;
  out(format === "json" ? JSON.stringify({ ...(toJson(scenario, seed, summary) as object), perEvent }, null, 2) : toTable(scenario, seed, summary, perEvent));
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

function toTable(scenario: Scenario, seed: number, s: Summary, perEvent: PerEventSummary | null): string {
  const rows = METRICS.filter((m) => s.metrics[m.name]).map((m) => {
    const [mean, ci] = fmtEstimate(s.metrics[m.name]);
    return [m.name, mean, ci, m.unit];
  });
  const lines = [
    `${s.reps} runs, seed ${seed}: ${scenario.transport} transport, probe ${scenario.probe}, pool.size ${scenario.pool.size}, maxRetries ${scenario.retry.maxRetries}`,
    ...(perEvent ? ["", ...perEventLines(scenario, perEvent)] : []),
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
