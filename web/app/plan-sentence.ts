import type { Scenario } from "../../sim/scenario/types.ts";
import { fleetPerEvent } from "../../sim/sweep/per-event.ts";
import { describeWindow, perEventHeader } from "../../sim/sweep/plan-text.ts";
import type { PlanRow } from "../../sim/sweep/planner.ts";
import type { PlanAnswer } from "../worker-protocol.ts";

const RETRIES_MAX = 64;

/** A probability as a short percentage: 0.001 → "0.1%", 0.000123 → "0.0123%". */
export function percent(p: number): string {
  if (p === 0) return "0%";
  if (!Number.isFinite(p)) return "–";
  return `${Number((p * 100).toPrecision(3))}%`;
}

/** Milliseconds with a sign and at most one decimal: "+12.3 ms". */
export function signedMs(ms: number): string {
  const r = Math.round(ms * 10) / 10;
  return `${r >= 0 ? "+" : "−"}${Math.abs(r)} ms`;
}

/** How a row was certified, in words: "exact, closed form" or "95% confidence sequence over 8,289 runs, seed 1". */
export function methodWords(row: PlanRow, seed: number): string {
  if (row.method === "closed-form") return "exact, closed form";
  return `${percent(row.confidence)} confidence sequence over ${row.runs.toLocaleString("en-US")} runs, upper bound ${percent(row.upper)}, seed ${seed}`;
}

/**
 * The planner's answer in one sentence with its numbers, method and window, e.g. "PoolSize 10
 * over TLS with probe syscall: MaxRetries ≥ 10 keeps P(command fails) ≤ 0.1% (exact, closed form;
 * 20 sequential commands per run); costs +41.2 ms p99 against your MaxRetries 3 (…). Per
 * disconnect event: 0 failed commands, P(event loses ≥ 1 command) 0%; extra time to outcome
 * +2380.2 ms over all commands, +238 ms per overlapping command (10 overlapping: …)."
 */
export function planSentence(scenario: Scenario, target: number, answer: PlanAnswer): string {
  const { row, fleet } = answer;
  const fleetText = fleet ? `, ${fleet.instances} instances × ${fleet.workers} workers at ${fleet.ratePerSecond} commands/s` : "";
  const who = `PoolSize ${scenario.pool.size} over ${scenario.transport.toUpperCase()} with probe ${scenario.probe}${fleetText}`;
  const window = describeWindow(fleet?.scenario ?? scenario);
  if (row.maxRetries === null) {
    if (row.status === "exceeds") {
      const at = row.method === "closed-form" ? `exact: ${percent(row.upper)}` : `${methodWords(row, scenario.seed)}`;
      return `${who}: no MaxRetries up to ${RETRIES_MAX} keeps P(command fails) ≤ ${percent(target)} (at ${RETRIES_MAX}: ${at}; ${window}).${perEventText(row, answer)}`;
    }
    return `${who}: ${row.note} (${percent(row.confidence)} confidence sequence; ${window}).`;
  }
  const cost = row.p99LatencyMs - answer.currentP99LatencyMs;
  const costText = Number.isFinite(cost) && !fleet
    ? `; costs ${signedMs(cost)} p99 against your MaxRetries ${scenario.retry.maxRetries} (${fmtMs(answer.currentP99LatencyMs)} → ${fmtMs(row.p99LatencyMs)})`
    : "";
  return `${who}: MaxRetries ≥ ${row.maxRetries} keeps P(command fails) ≤ ${percent(target)} (${methodWords(row, scenario.seed)}; ${window})${costText}.${perEventText(row, answer)}`;
}

/** The Plan tab's table head: the CLI's per-event columns (sim/sweep/plan-text.ts), word for word. */
export function planTableHeader(fleet: boolean): string[] {
  return ["probe", "smallest MaxRetries", "P(command fails) upper bound", "method", ...perEventHeader(fleet), "p99 latency (ms)", "dials"];
}

/** The window-free part: per disconnect event, or per maintenance event across the fleet. */
function perEventText(row: PlanRow, answer: PlanAnswer): string {
  if (row.perEvent === null) return "";
  const e = fleetPerEvent(row.perEvent, answer.fleet?.instances ?? 1);
  const where = answer.fleet ? "Per maintenance event across the fleet" : "Per disconnect event";
  const loss = e.lossProbability ? `, P(event loses ≥ 1 command) ${percent(e.lossProbability.mean)}` : "";
  const overlapping = Number.isFinite(e.extraLatencyMsPerOverlapping.mean)
    ? `, ${signedMs(e.extraLatencyMsPerOverlapping.mean)} per overlapping command (${Number(e.overlappingPerEvent.mean.toPrecision(3))} overlapping: in flight at the event or changed by it)`
    : "";
  return ` ${where}: ${Number(e.failedPerEvent.mean.toPrecision(3))} failed commands${loss}; extra time to outcome ${signedMs(e.extraLatencyMsPerEvent.mean)} over all commands${overlapping}.`;
}

function fmtMs(ms: number): string {
  return `${Number(ms.toPrecision(4))} ms`;
}
