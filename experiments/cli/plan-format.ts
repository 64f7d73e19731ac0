import type { Scenario } from "../../sim/index.ts";
import { describeEvents, describeMethod, describeWindow, fleetPerEvent, perEventHeader, PLAN_CONFIDENCE, type IdleEstimate, type PlanRow } from "../../sim/sweep/index.ts";
import { fmt, table } from "./format.ts";

export interface PlanContext {
  scenario: Scenario;
  by: string;
  metric: string;
  /** The target one instance is planned against. */
  target: number;
  /** With a fleet and a per-event metric: the target across the fleet that `target` is the per-instance share of. */
  fleetTarget?: number;
  budget: string;
  /** Present when planning a fleet: per-event figures are then across all instances. */
  fleet?: { instances: number; ratePerSecond: number; workers: number; idle: IdleEstimate };
}

/** The plan as a text table, a markdown section for a design doc, or JSON: each names method, confidence, window and seed. */
export function planOutput(format: "table" | "markdown" | "json", rows: PlanRow[], c: PlanContext): string {
  if (format === "json") return JSON.stringify(planJson(rows, c), null, 2);
  const header = ["pool.size", c.by, "maxRetries", "upper bound", "method", "runs", ...perEventHeader(c.fleet !== undefined), "p99 ms", "dials"];
  const body = rows.map((r) => {
    const e = r.perEvent && fleetPerEvent(r.perEvent, c.fleet?.instances ?? 1);
    const perEvent = [e?.failedPerEvent.mean, e?.lossProbability?.mean, e?.extraLatencyMsPerEvent.mean, e?.extraLatencyMsPerOverlapping.mean].map(fmt);
    return [String(r.poolSize), String(r.strategy), answerCell(r), fmt(r.upper), r.method, r.method === "closed-form" ? "-" : fmt(r.runs), ...perEvent, fmt(r.p99LatencyMs), fmt(r.dials)];
  });
  const notes = rows.filter((r) => r.note !== "").map((r) => `pool.size ${r.poolSize}, ${String(r.strategy)}: ${r.note}`);
  if (format === "markdown") return markdown(header, body, notes, rows, c);
  return [
    `smallest maxRetries whose upper bound of ${c.metric}${meanOverRuns(c.metric)} is ≤ ${c.target}${fleetTargetText(c)}`,
    `method: ${describeMethod(rows)}`,
    `window: ${describeWindow(c.scenario)}, ${describeEvents(rows, c.scenario)}; seed ${c.scenario.seed}`,
    ...(c.fleet ? [fleetLine(c.fleet)] : []),
    "",
    table(header, body),
    ...(notes.length > 0 ? ["", ...notes] : []),
  ].join("\n");
}

/** The planner bounds the mean over runs of a per-run value: for a rate, of each run's own ratio. */
function meanOverRuns(metric: string): string {
  if (metric === "commandFailureRate") return " (mean over runs of each run's failed / commands)";
  return metric === "failedPerEvent" ? " (mean over runs of each run's failed commands ÷ its disconnect events)" : " (mean over runs)";
}

/** " per instance (0.1 per maintenance event across the fleet of 8)", or "". */
function fleetTargetText(c: PlanContext): string {
  return c.fleetTarget === undefined || !c.fleet ? "" : ` per instance (${c.fleetTarget} per maintenance event across the fleet of ${c.fleet.instances})`;
}

function fleetLine(f: NonNullable<PlanContext["fleet"]>): string {
  return `fleet: ${f.instances} instances × ${f.workers} workers, ${f.ratePerSecond} commands/s in all; per maintenance event across the fleet; idle connections at the event: ${f.idle.why}`;
}

function answerCell(r: PlanRow): string {
  if (r.maxRetries !== null) return String(r.maxRetries);
  return r.status === "exceeds" ? "none ≤ 64" : r.status === "budget" ? "out of budget" : "cannot certify";
}

function planJson(rows: PlanRow[], c: PlanContext) {
  return {
    metric: c.metric,
    target: c.target,
    ...(c.fleetTarget !== undefined ? { fleetTarget: c.fleetTarget } : {}),
    method: describeMethod(rows),
    confidence: rows.every((r) => r.method === "closed-form") ? 1 : PLAN_CONFIDENCE,
    unit: `runs (${describeEvents(rows, c.scenario)})`,
    window: describeWindow(c.scenario),
    seed: c.scenario.seed,
    budget: c.budget,
    ...(c.fleet ? { fleet: c.fleet } : {}),
    rows: rows.map((r) => ({ ...r, ...(c.fleet && r.perEvent ? { fleetPerEvent: fleetPerEvent(r.perEvent, c.fleet.instances) } : {}) })),
  };
}

/** A table and one paragraph, ready for a design doc. */
function markdown(header: string[], body: string[][], notes: string[], rows: PlanRow[], c: PlanContext): string {
  const s = c.scenario;
  const answered = rows.filter((r) => r.maxRetries !== null).map((r) => `${String(r.strategy)}: ${r.maxRetries}`);
  const paragraph =
    `Smallest MaxRetries that keeps ${c.metric}${meanOverRuns(c.metric)} ≤ ${c.target}${fleetTargetText(c)} for PoolSize ${s.pool.size} over ${s.transport.toUpperCase()} ` +
    `(profile ${s.profile}), by ${c.by}: ${answered.length > 0 ? answered.join(", ") : "none shown"}. ` +
    `Method: ${describeMethod(rows)}. Window: ${describeWindow(s)}, ${describeEvents(rows, s)}. Seed ${s.seed}.` +
    (c.fleet ? ` ${fleetLine(c.fleet)[0].toUpperCase()}${fleetLine(c.fleet).slice(1)}.` : "") +
    (notes.length > 0 ? ` ${notes.join(". ")}.` : "");
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...body.map((b) => `| ${b.join(" | ")} |`), "", paragraph].join("\n");
}
