#!/usr/bin/env node
/**
 * `npm run experiment -- <name>|--all [--threads K]`: runs named experiments from experiments/catalog,
 * writes experiments/results/<name>/{results.csv, results.json, reference.csv, meta.json} and
 * prints a short table. reference.csv is the same sweep at the experiment's reduced replication
 * count; test/experiment-reference.test.ts re-runs it and expects the same bytes.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { readJsonFile } from "./json-file.ts";
import { cellsToCsv, cellsToJson, closedFormFailure, expandCells, resolveSweep, withReplications, type ResolvedSweep, type SweepOutput } from "../../sim/sweep/index.ts";
import { experiments, type Experiment } from "../catalog/index.ts";
import { runSweep } from "../sweep/run-sweep.ts";
import { booleanOption, intOption, parseCommand, type CommandSpec } from "./options.ts";
import { fmt, table } from "./format.ts";
import { UsageError } from "./usage-error.ts";

/** Ctrl-C during an experiment: its files are left as they were (a half-run reference would fail its test). */
class Interrupted extends Error {
  constructor(name: string) {
    super(`experiment ${name}: interrupted; its result files were left as they were`);
  }
}

export const EXPERIMENT_SPEC: CommandSpec = {
  invocation: "npm run experiment --",
  operands: "<name>|--all",
  operandsMax: Infinity,
  doc: `Runs named experiments (${experiments.map((e) => e.name).join(", ")}) and writes experiments/results/<name>/.`,
  options: {
    all: { type: "boolean", hidden: true, doc: "run every experiment" },
    threads: { type: "string", arg: "K", doc: "worker threads (default: all cores)" },
  },
};

async function main(argv: string[]): Promise<void> {
  const args = parseCommand("experiment", EXPERIMENT_SPEC, argv, (text) => process.stdout.write(text + "\n"));
  if (args === null) return; // --help
  const names = experiments.map((e) => e.name);
  if (booleanOption(args, "all") && args.operands.length > 0) throw new UsageError("experiment: give names or --all, not both");
  const chosen = booleanOption(args, "all") ? experiments : args.operands.map((n) => experiments.find((e) => e.name === n) ?? unknown(n, names));
  if (chosen.length === 0) throw new UsageError(`experiment: name one of ${names.join(", ")}, or --all`);
  const threads = intOption(args, "threads", 0, 1, 1024) || undefined;
  for (const e of chosen) await runExperiment(e, threads);
}

export function resolveExperiment(e: Experiment): ResolvedSweep {
  return resolveSweep(e.sweep, { loadBase: (p) => readJsonFile(p) });
}

async function runExperiment(e: Experiment, threads: number | undefined): Promise<void> {
  const sweep = resolveExperiment(e);
  const dir = `experiments/results/${e.name}`;
  mkdirSync(dir, { recursive: true });
  const full = await runSweep(sweep, { threads });
  if (!full.output.complete) throw new Interrupted(e.name);
  const reference = await runSweep(withReplications(sweep, e.referenceReps), { threads, progress: false });
  if (!reference.output.complete) throw new Interrupted(e.name);
  writeFileSync(`${dir}/results.csv`, cellsToCsv(full.output));
  writeFileSync(`${dir}/results.json`, cellsToJson(full.output));
  writeFileSync(`${dir}/reference.csv`, cellsToCsv(reference.output));
  const meta = { experiment: e.name, timestamp: new Date().toISOString(), commit: commit(), node: process.version, threads: full.threads, runs: full.runs, seconds: Number(full.seconds.toFixed(2)), runsPerSecond: Math.round(full.runs / full.seconds) };
  writeFileSync(`${dir}/meta.json`, JSON.stringify(meta, null, 2) + "\n");
  process.stdout.write(`\n== ${e.name}: ${e.question}\n\n${summaryTable(e, full.output)}\n\n${full.runs} runs in ${full.seconds.toFixed(1)} s on ${full.threads} threads; wrote ${dir}/\n`);
}

/** Coordinates and the mean of each table metric; a closed-form column where the form applies. */
export function summaryTable(e: Experiment, out: SweepOutput): string {
  const cells = expandCells(out.sweep);
  const first = e.table[0];
  const forms = cells.map((c) => closedFormFailure(c.scenario));
  const withForm = forms.some((f) => f !== null) && first in (forms.find((f) => f !== null) ?? {});
  const header = [...out.sweep.axes.map((a) => a.path), ...e.table, ...(withForm ? [`${first} (closed form)`] : [])];
  const rows = out.cells.map((c) => [
    ...c.coords.map((v) => (typeof v === "string" ? v : JSON.stringify(v))),
    ...e.table.map((m) => fmt(c.metrics[m]?.mean)),
    ...(withForm ? [fmt((forms[c.index] as Record<string, number> | null)?.[first])] : []),
  ]);
  return table(header, rows);
}

function commit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

function unknown(name: string, names: string[]): never {
  throw new UsageError(`experiment: unknown experiment ${JSON.stringify(name)}; known: ${names.join(", ")}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    if (e instanceof Interrupted) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 130;
      return;
    }
    process.stderr.write(e instanceof UsageError ? `error: ${e.message}\n` : `internal error:\n${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  });
}
