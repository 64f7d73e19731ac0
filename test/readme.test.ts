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

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planCommand } from "../experiments/cli/plan-command.ts";

/** A README shell line's words: spaces split, '…' kept literally (the shell's single quotes). */
function shellWords(line: string): string[] {
  return (line.match(/(?:[^\s']+|'[^']*')+/g) ?? []).map((w) => w.replace(/'([^']*)'/g, "$1"));
}

describe("README's plan examples are what `sim -- plan` prints", () => {
  const examples = [...readme.matchAll(/<!-- plan-example( slow)? -->\n```sh\nnpm run --silent sim -- plan (.*)\n```\n\n```\n([\s\S]*?)\n```\n<!-- \/plan-example -->/g)];
  it("every `sim -- plan` command in README outside the command reference sits in a plan-example block", () => {
    const commands = readme.split("## Command reference")[0].match(/^npm run --silent sim -- plan .*$/gm) ?? [];
    expect(commands.length).toBeGreaterThanOrEqual(4);
    expect(examples.length).toBe(commands.length);
  });
  // The fleet example certifies 0.0001 (~83,000 runs a row); it runs with POOLSIM_README_SLOW=1.
  for (const [, slow, args, printed] of examples) {
    it.runIf(!slow || process.env.POOLSIM_README_SLOW === "1")(`plan ${args}`, () => {
      const argv = shellWords(args).map((w) => (w === "q13.json" ? fleetScenarioFile() : w));
      expect(capture(planCommand, argv)).toBe(printed);
    });
  }
});

/** q13.json exactly as README defines it in the prose before the fleet example. */
function fleetScenarioFile(): string {
  const json = /`q13\.json` = `(\{.*?\})`/.exec(readme.replace(/\n/g, " "))?.[1];
  expect(json, "README defines q13.json").toBeDefined();
  const file = join(mkdtempSync(join(tmpdir(), "poolsim-readme-")), "q13.json");
  writeFileSync(file, json!);
  return file;
}
