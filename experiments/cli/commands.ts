import { MERGE_USAGE, mergeCommand } from "./merge-command.ts";
import { PLAN_USAGE, planCommand } from "./plan-command.ts";
import { PROFILES_USAGE, profilesCommand } from "./profiles-command.ts";
import { RUN_USAGE, runCommand } from "./run-command.ts";
import { SWEEP_USAGE, sweepCommand } from "./sweep-command.ts";
import { VERSIONS_USAGE, versionsCommand } from "./versions-command.ts";

export interface Command {
  usage: string;
  run(argv: readonly string[], out: (text: string) => void): void | Promise<void>;
}

/** Every CLI command by name. New commands register here. */
export const commands: Record<string, Command> = {
  run: { usage: RUN_USAGE, run: runCommand },
  sweep: { usage: SWEEP_USAGE, run: sweepCommand },
  merge: { usage: MERGE_USAGE, run: mergeCommand },
  plan: { usage: PLAN_USAGE, run: planCommand },
  profiles: { usage: PROFILES_USAGE, run: profilesCommand },
  versions: { usage: VERSIONS_USAGE, run: versionsCommand },
};

export function usage(): string {
  return ["poolsim: a deterministic simulator of a client connection pool under server-side disconnects", "", "usage:", ...Object.values(commands).map((c) => `  ${c.usage}`)].join("\n");
}
