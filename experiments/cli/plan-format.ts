import type { Scenario } from "../../sim/index.ts";
import { describeMethod, describeWindow, PLAN_CONFIDENCE, type PlanRow } from "../../sim/sweep/index.ts";
import { fmt, table } from "./format.ts";

export interface PlanContext {
  scenario: Scenario;
  by: string;
  metric: string;
  target: number;
  budget: string;
}

/** The plan as a text table, a markdown section for a design doc, or JSON: each names method, confidence, window and seed. */
export function planOutput(format: "table" | "markdown" | "json", rows: PlanRow[], c: PlanContext): string {
  if (format === "json") return JSON.stringify(planJson(rows, c), null, 2);
  const header = ["pool.size", c.by, "maxRetries", "upper bound", "method", "runs", "p99 ms", "dials"];
  const body = rows.map((r) => [String(r.poolSize), String(r.strategy), answerCell(r), fmt(r.upper), r.method, r.method === "closed-form" ? "-" : fmt(r.runs), fmt(r.p99LatencyMs), fmt(r.dials)]);
  const notes = rows.filter((r) => r.note !== "").map((r) => `pool.size ${r.poolSize}, ${String(r.strategy)}: ${r.note}`);
  if (format === "markdown") return markdown(header, body, notes, rows, c);
  return [
    `smallest maxRetries whose upper bound of ${c.metric} is ≤ ${c.target}`,
    `method: ${describeMethod(rows)}`,
    `window: ${describeWindow(c.scenario)}, one disconnect event per run; seed ${c.scenario.seed}`,
    "",
    table(header, body),
    ...(notes.length > 0 ? ["", ...notes] : []),
  ].join("\n");
}

function answerCell(r: PlanRow): string {
  if (r.maxRetries !== null) return String(r.maxRetries);
  return r.status === "exceeds" ? "none ≤ 64" : r.status === "budget" ? "out of budget" : "cannot certify";
}

function planJson(rows: PlanRow[], c: PlanContext) {
  return {
    metric: c.metric,
    target: c.target,
    method: describeMethod(rows),
    confidence: rows.every((r) => r.method === "closed-form") ? 1 : PLAN_CONFIDENCE,
    unit: "runs (one disconnect event per run)",
    window: describeWindow(c.scenario),
    seed: c.scenario.seed,
    budget: c.budget,
    rows,
  };
}

/** A table and one paragraph, ready for a design doc. */
function markdown(header: string[], body: string[][], notes: string[], rows: PlanRow[], c: PlanContext): string {
  const s = c.scenario;
  const answered = rows.filter((r) => r.maxRetries !== null).map((r) => `${String(r.strategy)}: ${r.maxRetries}`);
  const paragraph =
    `Smallest MaxRetries that keeps ${c.metric} ≤ ${c.target} for PoolSize ${s.pool.size} over ${s.transport.toUpperCase()} ` +
    `(profile ${s.profile}), by ${c.by}: ${answered.length > 0 ? answered.join(", ") : "none shown"}. ` +
    `Method: ${describeMethod(rows)}. Window: ${describeWindow(s)}, one disconnect event per run. Seed ${s.seed}.` +
    (notes.length > 0 ? ` ${notes.join(". ")}.` : "");
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...body.map((b) => `| ${b.join(" | ")} |`), "", paragraph].join("\n");
}
