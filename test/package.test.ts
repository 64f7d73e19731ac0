/**
 * poolsim as others get it: the CLI inside the image the Dockerfile describes (production
 * dependencies only, no TypeScript loader), and the library from another package through its
 * `exports`, running README's example on plain Node.
 *
 * docker cannot run here, so the Dockerfile is followed step by step: its COPY sources must exist,
 * its RUN steps run (the build stage's full `npm ci` is replaced by this checkout's node_modules),
 * and its ENTRYPOINT runs the CLI.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

interface Stage {
  from: string;
  name: string | null;
  steps: { op: string; args: string }[];
}

/** The Dockerfile's stages and their steps (one instruction per line; comments and blanks skipped). */
function dockerStages(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const line of text.split("\n")) {
    const m = /^([A-Z]+)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, op, args] = m;
    if (op === "FROM") {
      const [from, , name] = args.split(/\s+/);
      stages.push({ from, name: name ?? null, steps: [] });
    } else stages.at(-1)!.steps.push({ op, args });
  }
  return stages;
}

// npm takes packages from its cache when it has them; the registry otherwise.
const sh = (command: string, cwd: string) => execFileSync("sh", ["-c", command], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1", npm_config_prefer_offline: "true" } });

let work: string;
const stageDirs = new Map<string, string>();
let image: string;
let entrypoint: string[];

/** Follows one stage: COPY from the checkout or an earlier stage, RUN in the stage's folder. */
function followStage(stage: Stage, dir: string): void {
  for (const { op, args } of stage.steps) {
    if (op === "COPY") {
      const from = /^--from=(\S+)\s+/.exec(args);
      const parts = args.replace(/^--from=\S+\s+/, "").split(/\s+/);
      const dest = join(dir, parts.pop()!);
      const base = from ? stageDirs.get(from[1])! : ROOT;
      for (const src of parts) {
        // Another stage's files are named by their path in it (under WORKDIR /app).
        const rel = from ? src.replace(/^\/app\//, "") : src;
        expect(existsSync(join(base, rel)), `Dockerfile COPY ${src}`).toBe(true);
        const target = parts.length > 1 ? join(dest, rel) : dest;
        mkdirSync(resolve(target, ".."), { recursive: true });
        cpSync(join(base, rel), target, { recursive: true });
      }
    } else if (op === "RUN") {
      if (/^npm ci --no-audit --no-fund$/.test(args)) symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
      else sh(args, dir);
    } else if (op === "WORKDIR") {
      expect(args).toBe("/app");
    } else if (op === "ENTRYPOINT") {
      entrypoint = JSON.parse(args);
    }
  }
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "poolsim-package-"));
  const stages = dockerStages(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
  expect(stages.map((s) => s.from)).toEqual(["node:20-slim", "node:20-slim"]);
  stages.forEach((stage, i) => {
    const dir = join(work, stage.name ?? `stage-${i}`);
    mkdirSync(dir);
    followStage(stage, dir);
    if (stage.name) stageDirs.set(stage.name, dir);
    image = dir;
  });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the Dockerfile's image", () => {
  it("has production dependencies only: no TypeScript, no tsx", () => {
    expect(existsSync(join(image, "node_modules/d3-array"))).toBe(true);
    expect(existsSync(join(image, "node_modules/tsx"))).toBe(false);
    expect(existsSync(join(image, "node_modules/typescript"))).toBe(false);
  });

  it("its entrypoint runs the CLI: --version, a scenario, and a sweep shard on worker threads", () => {
    expect(entrypoint).toEqual(["node", "lib/experiments/cli.js"]);
    const cli = (...args: string[]) => execFileSync(entrypoint[0], [...entrypoint.slice(1), ...args], { cwd: image, encoding: "utf8", env: { ...process.env, CI: "1" } });
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    expect(cli("--version")).toBe(`poolsim ${version}\n`);
    expect(cli("run", "experiments/scenarios/incident.json", "--reps", "20")).toMatch(/failedCommands\s+2\s+\[2, 2\]/);
    const sweep = ["sweep", "experiments/sweeps/frontier.json", "--reps", "3", "--shard", "7/40", "--threads", "2", "--format", "csv"];
    // The same bytes as the TypeScript CLI from this checkout.
    const fromSource = execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "experiments/cli.ts"), ...sweep], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });
    expect(cli(...sweep)).toBe(fromSource);
  }, 120_000);
});

describe('import { … } from "poolsim" in another package', () => {
  it("README's library example runs on plain Node and prints what README shows", () => {
    const m = /<!-- library-example -->\n```js\n([\s\S]*?)```\n\nprints:?\n\n```\n([\s\S]*?)```/.exec(readme);
    expect(m, "README's library example and its output").not.toBeNull();
    expect(m![1].trimEnd().split("\n").length).toBeLessThanOrEqual(10);
    const user = join(work, "user");
    mkdirSync(user);
    writeFileSync(join(user, "package.json"), JSON.stringify({ name: "user", private: true, type: "module", dependencies: { poolsim: `file:${image}` } }));
    sh("npm install --offline --no-audit --no-fund --loglevel=error", user);
    writeFileSync(join(user, "example.js"), m![1]);
    const out = execFileSync(process.execPath, ["example.js"], { cwd: user, encoding: "utf8" });
    expect(out).toBe(m![2]);
  }, 120_000);

  it("its types come with it: a TypeScript user type-checks against the exported .d.ts", () => {
    const user = join(work, "user");
    writeFileSync(
      join(user, "typed.mts"),
      'import { planRetries, replicate, resolveScenario, runScenario, type PlanRow, type RunResult, type Scenario } from "poolsim";\n' +
        "const s: Scenario = resolveScenario({ pool: { size: 4 } });\nconst r: RunResult = runScenario(s);\nconst rows: PlanRow[] = planRetries(s, { target: 0.01 });\n" +
        "const n: number = replicate(s, 2).reps + r.failed + rows.length;\nexport default n;\n// @ts-expect-error: pool.size is a number\nresolveScenario({}).pool.size.toUpperCase();\n",
    );
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "typed.mts"], { cwd: user, encoding: "utf8" });
  }, 120_000);
});
