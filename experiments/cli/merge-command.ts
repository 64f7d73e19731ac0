import { readFileSync } from "node:fs";
import { cellsToCsv, MergeError, mergeShards, type SweepOutput } from "../../sim/sweep/index.ts";
import { choiceOption, parseCommand, stringOption, type CommandSpec } from "./options.ts";
import { checkWritable, writeOutput } from "./output-file.ts";
import { UsageError } from "./usage-error.ts";

export const MERGE_SPEC: CommandSpec = {
  invocation: "npm run --silent sim -- merge",
  operands: "<shard files...>",
  operandsMax: Infinity,
  doc: "Combines the outputs of `sweep --shard 1/n` … `n/n` (all CSV or all JSON) into exactly the bytes of one unsharded run.",
  options: {
    format: { type: "string", arg: "csv|json", doc: "output format (default: the shards', or the --out file's extension); JSON shards convert to CSV" },
    out: { type: "string", arg: "FILE", doc: "write to FILE instead of stdout" },
  },
};

/** `merge`: shard outputs (all CSV or all JSON) → exactly what one unsharded run writes. */
export function mergeCommand(argv: readonly string[], out: (text: string) => void): void {
  const args = parseCommand("merge", MERGE_SPEC, argv, out);
  if (args === null) return; // --help
  if (args.operands.length === 0) throw new UsageError("merge: needs the shard files, e.g. merge shard-*.csv");
  const file = stringOption(args, "out");
  const extension = /\.(csv|json)$/.exec(file ?? "")?.[1] as "csv" | "json" | undefined;
  const requested = stringOption(args, "format") === undefined ? extension : choiceOption(args, "format", ["csv", "json"] as const, "csv");
  if (file) checkWritable(file);
  const files = args.operands.map((name) => {
    try {
      return { name, text: readFileSync(name, "utf8") };
    } catch (e) {
      throw new UsageError(`${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  });
  let text: string;
  try {
    text = mergeShards(files);
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError(`merge: ${e.message}`);
    throw e;
  }
  text = convert(text, requested);
  if (file) writeOutput(file, text);
  else out(text.trimEnd());
}

/**
 * JSON holds the whole resolved sweep, so merged JSON converts to the CSV one unsharded run writes;
 * CSV lacks the sweep definition, so it cannot become JSON.
 */
function convert(merged: string, format: "csv" | "json" | undefined): string {
  const isJson = merged.startsWith("{");
  if (format === undefined || format === (isJson ? "json" : "csv")) return merged;
  if (!isJson) throw new UsageError("merge: --format json needs JSON shards (sweep --format json); CSV shards lack the sweep definition");
  return cellsToCsv(JSON.parse(merged) as SweepOutput);
}
