import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { profilesCommand } from "../experiments/cli/profiles-command.ts";
import { runCommand } from "../experiments/cli/run-command.ts";
import { commands } from "../experiments/cli/commands.ts";
import { usageLine } from "../experiments/cli/options.ts";
import { EXPERIMENT_SPEC } from "../experiments/cli/experiment-main.ts";

const readme = readFileSync("README.md", "utf8");

function capture(fn: (argv: readonly string[], out: (t: string) => void) => void, argv: string[]): string {
  let text = "";
  fn(argv, (t) => (text += t));
  return text;
}

describe("README figures come from the commands they name", () => {
  it("the profiles table is what `sim -- profiles … --format markdown` prints", () => {
    const m = /<!-- profiles-table: npm run --silent sim -- profiles (.*?) -->\n([\s\S]*?)\n<!-- \/profiles-table -->/.exec(readme);
    expect(m).not.toBeNull();
    expect(capture(profilesCommand, m![1].split(" "))).toBe(m![2]);
  });

  it("the incident output is what `sim -- run experiments/scenarios/incident.json` prints", () => {
    const out = capture(runCommand, ["experiments/scenarios/incident.json", "--reps", "1000"]);
    expect(readme).toContain("```\n" + out + "\n```");
  });

  it("the command reference lists every CLI command's usage exactly as the CLI prints it", () => {
    const reference = /## Command reference\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    for (const [name, command] of Object.entries(commands)) expect(reference, name).toContain(usageLine(command.spec) + "\n");
    expect(reference).toContain(usageLine(EXPERIMENT_SPEC) + "\n");
  });
});
