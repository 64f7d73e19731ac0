import { RUN_USAGE, runCommand } from "./run-command.ts";

export interface Command {
  usage: string;
  run(argv: readonly string[], out: (text: string) => void): void | Promise<void>;
}

/** Every CLI command by name. New commands register here. */
export const commands: Record<string, Command> = {
  run: { usage: RUN_USAGE, run: runCommand },
};

export function usage(): string {
  return ["poolsim: a deterministic simulator of a client connection pool under server-side disconnects", "", "usage:", ...Object.values(commands).map((c) => `  ${c.usage}`)].join("\n");
}
