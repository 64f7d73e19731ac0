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

  /** Every module specifier a file imports or re-exports, resolved against the file's folder. */
  const importsOf = (path: string): string[] =>
    [...code(path).matchAll(/(?:import|export)\s[^"';]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => join(path, "..", m[1] ?? m[2]));

  it("sim/model imports nothing from sim/scenario (the model sees only compiled ModelParams)", () => {
    const model = core.filter((f) => f.startsWith(join("sim", "model")));
    expect(model.length).toBeGreaterThan(10);
    const offenders = model.flatMap((f) => importsOf(f).filter((i) => i.startsWith(join("sim", "scenario"))).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it("sim/engine imports only sim/engine and seedrandom (it knows no model)", () => {
    const engine = core.filter((f) => f.startsWith(join("sim", "engine")));
    const offenders = engine.flatMap((f) => importsOf(f).filter((i) => !i.startsWith(join("sim", "engine")) && !i.endsWith("seedrandom")).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it("no Math.random in the CLI, the web app or the bench either", () => {
    const all = [...files("experiments"), ...files("web"), ...files("bench")];
    expect(all.filter((f) => /Math\.random/.test(code(f)))).toEqual([]);
  });
});
