import { cellsToCsv, cellsToJson, maybeShard, resolveSweep, SweepError, withReplications, type ResolvedSweep } from "../../sim/sweep/index.ts";
import { InvalidTaskError } from "../sweep/pool.ts";
import { runSweep } from "../sweep/run-sweep.ts";
import { choiceOption, intOption, parseCommand, stringOption, type CommandSpec } from "./options.ts";
import { readFileSync } from "node:fs";
import { parseJson, readJsonFile } from "./json-file.ts";
import { checkWritable, writeOutput } from "./output-file.ts";
import { UsageError } from "./usage-error.ts";

export const SWEEP_SPEC: CommandSpec = {
  invocation: "npm run --silent sim -- sweep",
  operands: "<sweep.json>",
  operandsMax: 1,
  doc: "Runs every cell of a sweep file (- reads it from stdin) on worker threads; the output is the same bytes for any thread count.",
  options: {
    threads: { type: "string", arg: "K", doc: "worker threads (default: all cores)" },
    reps: { type: "string", arg: "N", doc: "replications per cell, replacing the file's (adaptive ones included)" },
    shard: { type: "string", arg: "i/n", doc: "run only shard i of n; `merge` combines the n outputs" },
    format: { type: "string", arg: "csv|json", doc: "output format (default csv, or json when --out ends in .json)" },
    out: { type: "string", arg: "FILE", doc: "write to FILE instead of stdout" },
  },
};

/** `sweep`: every cell of a sweep file on worker threads; CSV or JSON, identical for any K. */
export async function sweepCommand(argv: readonly string[], out: (text: string) => void): Promise<void> {
  const args = parseCommand("sweep", SWEEP_SPEC, argv, out);
  if (args === null) return; // --help
  // The corners up front (milliseconds; every cell took about 0.4 s of a 7 s frontier sweep before
  // the first run), each cell again in the worker that runs it.
  const path = args.operands[0];
  const raw = readSweepInput(path, "sweep");
  let sweep = resolveSweepInput(raw, path!, "corners");
  const reps = intOption(args, "reps", 0, 1, 100_000_000);
  if (reps) sweep = withReplications(sweep, reps);
  const threads = intOption(args, "threads", 0, 1, 1024) || undefined;
  const shardText = stringOption(args, "shard");
  const shard = shardText === undefined ? null : maybeShard(shardText);
  if (typeof shard === "string") throw new UsageError(shard);
  const file = stringOption(args, "out");
  const format = choiceOption(args, "format", ["csv", "json"] as const, file?.endsWith(".json") ? "json" : "csv");
  if (file) checkWritable(file);
  const run = await runSweep(sweep, { threads, shard }).catch((e: unknown) => {
    // A cell inside the corners failed (a non-integer pool size between two integers, say): the
    // full check names every problem, as it would have before the run.
    if (e instanceof InvalidTaskError) resolveSweepInput(raw, path!, "all");
    throw e;
  });
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

/** A sweep file's JSON (- reads stdin). */
function readSweepInput(path: string | undefined, command: string): unknown {
  if (path === undefined) throw new UsageError(`${command}: needs a sweep file, e.g. experiments/sweeps/frontier.json`);
  return path === "-" ? parseJson(readStdin(), "stdin") : readJsonFile(path);
}

/** Resolves a sweep, checking `cells` of it; problems become one usage error listing them all. */
function resolveSweepInput(raw: unknown, path: string, cells: "all" | "corners"): ResolvedSweep {
  try {
    return resolveSweep(raw, { loadBase: (p) => readJsonFile(p), cells });
  } catch (e) {
    if (e instanceof SweepError) throw new UsageError(`invalid sweep ${path}:\n${e.problems.map((p) => `  - ${p}`).join("\n")}`);
    throw e;
  }
}

/** The whole of stdin (a sweep piped in, as the web app's "Copy CLI command" does). */
function readStdin(): string {
  try {
    return readFileSync(0, "utf8");
  } catch (e) {
    throw new UsageError(`stdin: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}
