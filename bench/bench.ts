/**
 * `npm run bench`: simulated commands and events per wall-second on the benchmark scenarios,
 * median of five runs each, then a whole sweep (experiments/sweeps/frontier.json on 2 worker
 * threads; 200 replications a cell, or the file's 1,000 with --full). `npm run --silent bench --
 * --json` prints one JSON line per scenario. Speed is measured here and only here; tests never
 * assert on timing.
 */
import { resolveScenario } from "../sim/index.ts";
import { compileScenario } from "../sim/scenario/compile.ts";
import { Simulation } from "../sim/model/simulation.ts";
import { benchScenarios } from "./scenarios.ts";
import { benchSweep } from "./sweep-bench.ts";

const json = process.argv.includes("--json");
const repeats = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const sim = new Simulation();
for (const [name, options] of Object.entries(benchScenarios)) {
  const params = compileScenario(resolveScenario(options));
  sim.run(params, 1, 0); // warm up the JIT
  const rates: number[] = [];
  const eventRates: number[] = [];
  let commands = 0;
  let failed = 0;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const r = sim.run(params, 1, i);
    const seconds = (performance.now() - t0) / 1000;
    commands = r.commands;
    failed = r.failed;
    rates.push(r.commands / seconds);
    eventRates.push(r.events / seconds);
  }
  const row = { name, commands, failed, commandsPerSecond: Math.round(median(rates)), eventsPerSecond: Math.round(median(eventRates)), repeats };
  if (json) console.log(JSON.stringify(row));
  else console.log(`${name.padEnd(14)} ${commands} commands/run (${failed} failed)  ${(row.commandsPerSecond / 1e6).toFixed(2)} M commands/s  ${(row.eventsPerSecond / 1e6).toFixed(2)} M events/s  (median of ${repeats})`);
}

const full = process.argv.includes("--full");
const sweep = await benchSweep(2, full ? undefined : 200);
const sweepRow = { name: "sweep-frontier", threads: 2, runs: sweep.runs, seconds: Number(sweep.seconds.toFixed(2)), runsPerSecond: sweep.runsPerSecond };
if (json) console.log(JSON.stringify(sweepRow));
else console.log(`${"sweep-frontier".padEnd(14)} ${sweep.runs} runs on 2 threads in ${sweep.seconds.toFixed(1)} s  ${sweep.runsPerSecond} runs/s${full ? "" : "  (200 reps a cell; --full for the file's 1,000)"}`);
