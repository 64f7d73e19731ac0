import { replicate } from "../../sim/index.ts";
import { DEFAULT_GO_VERSION, GO_VERSIONS, VERSION_BUNDLES, type VersionedClient } from "../../sim/profiles/versions.ts";
import { resolveScenario } from "../../sim/scenario/resolve.ts";
import { choiceFlag, intFlag, parseArgs } from "./args.ts";
import { fmt, table } from "./format.ts";
import { readJsonFile } from "./json-file.ts";
import { Progress } from "./progress.ts";
import { UsageError } from "./usage-error.ts";

export const VERSIONS_USAGE = `npm run --silent sim -- versions <scenario.json> [<scenario.json> ...] [--client go-redis|redis-py] [--go 1.18…1.25] [--reps N] [--seed S] [--format table|markdown|json]`;

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
  const args = parseArgs(argv, { values: ["reps", "seed", "format", "client", "go"] }, "versions");
  if (args.positional.length === 0) throw new UsageError("versions: needs one or more scenario files, e.g. experiments/scenarios/incident.json");
  const raws = args.positional.map((path) => readJsonFile(path) as Record<string, unknown>);
  const reps = intFlag(args, "reps", 1000, 1, 100_000_000);
  const format = choiceFlag(args, "format", ["table", "markdown", "json"] as const, "table");
  const client = choiceFlag(args, "client", ["go-redis", "redis-py"] as const, "go-redis") as VersionedClient;
  const goVersion = choiceFlag(args, "go", GO_VERSIONS, DEFAULT_GO_VERSION);
  const seeds = raws.map((raw) => intFlag(args, "seed", resolveScenario(raw).seed, 0, Number.MAX_SAFE_INTEGER));
  const bundles = VERSION_BUNDLES.filter((b) => b.client === client);
  const progress = new Progress(bundles.length * raws.length * reps, "runs");
  let done = 0;
  const rows: Row[] = bundles.map((b) => ({
    range: b.range,
    name: b.name,
    alias: b.alias,
    since: b.since,
    commandFailureRate: raws.map((raw, i) => {
      const s = replicate(resolveScenario({ ...raw, profile: b.name, goVersion }), reps, { seed: seeds[i], onProgress: (n) => progress.update(done + n), progressEvery: 200 });
      done += reps;
      return s.metrics.commandFailureRate?.mean ?? NaN;
    }),
  }));
  progress.done();
  if (format === "json") {
    out(JSON.stringify({ scenarios: args.positional, client, goVersion, reps, seeds, rows }, null, 2));
    return;
  }
  const names = args.positional.map((p) => p.replace(/^.*\//, "").replace(/\.json$/, ""));
  const header = ["version", ...names.map((n) => `P(fail) ${n}`), "what changes at this version"];
  const cells = rows.map((r) => [r.range + (r.alias ? ` (${r.alias})` : ""), ...r.commandFailureRate.map(fmt), r.since]);
  if (format === "markdown") {
    out([`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...cells.map((c) => `| ${c.join(" | ")} |`)].join("\n"));
  } else {
    out(`${reps} runs per version and scenario, ${client}, Go ${goVersion}, seeds ${seeds.join(", ")}\n\n${table(header.slice(0, -1), cells.map((c) => c.slice(0, -1)))}`);
  }
}
