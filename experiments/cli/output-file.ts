import { accessSync, constants, existsSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "./usage-error.ts";

/**
 * Fails fast, before any work, when --out names a file that cannot be written: a sweep should not
 * run for minutes and then lose its result to a typo in a path.
 */
export function checkWritable(file: string, flag = "--out"): void {
  const target = existsSync(file) ? file : dirname(resolve(file));
  try {
    accessSync(target, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${file}: cannot write there (${code === "ENOENT" ? "no such folder" : code ?? String(e)})`);
  }
}

/** Writes an output file; a failure is a usage error naming the file, not a stack trace. */
export function writeOutput(file: string, text: string, flag = "--out"): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`${flag} ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}
