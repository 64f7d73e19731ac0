#!/usr/bin/env node
/**
 * `npm run reality`: starts redis-server on loopback (TLS and plain TCP), drives the real ioredis,
 * node-redis and a generic-pool client through SCENARIOS, and writes per-client CSVs and a Markdown
 * table to experiments/results/reality/. Every process it starts is stopped on every exit path.
 *
 * Then runs poolsim on the matching scenario of every cell and exits 1, naming the cell, where
 * they disagree beyond the tolerances stated in compare.ts.
 *
 *   npm run reality -- [--measure-only] [--trials N] [--clients ioredis@5,node-redis@5] [--scenarios idle-kill,...] [--out DIR]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { FACTORIES } from "./clients/all.ts";
import type { ClientFactory } from "./clients/types.ts";
import { ATTEMPTS_SLACK, compareCell, comparisonTable, FAILED_ATTEMPT_MS, LATENCY_SLACK_FRACTION, LATENCY_SLACK_MS, SIM_REPS, TRIALS_OUTSIDE_MAX } from "./compare.ts";
import { commandsCsv, fileName, markdownTable, summarize, summaryCsv, type Cell } from "./report.ts";
import { LOADING_KEYS, SCENARIOS, type ScenarioSpec } from "./scenarios.ts";
import { freePorts, RedisServer, stopAll, type Ports } from "./server.ts";
import { makeCertificates, type Certificates } from "./tls.ts";
import { runTrial } from "./trial.ts";

/** The whole run must end within this, or it stops everything and fails. */
const RUN_BUDGET_MS = 240_000;
const LANES = 3;
/** Runs of one trial whose in-flight fault missed its window before the last is kept as it is. */
const FAULT_RUNS_MAX = 3;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { "measure-only": { type: "boolean", default: false }, trials: { type: "string", default: "3" }, clients: { type: "string" }, scenarios: { type: "string" }, out: { type: "string", default: "experiments/results/reality" } },
  });
  const trials = Number(values.trials);
  if (!Number.isInteger(trials) || trials < 1 || trials > 50) throw new UsageError(`--trials must be an integer in 1..50; got ${values.trials}`);
  const factories = pick(FACTORIES, values.clients, (f) => f.name, "--clients");
  const scenarios = pick(SCENARIOS, values.scenarios, (s) => s.name, "--scenarios");
  const dir = mkdtempSync(join(tmpdir(), "poolsim-reality-"));
  cleanupDir = dir;
  const certs = makeCertificates(dir);
  // Lanes run in parallel, each with its own redis-server, so one lane's kills and crashes never
  // touch another's clients; clients are dealt to lanes round-robin.
  const laneCount = Math.min(LANES, factories.length);
  const lanes = Array.from({ length: laneCount }, (_, lane) => factories.filter((_, i) => i % laneCount === lane));
  const ports = await distinctPorts(laneCount);
  const laneCells = await Promise.all(lanes.map((mine, lane) => runLane(mine, scenarios, trials, certs, ports[lane], join(dir, `lane-${lane}`))));
  const cells = factories.flatMap((f) => laneCells.flat().filter((c) => c.client === f.name));
  if (values["measure-only"]) {
    write(values.out!, factories, cells, "");
    return 0;
  }
  const comparisons = cells.map((c) => compareCell(c, scenarios.find((s) => s.name === c.scenario)!));
  const table = comparisonTable(comparisons);
  write(values.out!, factories, cells, `\n## Against poolsim\n\n${TOLERANCES}\n\n${table}`);
  const failed = comparisons.flatMap((c) => c.checks.filter((k) => !k.ok));
  for (const k of failed) {
    process.stderr.write(`reality: disagreement in cell "${k.cell}", ${k.check}: measured ${k.measured.join(", ")}, simulated ${k.ranges.map(([low, high]) => `${low}–${high}`).join("; ")}\n`);
  }
  const checked = comparisons.reduce((n, c) => n + c.checks.length, 0);
  process.stderr.write(`reality: ${checked - failed.length} of ${checked} checks agree; ${comparisons.filter((c) => c.skipped).length} cells not compared\n`);
  return failed.length === 0 ? 0 : 1;
}

const TOLERANCES = [
  "Tolerances (fixed in experiments/reality/compare.ts before any run): counts the model decides (failed, re-sent vs maybeExecutedTwice, reconnects)",
  `must fall in the simulated runs' [min, max]; reconnection attempts within ±${ATTEMPTS_SLACK} of it; the slowest command's latency inside the simulated`,
  `[2.5%, 97.5%] quantiles ± (${LATENCY_SLACK_MS} ms + ${LATENCY_SLACK_FRACTION * 100}% of the value + the trial's longest event-loop delay); a cell passes a check with at most ${TRIALS_OUTSIDE_MAX} trial outside. ${SIM_REPS} simulated runs per cell`,
  `(per trial for a crash, its down window counted from the client's seeing the loss; a multiplexed client's refused attempts cost ${FAILED_ATTEMPT_MS.min}–${FAILED_ATTEMPT_MS.max} ms each, more by the trial's event-loop delay, spread evenly over the runs).`,
].join("\n");

async function runLane(factories: readonly ClientFactory[], scenarios: readonly ScenarioSpec[], trials: number, certs: Certificates, ports: Ports, dir: string): Promise<Cell[]> {
  mkdirSync(dir);
  const server = new RedisServer(ports, certs, dir);
  await server.start();
  const loads = factories.some((f) => scenarios.some((s) => s.fault === "crash-loading" && s.kinds.includes(f.kind) && (!s.clients || s.clients.includes(f.name))));
  if (loads) await server.makeLoadingRdb(LOADING_KEYS);
  const cells: Cell[] = [];
  for (const factory of factories) {
    for (const spec of scenarios.filter((s) => s.kinds.includes(factory.kind) && (!s.clients || s.clients.includes(factory.name)))) {
      for (const transport of spec.transports) {
        for (const mode of spec.modes) {
          const cellStartMs = performance.now();
          const cell: Cell = { client: factory.name, scenario: spec.name, transport, mode, trials: [] };
          for (let trial = 0; trial < trials; trial++) {
            const endpoint = { port: transport === "tls" ? server.ports.tls : server.ports.tcp, tls: transport === "tls", caPem: certs.caPem };
            // A fault that missed its window is no measurement of it: run the trial again (fresh keys), a bounded number of times.
            for (let run = 0; ; run++) {
              const keyPrefix = `${factory.name}:${spec.name}:${transport}:${mode}:${trial}${run > 0 ? `:again${run}` : ""}`;
              const record = await runTrial(factory, spec, mode, { server, endpoint, keyPrefix });
              if (!record.faultMissed || run === FAULT_RUNS_MAX - 1) {
                cell.trials.push(record);
                break;
              }
              process.stderr.write(`${factory.name} ${spec.name} ${transport} ${mode} trial ${trial}: the harness wrote the commands or the kill after the server's sleep (it was kept from running); running the trial again\n`);
            }
          }
          cells.push(cell);
          process.stderr.write(`${factory.name} ${spec.name} ${transport} ${mode}: ${Math.round(performance.now() - cellStartMs)} ms\n`);
        }
      }
    }
  }
  await server.stop();
  return cells;
}

/** Port pairs for `count` lanes, no port used twice (bounded tries). */
async function distinctPorts(count: number): Promise<Ports[]> {
  const used = new Set<number>();
  const result: Ports[] = [];
  for (let tries = 0; result.length < count && tries < 20 * count; tries++) {
    const p = await freePorts();
    if (used.has(p.tcp) || used.has(p.tls)) continue;
    used.add(p.tcp).add(p.tls);
    result.push(p);
  }
  if (result.length < count) throw new Error("could not find distinct free ports for every lane");
  return result;
}

function write(out: string, factories: readonly ClientFactory[], cells: Cell[], comparison: string): void {
  mkdirSync(join(out, "commands"), { recursive: true });
  const all = cells.map(summarize);
  for (const f of factories) {
    const mine = cells.filter((c) => c.client === f.name);
    writeFileSync(join(out, `${fileName(f.name)}.csv`), summaryCsv(mine.map(summarize)));
    writeFileSync(join(out, "commands", `${fileName(f.name)}.csv`), commandsCsv(mine));
  }
  const versions = factories.map((f) => `${f.name} = ${f.version}`).join(", ");
  const server = execFileSync(process.env.REDIS_SERVER ?? "/usr/bin/redis-server", ["--version"], { encoding: "utf8" }).trim();
  const table = markdownTable(all);
  writeFileSync(join(out, "summary.md"), `# Reality suite: measured\n\nClients: ${versions}.\nServer: ${server}.\n\n${table}${comparison}`);
  process.stdout.write(table);
}

function pick<T>(all: readonly T[], list: string | undefined, name: (t: T) => string, flag: string): readonly T[] {
  if (list === undefined) return all;
  return list.split(",").map((n) => {
    const found = all.find((t) => name(t) === n);
    if (!found) throw new UsageError(`${flag}: unknown name ${JSON.stringify(n)}; allowed: ${all.map(name).join(", ")}`);
    return found;
  });
}


class UsageError extends Error {}
let cleanupDir: string | undefined;

function cleanup(): void {
  stopAll();
  if (cleanupDir) rmSync(cleanupDir, { recursive: true, force: true });
  cleanupDir = undefined;
}

process.on("exit", cleanup);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => { cleanup(); process.exit(130); });
}
const watchdog = setTimeout(() => {
  process.stderr.write(`reality: run exceeded ${RUN_BUDGET_MS / 1000} s; stopping\n`);
  cleanup();
  process.exit(1);
}, RUN_BUDGET_MS);

main().then(
  (code) => { clearTimeout(watchdog); cleanup(); process.exit(code); },
  (e: unknown) => {
    clearTimeout(watchdog);
    cleanup();
    process.stderr.write(e instanceof UsageError ? `error: ${e.message}\n` : `reality: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
