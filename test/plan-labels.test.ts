import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planCommand } from "../experiments/cli/plan-command.ts";
import { PER_EVENT_LABELS, perEventHeader } from "../sim/sweep/index.ts";
import { planTableHeader } from "../web/app/plan-sentence.ts";

const plan = (argv: string[]) => {
  let text = "";
  planCommand(argv, (t) => (text += t));
  return text;
};

describe("one wording for the per-event figures in the CLI, markdown, the web and README", () => {
  const args = ["experiments/scenarios/incident.json", "--target", "0.001", "--strategies", "tls-aware"];
  it("the CLI table and markdown and the web's Plan table share the column names of perEventHeader", () => {
    for (const fleet of [false, true]) {
      const head = perEventHeader(fleet);
      expect(planTableHeader(fleet)).toEqual(expect.arrayContaining(head));
    }
    const table = plan(args);
    const md = plan([...args, "--format", "markdown"]);
    for (const label of perEventHeader(false)) {
      expect(table).toContain(label);
      expect(md).toContain(`| ${label} |`);
    }
  });

  it("no label source says 'command time' (the old web wording): CLI, web, README", () => {
    const sources = ["web/app/plan-view.ts", "web/app/plan-sentence.ts", "experiments/cli/plan-format.ts", "experiments/cli/per-event-text.ts", "README.md", "web/index.html"];
    for (const file of sources) expect(readFileSync(file, "utf8"), file).not.toMatch(/command time/);
    for (const label of Object.values(PER_EVENT_LABELS)) expect(readFileSync("README.md", "utf8")).toContain(label);
  });
});
