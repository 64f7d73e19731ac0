import { replicate } from "../../sim/index.ts";
import { DEFAULT_BUILD, GO_VERSIONS, VERSION_BUNDLES, type VersionedClient } from "../../sim/profiles/versions.ts";
import { parseScenario } from "../../sim/scenario/resolve.ts";
import { choiceOption, intOption, parseCommand, type CommandSpec } from "./options.ts";
import { fmt, table } from "./format.ts";
import { readJsonFile } from "./json-file.ts";
import { Progress } from "./progress.ts";
import { UsageError } from "./usage-error.ts";

export const VERSIONS_SPEC: CommandSpec = {
  invocation: "npm run --silent sim -- versions",
  operands: "<scenario.json> [<scenario.json> ...]",
  operandsMax: Infinity,
  doc: "Runs each scenario under every version range of one client, on the same seeds, and prints P(command fails) side by side.",
  options: {
    client: { type: "string", arg: "go-redis|redis-py", doc: "the client whose versions to compare (default go-redis)" },
    go: { type: "string", arg: "1.18…1.25", doc: `the Go version the client is built with (default ${DEFAULT_BUILD.goVersion})` },
    reps: { type: "string", arg: "N", doc: "replications per version and scenario (default 1000)" },
    seed: { type: "string", arg: "S", doc: "experiment seed (default: each scenario's seed)" },
    format: { type: "string", arg: "table|markdown|json", doc: "output format (default table)" },
  },
};

interface Row {
  range: string;
  name: string;
  alias: string | null;
  since: string;
  /** P(command fails) per scenario file, in the order given. */
  commandFailureRate: number[];
}

/**
 * `versions`: each scenario under every version range of one client (go-redis by default), on
 * the same seeds, side by side: what changed between versions, and what it does to P(command
 * fails). Each range is run as its first version (go-redis@<first>); fields the scenario sets
 * override the range's, so comparison files leave client settings to the profile.
 */
export function versionsCommand(argv: readonly string[], out: (text: string) => void): void {
  const args = parseCommand("versions", VERSIONS_SPEC, argv, out);
  if (args === null) return; // --help
  if (args.operands.length === 0) throw new UsageError("versions: needs one or more scenario files, e.g. experiments/scenarios/incident.json");
  const raws = args.operands.map((path) => readJsonFile(path) as Record<string, unknown>);
  const reps = intOption(args, "reps", 1000, 1, 100_000_000);
  const format = choiceOption(args, "format", ["table", "markdown", "json"] as const, "table");
  const client = choiceOption(args, "client", ["go-redis", "redis-py"] as const, "go-redis") as VersionedClient;
  const goVersion = choiceOption(args, "go", GO_VERSIONS, DEFAULT_BUILD.goVersion as (typeof GO_VERSIONS)[number]);
  const seeds = raws.map((raw) => intOption(args, "seed", parseScenario(raw).seed, 0, Number.MAX_SAFE_INTEGER));
  const bundles = VERSION_BUNDLES.filter((b) => b.client === client);
  const progress = new Progress(bundles.length * raws.length * reps, "runs");
  let done = 0;
  const rows: Row[] = bundles.map((b) => ({
    range: b.range,
    name: b.name,
    alias: b.alias,
    since: b.since,
    commandFailureRate: raws.map((raw, i) => {
      const s = replicate(parseScenario({ ...raw, profile: b.name, goVersion }), reps, { seed: seeds[i], onProgress: (n) => progress.update(done + n), progressEvery: 200 });
      done += reps;
      return s.metrics.commandFailureRate?.mean ?? NaN;
    }),
  }));
  progress.done();
  if (format === "json") {
    out(JSON.stringify({ scenarios: args.operands, client, goVersion, reps, seeds, rows }, null, 2));
    return;
  }
  const names = args.operands.map((p) => p.replace(/^.*\//, "").replace(/\.json$/, ""));
  const header = ["version", ...names.map((n) => `P(fail) ${n}`), "what changes at this version"];
  const cells = rows.map((r) => [r.range + (r.alias ? ` (${r.alias})` : ""), ...r.commandFailureRate.map(fmt), r.since]);
  if (format === "markdown") {
    out([`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...cells.map((c) => `| ${c.join(" | ")} |`)].join("\n"));
  } else {
    out(`${reps} runs per version and scenario, ${client}, Go ${goVersion}, seeds ${seeds.join(", ")}\n\n${table(header.slice(0, -1), cells.map((c) => c.slice(0, -1)))}`);
  }
}
