#!/usr/bin/env node
/**
 * poolsim's command line: a thin Node layer over the pure simulation core in sim/.
 * User errors (bad scenario, bad flags) print one message and exit 2, never a stack trace.
 */
import { ScenarioError } from "../sim/index.ts";
import { commands, usage } from "./cli/commands.ts";
import { UsageError } from "./cli/usage-error.ts";

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(usage() + "\n");
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}; commands: ${Object.keys(commands).join(", ")}`);
  await command.run(rest, (text) => process.stdout.write(text + "\n"));
  return 0;
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
    } else if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`internal error (a bug in poolsim; please report it with the command you ran):\n${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 1;
    }
  },
);
