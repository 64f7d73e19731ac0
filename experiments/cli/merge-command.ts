import { readFileSync } from "node:fs";
import { MergeError, mergeShards } from "../../sim/sweep/index.ts";
import { parseArgs } from "./args.ts";
import { checkWritable, writeOutput } from "./output-file.ts";
import { UsageError } from "./usage-error.ts";

export const MERGE_USAGE = `npm run --silent sim -- merge <shard files...> [--out FILE]`;

/** `merge`: shard outputs (all CSV or all JSON) → exactly what one unsharded run writes. */
export function mergeCommand(argv: readonly string[], out: (text: string) => void): void {
  const args = parseArgs(argv, { values: ["out"] }, "merge");
  if (args.positional.length === 0) throw new UsageError("merge: needs the shard files, e.g. merge shard-*.csv");
  const file = args.flags.get("out")?.[0];
  if (file) checkWritable(file);
  const files = args.positional.map((name) => {
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
  if (file) writeOutput(file, text);
  else out(text.trimEnd());
}
