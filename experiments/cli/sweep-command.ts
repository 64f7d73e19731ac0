import { cellsToCsv, cellsToJson, maybeShard, resolveSweep, SweepError, withReplications, type ResolvedSweep } from "../../sim/sweep/index.ts";
import { runSweep } from "../sweep/run-sweep.ts";
import { choiceFlag, intFlag, parseArgs } from "./args.ts";
import { readJsonFile } from "./json-file.ts";
import { checkWritable, writeOutput } from "./output-file.ts";
import { UsageError } from "./usage-error.ts";

export const SWEEP_USAGE = `npm run --silent sim -- sweep <sweep.json> [--threads K] [--reps N] [--shard i/n] [--format csv|json] [--out FILE]`;

/** `sweep`: every cell of a sweep file on worker threads; CSV or JSON, identical for any K. */
export async function sweepCommand(argv: readonly string[], out: (text: string) => void): Promise<void> {
  const args = parseArgs(argv, { values: ["threads", "reps", "shard", "format", "out"] }, "sweep");
  let sweep = loadSweep(args.positional[0], "sweep");
  const reps = args.flags.get("reps") && intFlag(args, "reps", 0, 1, 100_000_000);
  if (reps) sweep = withReplications(sweep, reps);
  const threads = intFlag(args, "threads", 0, 1, 1024) || undefined;
  const shardText = args.flags.get("shard")?.[0];
  const shard = shardText === undefined ? null : maybeShard(shardText);
  if (typeof shard === "string") throw new UsageError(shard);
  const file = args.flags.get("out")?.[0];
  const format = choiceFlag(args, "format", ["csv", "json"] as const, file?.endsWith(".json") ? "json" : "csv");
  if (file) checkWritable(file);
  const run = await runSweep(sweep, { threads, shard });
  const text = format === "json" ? cellsToJson(run.output) : cellsToCsv(run.output);
  if (file) writeOutput(file, text);
  else out(text.trimEnd());
  const o = run.output;
  process.stderr.write(`${o.cells.length} cells, ${run.runs} runs in ${run.seconds.toFixed(1)} s: ${Math.round(run.runs / run.seconds)} runs/s on ${run.threads} threads${file ? `; wrote ${file}` : ""}\n`);
  if (!o.complete) {
    process.stderr.write(`interrupted: the output holds the ${o.cells.length} finished cells and is marked incomplete\n`);
    process.exitCode = 130;
  }
}

/** Reads and resolves a sweep file; problems become one usage error listing them all. */
export function loadSweep(path: string | undefined, command: string): ResolvedSweep {
  if (path === undefined) throw new UsageError(`${command}: needs a sweep file, e.g. experiments/sweeps/frontier.json`);
  try {
    return resolveSweep(readJsonFile(path), { loadBase: (p) => readJsonFile(p) });
  } catch (e) {
    if (e instanceof SweepError) throw new UsageError(`invalid sweep ${path}:\n${e.problems.map((p) => `  - ${p}`).join("\n")}`);
    throw e;
  }
}
