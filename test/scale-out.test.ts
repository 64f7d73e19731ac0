/**
 * README's scale-out recipe, run as written on 2 shards of a small sweep: GNU parallel when it is
 * installed (Debian's `parallel`), and the `xargs -P` line always. The merged file must be the
 * bytes of one unsharded run.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const env = { ...process.env, CI: "1" };

/** The shell lines of the README block after `<!-- name -->`. */
function recipe(name: string): string {
  const m = new RegExp(`<!-- ${name} -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(readme);
  expect(m, `README block ${name}`).not.toBeNull();
  return m![1];
}

/** README's recipe with its first line (the settings) replaced by this test's. */
function withSettings(script: string, settings: string): string {
  const [first, ...rest] = script.split("\n");
  expect(first).toMatch(/^SWEEP=\S+ N=\d+ OUT=\S+$/);
  return [settings, ...rest].join("\n");
}

const hasGnuParallel = spawnSync("parallel", ["--version"], { encoding: "utf8" }).stdout?.includes("GNU parallel") ?? false;
let dir: string;
let single: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "poolsim-scale-"));
  const sweep = {
    base: { warmup: { idle: "full" }, disconnects: [{ at: "1s", fraction: 0.6, mode: "fin" }] },
    axes: [
      { path: "probe", values: ["none", "tls-aware"] },
      { path: "pool.size", from: 2, to: 5 },
    ],
    replications: 50,
  };
  writeFileSync(join(dir, "small.json"), JSON.stringify(sweep));
  execFileSync(process.execPath, ["--import", "tsx", "experiments/cli.ts", "sweep", join(dir, "small.json"), "--out", join(dir, "single.csv")], { cwd: ROOT, env, stdio: "pipe" });
  single = readFileSync(join(dir, "single.csv"), "utf8");
}, 120_000);

describe("README scale-out recipe on 2 shards", () => {
  for (const [name, needsParallel] of [["scale-out-parallel", true], ["scale-out-xargs", false]] as const) {
    it.skipIf(needsParallel && !hasGnuParallel)(`${name}: the merged shards equal one run byte for byte`, () => {
      const out = join(dir, name);
      const script = withSettings(recipe("scale-out-setup") + recipe(name), `SWEEP=${join(dir, "small.json")} N=2 OUT=${out}`);
      execFileSync("bash", ["-euo", "pipefail", "-c", script], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
      const merged = readFileSync(join(out, "merged.csv"), "utf8");
      expect(merged.split("\n").length).toBeGreaterThan(8);
      expect(merged).toBe(single);
      // Each shard really is a part: a "# shard i/2" line and fewer rows than the whole.
      for (const i of [1, 2]) expect(readFileSync(join(out, `shard-${i}.csv`), "utf8")).toMatch(new RegExp(`^# shard ${i}/2 of sweep`));
    }, 180_000);
  }
});
