import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : files(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

/** Source without comments, so a doc comment that names Math.random is not a violation. */
function code(path: string): string {
  return readFileSync(path, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

describe("the simulation core is pure", () => {
  const core = files("sim");
  it("sim/ has source files", () => expect(core.length).toBeGreaterThan(10));

  const banned: [string, RegExp][] = [
    ["Math.random", /Math\.random/],
    ["Date.now / new Date", /Date\.now|new Date\b/],
    ["performance", /\bperformance\./],
    ["console", /\bconsole\./],
    ["process", /\bprocess\./],
    ["Node modules", /from\s+["']node:|require\(/],
    ["timers", /\bset(Timeout|Interval|Immediate)\(/],
    ["DOM", /\b(document|window|navigator)\.[A-Za-z_]/],
  ];
  for (const [what, pattern] of banned) {
    it(`no ${what} under sim/`, () => {
      const offenders = core.filter((f) => pattern.test(code(f)));
      expect(offenders).toEqual([]);
    });
  }

  it("no Math.random in the CLI, the web app or the bench either", () => {
    const all = [...files("experiments"), ...files("web"), ...files("bench")];
    expect(all.filter((f) => /Math\.random/.test(code(f)))).toEqual([]);
  });
});
