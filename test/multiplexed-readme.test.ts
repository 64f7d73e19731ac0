import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { profilesCommand } from "../experiments/cli/profiles-command.ts";

const readme = readFileSync("README.md", "utf8");

describe("README: pooled or multiplexed?", () => {
  it("the crash-restart table is what `sim -- profiles … --format markdown` prints, pooled and multiplexed profiles on the same seeds", () => {
    const m = /<!-- pooled-or-multiplexed: npm run --silent sim -- profiles (.*?) -->\n([\s\S]*?)<!-- \/pooled-or-multiplexed -->/.exec(readme);
    expect(m).not.toBeNull();
    let text = "";
    profilesCommand(m![1].split(" "), (t) => (text += t + "\n"));
    expect(text).toBe(m![2]);
    for (const profile of ["go-redis-9.5.3", "go-redis-9.5.4", "ioredis@5", "ioredis@6", "node-redis@4", "node-redis@5"]) expect(m![2]).toContain(`| ${profile} |`);
  });
});
