import { replicate, type Scenario } from "../../sim/index.ts";
import { profiles } from "../../sim/profiles/index.ts";
import { resolveScenario } from "../../sim/scenario/resolve.ts";
import { PROFILE_KEYS } from "../../sim/scenario/spec.ts";
import { choiceOption, intOption, listOption, parseCommand, type CommandSpec } from "./options.ts";
import { fmt, table } from "./format.ts";
import { readJsonFile } from "./json-file.ts";
import { applySets } from "./overrides.ts";
import { Progress } from "./progress.ts";
import { UsageError } from "./usage-error.ts";

export const PROFILES_SPEC: CommandSpec = {
  invocation: "npm run --silent sim -- profiles",
  operands: "<scenario.json>",
  operandsMax: 1,
  doc: "Runs one scenario under every client profile on the same seeds and prints them side by side.",
  options: {
    reps: { type: "string", arg: "N", doc: "replications per profile (default 1000)" },
    seed: { type: "string", arg: "S", doc: "experiment seed (default: the scenario's seed)" },
    set: { type: "string", arg: "path=value", multiple: true, doc: "override one scenario field, e.g. pool.size=8" },
    format: { type: "string", arg: "table|markdown|json", doc: "output format (default table)" },
  },
};

interface Row {
  profile: string;
  /** The MaxRetries this profile ran with (its own default unless the scenario sets one); null for a multiplexed client, which has no retry loop. */
  maxRetries: number | null;
  failedCommands: number;
  anyCommandFailed: number;
  attemptsPerCommand: number;
  dials: number;
  needlessCloses: number;
  latencyP99Ms: number;
}

/**
 * `profiles`: one scenario under every client profile, on the same seeds (common random
 * numbers), side by side. Fields the scenario sets override each profile's, so a comparison
 * file leaves probe and retry settings to the profiles.
 */
export function profilesCommand(argv: readonly string[], out: (text: string) => void): void {
  const args = parseCommand("profiles", PROFILES_SPEC, argv, out);
  if (args === null) return; // --help
  const path = args.operands[0];
  if (path === undefined) throw new UsageError("profiles: needs a scenario file, e.g. experiments/scenarios/incident.json");
  const raw = applySets(readJsonFile(path), listOption(args, "set"));
  const reps = intOption(args, "reps", 1000, 1, 100_000_000);
  const format = choiceOption(args, "format", ["table", "markdown", "json"] as const, "table");
  const base = resolveScenario(raw);
  const seed = intOption(args, "seed", base.seed, 0, Number.MAX_SAFE_INTEGER);
  const progress = new Progress(PROFILE_KEYS.length * reps, "runs");
  const rows: Row[] = PROFILE_KEYS.map((profile, i) => {
    const scenario: Scenario = resolveScenario({ ...raw, profile });
    const s = replicate(scenario, reps, { seed, onProgress: (n) => progress.update(i * reps + n), progressEvery: 200 });
    const m = (name: string) => s.metrics[name]?.mean ?? NaN;
    return {
      profile,
      maxRetries: scenario.client === "multiplexed" ? null : scenario.retry.maxRetries,
      failedCommands: m("failedCommands"),
      anyCommandFailed: m("anyCommandFailed"),
      attemptsPerCommand: m("attemptsPerCommand"),
      dials: m("dials"),
      needlessCloses: m("needlessCloses"),
      latencyP99Ms: m("latencyP99"),
    };
  });
  progress.done();
  if (format === "json") {
    out(JSON.stringify({ scenario: path, reps, seed, rows }, null, 2));
    return;
  }
  const header = ["profile", "MaxRetries", "failed commands", "P(any failed)", "attempts/command", "dials", "needless closes", "p99 latency (ms)", "what it does"];
  const cells = rows.map((r) => [r.profile, r.maxRetries === null ? "—" : String(r.maxRetries), fmt(r.failedCommands), fmt(r.anyCommandFailed), fmt(r.attemptsPerCommand), fmt(r.dials), fmt(r.needlessCloses), fmt(r.latencyP99Ms), profiles[r.profile as keyof typeof profiles].doc]);
  if (format === "markdown") {
    out([`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...cells.map((c) => `| ${c.join(" | ")} |`)].join("\n"));
  } else {
    out(`${reps} runs per profile, seed ${seed}, ${path}\n\n${table(header.slice(0, -1), cells.map((c) => c.slice(0, -1)))}`);
  }
}
