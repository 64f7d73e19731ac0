/**
 * Measured against simulated, cell by cell. The tolerances are fixed here, before any run:
 *
 * - counts the model decides exactly (failed commands, commands written twice vs the model's
 *   maybeExecutedTwice, successful reconnections while commands were pending): every measured
 *   trial must fall inside the simulated runs' [min, max], a single value when the model is
 *   deterministic;
 * - reconnection attempts: within ATTEMPTS_SLACK of the simulated [min, max] (the restart's end is
 *   only known to a poll's precision, so an attempt may land on either side of it);
 * - a crash is simulated per trial with that trial's timing (sim-scenario.ts CrashTiming), and a
 *   multiplexed client's refused attempts each cost a time spread evenly over FAILED_ATTEMPT_MS
 *   (its top raised by the trial's event-loop delay) across the simulated runs: whether the
 *   attempt near the restart meets it turns on a few ms;
 * - the slowest command's latency (cells without a command held in flight): inside the simulated
 *   runs' [2.5%, 97.5%] quantiles widened by LATENCY_SLACK_MS + LATENCY_SLACK_FRACTION of the
 *   value, plus the longest event-loop delay the harness itself suffered in that trial
 *   (perf_hooks monitorEventLoopDelay): time the process was not running is no client's doing;
 * - a cell passes when at most TRIALS_OUTSIDE_MAX of its trials fall outside, per check.
 */
import { quantile } from "d3";
import { createRunner, parseScenario, type RunResult } from "../../sim/index.ts";
import type { Cell } from "./report.ts";
import type { ScenarioSpec } from "./scenarios.ts";
import { NO_CRASH, simScenario, type SimMatch } from "./sim-scenario.ts";
import type { TrialRecord } from "./trial.ts";

export const SIM_REPS = 200;
export const ATTEMPTS_SLACK = 2;
export const LATENCY_SLACK_MS = 25;
export const LATENCY_SLACK_FRACTION = 0.25;
export const TRIALS_OUTSIDE_MAX = 1;
/**
 * What one refused connection attempt costs a Node client on top of the round trip, ms: making
 * the socket (node-redis over TLS: a TLS context per tls.connect), the error's event-loop turns.
 * Measured from the attempt times the clients report (trial.ts reconnectAtMs) against their
 * formulas (node-redis@4 over TLS, ioredis@5 over TCP) on a shared 2-core machine: 1.4–3.4 ms
 * per attempt when idle; with the other core busy 2–10 ms, and single attempts up to ~50 ms,
 * which the event-loop delay in the latency check's slack covers.
 */
export const FAILED_ATTEMPT_MS = { min: 1, max: 10 } as const;

export interface Check {
  cell: string;
  check: string;
  measured: number[];
  low: number;
  high: number;
  /** Each simulation's own [low, high] (one per trial for a crash), in trial order. */
  ranges: Array<[number, number]>;
  /** Trials outside their (per-trial) range. */
  outside: number;
  ok: boolean;
}

export interface CellComparison { cell: string; checks: Check[]; skipped: string | null }

export function compareCell(cell: Cell, spec: ScenarioSpec): CellComparison {
  const name = `${cell.client} ${cell.scenario} ${cell.transport} ${cell.mode}`;
  const pooled = cell.client.startsWith("generic-pool");
  // A crash's timing differs from trial to trial: each trial meets its own simulation.
  const crash = spec.fault === "crash" || spec.fault === "crash-loading";
  const groups = crash ? cell.trials.map((t) => [t]) : [cell.trials];
  const checks: Check[] = [];
  for (const trials of groups) {
    const sim = crash ? simulateCrash(cell, spec, trials[0], pooled) : simulate(simScenario(cell, spec));
    if (sim.runs === null) return { cell: name, checks: [], skipped: sim.why };
    const { runs, latency } = sim;
    const exact = (check: string, measured: number[], sim: number[]) => range(name, check, measured, Math.min(...sim), Math.max(...sim));
    checks.push(exact("failed", trials.map((t) => t.commands.filter((c) => !c.ok).length), runs.map((r) => r.failed)));
    // Pooled: node-redis writes nothing for a retry on a client it knows is closed, so "written
    // twice" is not what the pooled model's maybeExecutedTwice counts (retried after a lost reply).
    if (!pooled) {
      checks.push(exact("resent", trials.map((t) => t.commands.filter((c) => c.sends >= 2).length), runs.map((r) => r.maybeExecutedTwice)));
      checks.push(exact("reconnects", trials.map((t) => t.reconnects), runs.map((r) => r.reconnects)));
      const dials = runs.map((r) => r.dials);
      checks.push(range(name, "reconnectAttempts", trials.map((t) => t.attemptsWhileCommands), Math.min(...dials) - ATTEMPTS_SLACK, Math.max(...dials) + ATTEMPTS_SLACK));
    }
    if (latency) {
      const sim = runs.map((r) => r.latencyMaxMs).sort((a, b) => a - b);
      const measured = trials.map((t) => Math.max(...t.commands.map((c) => c.latencyMs)));
      checks.push(latencyCheck(name, measured, trials.map((t) => t.loopDelayMaxMs), quantile(sim, 0.025)!, quantile(sim, 0.975)!));
    }
  }
  return { cell: name, checks: merge(checks), skipped: null };
}

type Simulated = { runs: RunResult[]; latency: boolean } | { runs: null; why: string };

function simulate(match: SimMatch): Simulated {
  if (match.options === null) return { runs: null, why: match.why };
  const run = createRunner(parseScenario(match.options));
  return { runs: Array.from({ length: SIM_REPS }, (_, i) => run(i)), latency: match.latency };
}

/**
 * One trial's crash: the down window counted from the client's seeing the loss, and for a
 * multiplexed client run i's failed-attempt cost at the i-th of SIM_REPS even steps across
 * FAILED_ATTEMPT_MS (a deterministic spread, not a draw, so the comparison repeats exactly).
 * A trial whose process was kept from running (its longest event-loop delay) had its reconnect
 * schedule pushed later by up to that much, and a later attempt can meet the restarted server at
 * another point (a loading one at another ETA: measured 1095 ms where every undelayed run gave
 * 1622 ms or more, after a 170 ms stall): the spread's top grows by that delay shared over the
 * attempts refused in the cheapest run.
 */
function simulateCrash(cell: Cell, spec: ScenarioSpec, t: TrialRecord, pooled: boolean): Simulated {
  const timing = { ...NO_CRASH, downMs: t.downMs - t.lossSeenMs, loadingMs: t.loadingMs, loadStartMs: t.loadStartMs, loadingEventsEveryMs: t.loadingEventsEveryMs };
  if (pooled) return simulate(simScenario(cell, spec, timing));
  const cheapest = simScenario(cell, spec, { ...timing, failedAttemptUs: FAILED_ATTEMPT_MS.min * 1000 });
  if (cheapest.options === null) return { runs: null, why: cheapest.why };
  const refused = createRunner(parseScenario(cheapest.options))(0).dialFailures;
  const topMs = FAILED_ATTEMPT_MS.max + (refused > 0 ? t.loopDelayMaxMs / refused : 0);
  const runs: RunResult[] = [];
  let latency = false;
  for (let i = 0; i < SIM_REPS; i++) {
    const costMs = FAILED_ATTEMPT_MS.min + ((topMs - FAILED_ATTEMPT_MS.min) * (i + 0.5)) / SIM_REPS;
    const match = simScenario(cell, spec, { ...timing, failedAttemptUs: Math.round(costMs * 1000) });
    if (match.options === null) return { runs: null, why: match.why };
    latency = match.latency;
    runs.push(createRunner(parseScenario(match.options))(i));
  }
  return { runs, latency };
}

/** Per-trial checks of one name become one check: all its trials, the union of its ranges, outside counts summed. */
function merge(checks: Check[]): Check[] {
  const byName = new Map<string, Check>();
  for (const k of checks) {
    const m = byName.get(k.check);
    if (!m) {
      byName.set(k.check, { ...k, measured: [...k.measured], ranges: [...k.ranges] });
      continue;
    }
    m.measured.push(...k.measured);
    m.ranges.push(...k.ranges);
    m.low = Math.min(m.low, k.low);
    m.high = Math.max(m.high, k.high);
    m.outside += k.outside;
    m.ok = m.outside <= TRIALS_OUTSIDE_MAX;
  }
  return [...byName.values()];
}

function range(cell: string, check: string, measured: number[], low: number, high: number): Check {
  const outside = measured.filter((m) => !(m >= low && m <= high)).length;
  return { cell, check, measured, low, high, ranges: [[low, high]], outside, ok: outside <= TRIALS_OUTSIDE_MAX };
}

function latencyCheck(cell: string, measured: number[], loopDelays: number[], low: number, high: number): Check {
  const outside = measured.filter((m, i) => {
    const slack = LATENCY_SLACK_MS + LATENCY_SLACK_FRACTION * m + loopDelays[i];
    return !(m >= low - slack && m <= high + slack);
  }).length;
  return { cell, check: "latencyMaxMs", measured, low, high, ranges: [[low, high]], outside, ok: outside <= TRIALS_OUTSIDE_MAX };
}

/** The comparison as a Markdown table, failures first named. */
export function comparisonTable(comparisons: CellComparison[]): string {
  const lines = ["| cell | check | measured per trial | simulated range | agrees |", "|---|---|---|---|---|"];
  for (const c of comparisons) {
    if (c.skipped !== null) lines.push(`| ${c.cell} | — | — | not compared: ${c.skipped} | — |`);
    for (const k of c.checks) {
      lines.push(`| ${k.cell} | ${k.check} | ${k.measured.map((m) => round(m)).join(", ")} | ${simulatedRanges(k)} | ${k.ok ? "yes" : "**NO**"} |`);
    }
  }
  return lines.join("\n") + "\n";
}

/** One range, or each trial's own when they differ (a crash), in trial order. */
function simulatedRanges(k: Check): string {
  const each = k.ranges.map(([low, high]) => (low === high ? round(low) : `${round(low)}–${round(high)}`));
  return new Set(each).size === 1 ? each[0] : each.join("; ");
}

function round(x: number): string {
  return String(Math.round(x * 10) / 10);
}
