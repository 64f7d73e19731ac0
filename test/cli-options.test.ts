import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commands } from "../experiments/cli/commands.ts";
import { EXPERIMENT_SPEC } from "../experiments/cli/experiment-main.ts";
import { helpText, usageLine } from "../experiments/cli/options.ts";
import { UsageError } from "../experiments/cli/usage-error.ts";

function spawn(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const sim = (...args: string[]) => spawn("experiments/cli.ts", ...args);

/** A command run in-process: its output, or the one-line usage error it throws. */
async function call(name: string, ...argv: string[]): Promise<{ out: string; error?: string }> {
  let out = "";
  try {
    await commands[name].run(argv, (t) => (out += t + "\n"));
    return { out };
  } catch (e) {
    if (e instanceof UsageError) return { out, error: e.message };
    throw e;
  }
}

const dir = mkdtempSync(join(tmpdir(), "poolsim-options-"));
const VERSION = JSON.parse(readFileSync("package.json", "utf8")).version;

describe("sim --help, -h and --version", () => {
  it("`sim --help`, `sim -h` and `sim help` print every command's usage on stdout and exit 0", () => {
    for (const flag of ["--help", "-h", "help"]) {
      const r = sim(flag);
      expect(r.code, flag).toBe(0);
      expect(r.stderr, flag).toBe("");
      for (const c of Object.values(commands)) expect(r.stdout, flag).toContain(usageLine(c.spec));
    }
  });

  it("`sim` with no command prints the usage on stderr and exits 2", () => {
    const r = sim();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(usageLine(commands.run.spec));
  });

  it("`sim --version` prints package.json's version", () => {
    const r = sim("--version");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`poolsim ${VERSION}\n`);
  });

  it("`sim <command> --help` exits 0 with the command's usage and options on stdout", () => {
    const r = sim("merge", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(helpText(commands.merge.spec) + "\n");
    expect(sim("help", "plan").stdout).toBe(helpText(commands.plan.spec) + "\n");
  });

  it("every command answers --help and -h with its help, wherever the flag stands", async () => {
    for (const [name, c] of Object.entries(commands)) {
      for (const argv of [["--help"], ["-h"], ["some.json", "--reps", "3", "--help"]]) {
        const r = await call(name, ...argv);
        expect(r.error, `${name} ${argv.join(" ")}`).toBeUndefined();
        expect(r.out).toBe(helpText(c.spec) + "\n");
      }
      expect(helpText(c.spec).split("\n")[0]).toBe(`usage: ${usageLine(c.spec)}`);
      for (const option of Object.keys(c.spec.options)) expect(helpText(c.spec), `${name} --${option}`).toContain(`--${option}`);
    }
  });

  it("`experiment --help` exits 0; `experiment --all=false` is refused, not read as --all", () => {
    const help = spawn("experiments/cli/experiment-main.ts", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(helpText(EXPERIMENT_SPEC) + "\n");
    const r = spawn("experiments/cli/experiment-main.ts", "--all=false");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: experiment: --all takes no value\n");
  });
});

describe("sim option errors: exit 2, one line naming the option", () => {
  it("unknown options, missing values and bad values", () => {
    const cases: [string[], string][] = [
      [["run", "experiments/scenarios/incident.json", "--repz", "3"], "error: run: unknown option --repz; allowed: --reps, --seed, --set, --format, --allow-truncated, --help\n"],
      [["run", "experiments/scenarios/incident.json", "--reps"], "error: run: --reps needs a value\n"],
      [["sweep", "experiments/sweeps/frontier.json", "--threads", "many"], 'error: sweep: --threads must be an integer from 1 to 1024; got "many"\n'],
      [["merge", "a.csv", "--format", "xml"], 'error: merge: --format must be one of csv, json; got "xml"\n'],
      [["--frobnicate"], "error: unknown option --frobnicate before the command; allowed: --help, --version (a command's own options go after it)\n"],
    ];
    for (const [argv, stderr] of cases) {
      const r = sim(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr, argv.join(" ")).toBe(stderr);
    }
  });

  it("a value that looks like an option, a repeated option and an extra operand are refused", async () => {
    expect((await call("run", "x.json", "--seed", "-1")).error).toBe('run: --seed needs a value; for one that starts with "-", write --seed=-…');
    expect((await call("run", "experiments/scenarios/incident.json", "--seed=-1")).error).toBe('run: --seed must be an integer from 0 to 9007199254740991; got "-1"');
    expect((await call("run", "x.json", "--reps", "2", "--reps", "3")).error).toBe("run: --reps given twice");
    expect((await call("run", "a.json", "b.json")).error).toBe("run: takes <scenario.json>; got 2 operands: a.json b.json");
    expect((await call("profiles", "experiments/scenarios/incident.json", "--reps=")).error).toBe('profiles: --reps must be an integer from 1 to 100000000; got ""');
  });
});

describe("sim merge --format", () => {
  const sweepFile = join(dir, "small.json");
  writeFileSync(
    sweepFile,
    JSON.stringify({
      base: "experiments/scenarios/incident.json",
      set: { "disconnects.0.fraction": 0.6 },
      axes: [
        { path: "probe", values: ["none", "tls-aware"] },
        { path: "pool.size", from: 2, to: 4 },
      ],
      replications: 40,
    }),
  );

  it("JSON shards merge to CSV equal to one unsharded CSV run, byte for byte", async () => {
    for (const i of [1, 2]) await call("sweep", sweepFile, "--shard", `${i}/2`, "--threads", "1", "--out", join(dir, `shard-${i}.json`));
    const whole = await call("sweep", sweepFile, "--threads", "1", "--format", "csv");
    const merged = await call("merge", join(dir, "shard-1.json"), join(dir, "shard-2.json"), "--format", "csv");
    expect(merged.error).toBeUndefined();
    expect(merged.out).toBe(whole.out);
    expect(whole.out.split("\n").length).toBeGreaterThan(6);
    // --out's extension picks the format when --format is absent.
    await call("merge", join(dir, "shard-1.json"), join(dir, "shard-2.json"), "--out", join(dir, "merged.csv"));
    expect(readFileSync(join(dir, "merged.csv"), "utf8")).toBe(whole.out);
  });

  it("CSV shards cannot become JSON: refused with the reason", async () => {
    for (const i of [1, 2]) await call("sweep", sweepFile, "--shard", `${i}/2`, "--threads", "1", "--reps", "5", "--out", join(dir, `shard-${i}.csv`));
    const r = await call("merge", join(dir, "shard-1.csv"), join(dir, "shard-2.csv"), "--format", "json");
    expect(r.error).toBe("merge: --format json needs JSON shards (sweep --format json); CSV shards lack the sweep definition");
  });
});
