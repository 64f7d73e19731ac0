/**
 * Sweep throughput: experiments/sweeps/frontier.json (1.6 M runs) on worker threads; prints runs/s.
 * `npx tsx bench/sweep-bench.ts [threads] [reps]` (defaults: 2 threads, the file's 1,000 reps).
 * Exported as benchSweep for bench/bench.ts.
 */
import { resolveSweep, withReplications } from "../sim/sweep/index.ts";
import { readJsonFile } from "../experiments/cli/json-file.ts";
import { runSweep } from "../experiments/sweep/run-sweep.ts";

export async function benchSweep(threads = 2, reps?: number): Promise<{ runs: number; seconds: number; runsPerSecond: number }> {
  let sweep = resolveSweep(readJsonFile("experiments/sweeps/frontier.json"), { loadBase: (p) => readJsonFile(p) });
  if (reps) sweep = withReplications(sweep, reps);
  const run = await runSweep(sweep, { threads, progress: false, handleSigint: false });
  return { runs: run.runs, seconds: run.seconds, runsPerSecond: Math.round(run.runs / run.seconds) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [threads, reps] = process.argv.slice(2).map(Number);
  const r = await benchSweep(threads || 2, reps || undefined);
  process.stdout.write(`sweep frontier.json: ${r.runs} runs in ${r.seconds.toFixed(1)} s, ${r.runsPerSecond} runs/s on ${threads || 2} threads\n`);
}
