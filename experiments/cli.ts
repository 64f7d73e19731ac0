#!/usr/bin/env node
/**
 * poolsim's command line: a thin Node layer over the pure simulation core in sim/.
 * User errors (bad scenario, bad flags) print one message and exit 2, never a stack trace.
 */
import { parseArgs } from "node:util";
import { ScenarioError } from "../sim/index.ts";
import { commands, usage } from "./cli/commands.ts";
import { helpText } from "./cli/options.ts";
import { RunawayError, RUNAWAY_EXIT_CODE } from "./cli/runaway-error.ts";
import { UsageError } from "./cli/usage-error.ts";
import { version } from "./cli/version.ts";

async function main(argv: string[]): Promise<number> {
  const at = argv.findIndex((a) => !a.startsWith("-"));
  const name: string | undefined = argv[at];
  const rest = at < 0 ? [] : argv.slice(at + 1);
  const top = parseTop(at < 0 ? argv : argv.slice(0, at));
  if (top.version) return print(`poolsim ${version()}`, 0);
  if (name === "help") {
    const command = rest[0] === undefined ? undefined : commandNamed(rest[0]);
    return print(command ? helpText(command.spec) : usage(), 0);
  }
  if (top.help) return print(usage(), 0);
  if (name === undefined) {
    process.stderr.write(usage() + "\n");
    return 2;
  }
  await commandNamed(name).run(rest, (text) => process.stdout.write(text + "\n"));
  return 0;
}

/** Options before the command: --help/-h and --version. */
function parseTop(argv: string[]): { help: boolean; version: boolean } {
  try {
    const { values } = parseArgs({ args: argv, options: { help: { type: "boolean", short: "h" }, version: { type: "boolean" } }, strict: true });
    return { help: values.help ?? false, version: values.version ?? false };
  } catch (e) {
    const option = /'(-{1,2}[^' =]+)/.exec((e as Error).message)?.[1] ?? argv.join(" ");
    throw new UsageError(`unknown option ${option} before the command; allowed: --help, --version (a command's own options go after it)`);
  }
}

function commandNamed(name: string) {
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}; commands: ${Object.keys(commands).join(", ")}`);
  return command;
}

function print(text: string, code: number): number {
  process.stdout.write(text + "\n");
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    // A command may have set its own code already (130 for an interrupted sweep): keep it.
    if (process.exitCode === undefined) process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof ScenarioError) {
      process.stderr.write(`invalid scenario:\n${e.problems.map((p) => `  - ${p}`).join("\n")}\n`);
      process.exitCode = 2;
    } else if (e instanceof RunawayError) {
      process.stderr.write(`runaway: ${e.message}\n`);
      process.exitCode = RUNAWAY_EXIT_CODE;
    } else if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`internal error (a bug in poolsim; please report it with the command you ran):\n${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 1;
    }
  },
);
