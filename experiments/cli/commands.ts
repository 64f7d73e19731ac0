import { MERGE_SPEC, mergeCommand } from "./merge-command.ts";
import { usageLine, type CommandSpec } from "./options.ts";
import { PLAN_SPEC, planCommand } from "./plan-command.ts";
import { PROFILES_SPEC, profilesCommand } from "./profiles-command.ts";
import { RUN_SPEC, runCommand } from "./run-command.ts";
import { SWEEP_SPEC, sweepCommand } from "./sweep-command.ts";
import { VERSIONS_SPEC, versionsCommand } from "./versions-command.ts";

export interface Command {
  spec: CommandSpec;
  run(argv: readonly string[], out: (text: string) => void): void | Promise<void>;
}

/** Every CLI command by name. New commands register here. */
export const commands: Record<string, Command> = {
  run: { spec: RUN_SPEC, run: runCommand },
  sweep: { spec: SWEEP_SPEC, run: sweepCommand },
  merge: { spec: MERGE_SPEC, run: mergeCommand },
  plan: { spec: PLAN_SPEC, run: planCommand },
  profiles: { spec: PROFILES_SPEC, run: profilesCommand },
  versions: { spec: VERSIONS_SPEC, run: versionsCommand },
};

export function usage(): string {
  return [
    "poolsim: a deterministic simulator of a client connection pool under server-side disconnects",
    "",
    "usage:",
    ...Object.values(commands).map((c) => `  ${usageLine(c.spec)}`),
    "",
    "  npm run --silent sim -- <command> --help   a command's options",
    "  npm run --silent sim -- --version          poolsim's version",
  ].join("\n");
}
