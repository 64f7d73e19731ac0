import type { SweepRequest } from "./sweep-def.ts";

/**
 * A shell command that prints, from a checkout of the repository, the CSV of the sweep on screen
 * (byte for byte the page's "Export CSV"): the sweep goes in on stdin, so nothing is left behind.
 */
export function cliCommand(request: SweepRequest): string {
  const json = JSON.stringify({ doc: "From the poolsim web app.", ...request });
  return `printf '%s\\n' ${shellQuote(json)} | npm run --silent sim -- sweep - --format csv`;
}

/** Single quotes keep everything literal in POSIX shells; a quote inside becomes '\''. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
