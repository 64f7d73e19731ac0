import type { Scenario } from "../../sim/scenario/types.ts";
import { describeWindow } from "../../sim/sweep/plan-text.ts";
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
 * 20 sequential commands per run); costs +41.2 ms p99 against your MaxRetries 3 (…)."
 */
export function planSentence(scenario: Scenario, target: number, answer: PlanAnswer): string {
  const { row } = answer;
  const who = `PoolSize ${scenario.pool.size} over ${scenario.transport.toUpperCase()} with probe ${scenario.probe}`;
  const window = describeWindow(scenario);
  if (row.maxRetries === null) {
    if (row.status === "exceeds") {
      const at = row.method === "closed-form" ? `exact: ${percent(row.upper)}` : `${methodWords(row, scenario.seed)}`;
      return `${who}: no MaxRetries up to ${RETRIES_MAX} keeps P(command fails) ≤ ${percent(target)} (at ${RETRIES_MAX}: ${at}; ${window}).`;
    }
    return `${who}: ${row.note} (${percent(row.confidence)} confidence sequence; ${window}).`;
  }
  const cost = row.p99LatencyMs - answer.currentP99LatencyMs;
  const costText = Number.isFinite(cost)
    ? `; costs ${signedMs(cost)} p99 against your MaxRetries ${scenario.retry.maxRetries} (${fmtMs(answer.currentP99LatencyMs)} → ${fmtMs(row.p99LatencyMs)})`
    : "";
  return `${who}: MaxRetries ≥ ${row.maxRetries} keeps P(command fails) ≤ ${percent(target)} (${methodWords(row, scenario.seed)}; ${window})${costText}.`;
}

function fmtMs(ms: number): string {
  return `${Number(ms.toPrecision(4))} ms`;
}
