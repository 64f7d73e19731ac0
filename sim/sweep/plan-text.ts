import type { Scenario } from "../scenario/types.ts";
import type { PlanRow } from "./planner.ts";
import { PLAN_CONFIDENCE } from "./sequential-check.ts";

/**
 * The words every planner output repeats (CLI table, markdown, JSON, the web's Plan tab and its
 * sentence), so an answer never travels without its method, confidence and window.
 */

/**
 * The per-event figures' names, one wording for every output (run's headline, plan's table,
 * markdown and JSON, the web's Plan tab and its sentence): test/plan-labels.test.ts holds them to it.
 */
export const PER_EVENT_LABELS = {
  failed: "failed commands/event",
  loss: "P(event loses ≥ 1 command)",
  extraAll: "extra time to outcome ms/event, all commands",
  extraOverlapping: "extra time to outcome ms/overlapping command",
} as const;

/** The per-event column heads, per instance or across a fleet; the per-command mean is the same on every instance. */
export function perEventHeader(fleet: boolean): string[] {
  const where = fleet ? "across the fleet" : "per instance";
  const L = PER_EVENT_LABELS;
  return [`${L.failed} (${where})`, `${L.loss} (${where})`, `${L.extraAll} (${where})`, L.extraOverlapping];
}

/** The window one run simulates, which every per-command rate depends on: "20 sequential commands". */
export function describeWindow(s: Scenario): string {
  const w = s.workload;
  if (w.kind === "sequential") return `${w.commands} sequential commands per run`;
  if (w.kind === "concurrent") return `${w.clients} clients × ${w.commands} commands per run`;
  return `Poisson ${w.rate} commands/s for ${w.duration} per run`;
}

/**
 * Disconnect events per run, as the rows' per-event figures counted them (eventsIn: firings within
 * the run). Rows without per-event figures fall back to the schedule: one event per one-shot entry.
 */
export function describeEvents(rows: readonly PlanRow[], s: Scenario): string {
  const counted = rows.flatMap((r) => (r.perEvent ? [r.perEvent] : []));
  if (counted.length > 0) {
    const fewest = Math.min(...counted.map((e) => e.eventsPerRun));
    const most = Math.max(...counted.map((e) => e.eventsPerRunMax));
    return `${eventCount(fewest, most > fewest ? most : null)} per run`;
  }
  if (s.disconnects.every((d) => d.every === "0s")) return `${eventCount(s.disconnects.length, null)} per run`;
  return `repeating disconnect events per run (${s.disconnects.map((d) => `every ${d.every} from ${d.at}`).join("; ")})`;
}

function eventCount(n: number, most: number | null): string {
  if (most !== null) return `${n}–${most} disconnect events`;
  return n === 1 ? "one disconnect event" : `${n} disconnect events`;
}

/** The method of a set of rows, in one line: which rows are exact, which certified and how. */
export function describeMethod(rows: readonly PlanRow[], retriesMax = 64): string {
  const exact = rows.some((r) => r.method === "closed-form");
  const sequence = rows.find((r) => r.method === "confidence-sequence");
  const parts: string[] = [];
  if (exact) parts.push("closed form (exact)");
  if (sequence) {
    const scaling = [...new Set(rows.map((r) => r.scaling).filter((x) => x !== ""))];
    parts.push(
      `${percent(PLAN_CONFIDENCE)} confidence sequence over runs (beta-binomial mixture martingale with Ville's inequality; ` +
        `anytime-valid, α = ${Number((1 - PLAN_CONFIDENCE).toPrecision(3))} split over maxRetries 0–${retriesMax}: ${sequence.alphaPerStep.toPrecision(3)} per step` +
        `${scaling.length > 0 ? `; ${scaling.join("; ")}` : ""})`,
    );
  }
  return parts.join("; ");
}

/** The method of one row, short: "exact (closed form)" or "95% confidence sequence, 12,345 runs". */
export function describeRowMethod(r: PlanRow): string {
  if (r.method === "closed-form") return "exact (closed form)";
  return `${percent(r.confidence)} confidence sequence, ${r.runs.toLocaleString("en-US")} runs`;
}

function percent(p: number): string {
  return `${Number((p * 100).toPrecision(3))}%`;
}
