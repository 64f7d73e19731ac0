/**
 * Measured against simulated, cell by cell. The tolerances are fixed here, before any run:
 *
 * - counts the model decides exactly (failed commands, commands written twice vs the model's
 *   maybeExecutedTwice, successful reconnections while commands were pending): every measured
 *   trial must fall inside the simulated runs' [min, max], a single value when the model is
 *   deterministic;
 * - reconnection attempts: within ATTEMPTS_SLACK of the simulated [min, max] (the restart's end is
 *   only known to a poll's precision, so an attempt may land on either side of it);
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
import { simScenario } from "./sim-scenario.ts";

export const SIM_REPS = 200;
export const ATTEMPTS_SLACK = 2;
export const LATENCY_SLACK_MS = 25;
export const LATENCY_SLACK_FRACTION = 0.25;
export const TRIALS_OUTSIDE_MAX = 1;

export interface Check {
  cell: string;
  check: string;
  measured: number[];
  low: number;
  high: number;
  /** Trials outside their (per-trial) range. */
  outside: number;
  ok: boolean;
}

export interface CellComparison { cell: string; checks: Check[]; skipped: string | null }

export function compareCell(cell: Cell, spec: ScenarioSpec): CellComparison {
  const name = `${cell.client} ${cell.scenario} ${cell.transport} ${cell.mode}`;
  const pooled = cell.client.startsWith("generic-pool");
  // A crash's down window differs from trial to trial: each trial meets its own simulation.
  const groups = spec.fault === "crash" || spec.fault === "crash-loading" ? cell.trials.map((t) => [t]) : [cell.trials];
  const checks: Check[] = [];
  for (const trials of groups) {
    const match = simScenario(cell, spec, trials[0].downMs, trials[0].loadingMs);
    if (match.options === null) return { cell: name, checks: [], skipped: match.why };
    const run = createRunner(parseScenario(match.options));
    const runs: RunResult[] = Array.from({ length: SIM_REPS }, (_, i) => run(i));
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
    if (match.latency) {
      const sim = runs.map((r) => r.latencyMaxMs).sort((a, b) => a - b);
      const measured = trials.map((t) => Math.max(...t.commands.map((c) => c.latencyMs)));
      checks.push(latencyCheck(name, measured, trials.map((t) => t.loopDelayMaxMs), quantile(sim, 0.025)!, quantile(sim, 0.975)!));
    }
  }
  return { cell: name, checks: merge(checks), skipped: null };
}

/** Per-trial checks of one name become one check: all its trials, the union of its ranges, outside counts summed. */
function merge(checks: Check[]): Check[] {
  const byName = new Map<string, Check>();
  for (const k of checks) {
    const m = byName.get(k.check);
    if (!m) {
      byName.set(k.check, { ...k, measured: [...k.measured] });
      continue;
    }
    m.measured.push(...k.measured);
    m.low = Math.min(m.low, k.low);
    m.high = Math.max(m.high, k.high);
    m.outside += k.outside;
    m.ok = m.outside <= TRIALS_OUTSIDE_MAX;
  }
  return [...byName.values()];
}

function range(cell: string, check: string, measured: number[], low: number, high: number): Check {
  const outside = measured.filter((m) => !(m >= low && m <= high)).length;
  return { cell, check, measured, low, high, outside, ok: outside <= TRIALS_OUTSIDE_MAX };
}

function latencyCheck(cell: string, measured: number[], loopDelays: number[], low: number, high: number): Check {
  const outside = measured.filter((m, i) => {
    const slack = LATENCY_SLACK_MS + LATENCY_SLACK_FRACTION * m + loopDelays[i];
    return !(m >= low - slack && m <= high + slack);
  }).length;
  return { cell, check: "latencyMaxMs", measured, low, high, outside, ok: outside <= TRIALS_OUTSIDE_MAX };
}

/** The comparison as a Markdown table, failures first named. */
export function comparisonTable(comparisons: CellComparison[]): string {
  const lines = ["| cell | check | measured per trial | simulated range | agrees |", "|---|---|---|---|---|"];
  for (const c of comparisons) {
    if (c.skipped !== null) lines.push(`| ${c.cell} | — | — | not compared: ${c.skipped} | — |`);
    for (const k of c.checks) {
      lines.push(`| ${k.cell} | ${k.check} | ${k.measured.map((m) => round(m)).join(", ")} | ${round(k.low)}–${round(k.high)} | ${k.ok ? "yes" : "**NO**"} |`);
    }
  }
  return lines.join("\n") + "\n";
}

function round(x: number): string {
  return String(Math.round(x * 10) / 10);
}
