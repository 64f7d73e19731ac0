import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { versionsCommand } from "../experiments/cli/versions-command.ts";

const readme = readFileSync("README.md", "utf8");

describe("README: the go-redis versions table", () => {
  it("is what `sim -- versions … --format markdown` prints, with one row per go-redis range", () => {
    const m = /<!-- versions-table: npm run --silent sim -- versions (.*?) -->\n([\s\S]*?)\n<!-- \/versions-table -->/.exec(readme);
    expect(m).not.toBeNull();
    let text = "";
    versionsCommand(m![1].split(" "), (t) => (text += t));
    expect(text).toBe(m![2]);
    expect(text.split("\n").length).toBe(2 + 17);
  });
});
