import type { Scenario } from "../../sim/scenario/types.ts";
import { describeRowMethod } from "../../sim/sweep/plan-text.ts";
import { maybeRate, type Fleet } from "../../sim/sweep/fleet.ts";
import { fleetPerEvent } from "../../sim/sweep/per-event.ts";
import type { PlanProgress, PlanRow } from "../../sim/sweep/planner.ts";
import type { AppHandle } from "./explore-view.ts";
import { percent, planSentence, planTableHeader } from "./plan-sentence.ts";
import { parseTarget, TARGET_MAX, TARGET_MIN } from "./plan-target.ts";
import { STRATEGIES, type AppState } from "./state.ts";
import { JobWorker, type WorkerFactory } from "./workers.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Wall time one plan may take in the browser before it says it ran out; "Extend" multiplies it. */
export const PLAN_BUDGET_MS = 90_000;
const EXTEND_FACTOR = 4;

/**
 * The planner: reruns in its own worker (debounced) whenever the scenario or the target changes,
 * and shows its answer as one sentence at the top of the page and step by step in the Plan tab,
 * with its progress while it works and a button to extend the time budget when it ran out.
 */
export function createPlanView(app: AppHandle, createWorker: WorkerFactory) {
  const worker = new JobWorker(createWorker);
  let plannedKey = "";
  let budgetMs = PLAN_BUDGET_MS;
  let last: { scenario: Scenario; value: number; fleet: Fleet | null } | null = null;
  let fleet: Fleet | null = null;
  let lastState: AppState | null = null;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  const sentence = $("plan-sentence");
  const extend = $<HTMLButtonElement>("plan-extend");
  $("target-range").textContent = `probability, ${TARGET_MIN}–${TARGET_MAX}`;
  const target = $<HTMLInputElement>("target");
  target.addEventListener("input", () => app.update({ target: target.value }, false));
  target.addEventListener("change", () => app.update({ target: target.value }, true));
  $("plan-form").addEventListener("submit", (e) => e.preventDefault());
  extend.addEventListener("click", () => {
    if (last === null) return;
    budgetMs *= EXTEND_FACTOR;
    plan(last.scenario, last.value, last.fleet);
  });
  for (const id of ["fleet-instances", "fleet-rate", "fleet-workers"]) {
    $(id).addEventListener("change", () => {
      const parsed = readFleet();
      $("fleet-error").textContent = typeof parsed === "string" ? parsed : "";
      $("fleet-error").hidden = typeof parsed !== "string";
      fleet = typeof parsed === "string" ? null : parsed;
      if (lastState) view.sync(lastState);
    });
  }

  function plan(scenario: Scenario, value: number, fleet: Fleet | null) {
    last = { scenario, value, fleet };
    sentence.textContent = "Planning…";
    sentence.dataset.state = "running";
    extend.hidden = true;
    $("plan-table").replaceChildren();
    showProgress(null, 0, budgetMs);
    const strategies = [...new Set([scenario.probe, ...STRATEGIES])];
    worker.request({ type: "plan", scenario, target: value, strategies, budgetMs, fleet }, (msg) => {
      if (msg.type === "error") {
        sentence.textContent = `The planner failed: ${msg.message}`;
        hideProgress();
      }
      if (msg.type === "planProgress") showProgress(msg.progress, msg.elapsedMs, budgetMs, msg.part);
      if (msg.type === "plan") {
        sentence.textContent = planSentence(scenario, value, msg.answer);
        sentence.dataset.state = "done";
        sentence.dataset.maxRetries = String(msg.answer.row.maxRetries);
        $("fleet-idle").textContent = msg.answer.fleet ? `Idle connections at the event: ${msg.answer.fleet.idle.why}.` : "";
      }
      if (msg.type !== "planRows") return;
      hideProgress();
      extend.hidden = !msg.rows.some((r) => r.status === "budget");
      extend.textContent = `Extend the budget to ${Math.round((budgetMs * EXTEND_FACTOR) / 1000)} s`;
      const head = planTableHeader(fleet !== null);
      const rows = msg.rows.map((r) => {
        const e = r.perEvent && fleetPerEvent(r.perEvent, fleet?.instances ?? 1);
        const perEvent = [num(e?.failedPerEvent.mean), e?.lossProbability ? percent(e.lossProbability.mean) : "–", num(e?.extraLatencyMsPerEvent.mean), num(e?.extraLatencyMsPerOverlapping.mean)];
        return [String(r.strategy), answerCell(r), percent(r.upper), describeRowMethod(r), ...perEvent, num(r.p99LatencyMs), num(r.dials)];
      });
      const notes = msg.rows.filter((r) => r.note !== "").map((r) => `${String(r.strategy)}: ${r.note}.`);
      $("plan-table").replaceChildren(row("th", head), ...rows.map((r) => row("td", r)));
      $("plan-progress").textContent = notes.join(" ");
    });
  }

  const view = {
    sync(state: AppState) {
      lastState = state;
      if (target.value !== state.target) target.value = state.target;
      const value = parseTarget(state.target);
      const error = $("target-error");
      error.textContent = typeof value === "string" ? value : "";
      error.hidden = typeof value !== "string";
      target.setAttribute("aria-invalid", String(typeof value === "string"));
      const scenario = app.scenario();
      if (scenario === null || typeof value === "string") {
        worker.cancel();
        plannedKey = "";
        hideProgress();
        sentence.textContent = scenario === null ? "Fix the highlighted settings to get a plan." : `Set a target between ${TARGET_MIN} and ${TARGET_MAX} to get a plan.`;
        return;
      }
      const key = JSON.stringify([scenario, value, fleet]);
      if (key === plannedKey) return;
      plannedKey = key;
      budgetMs = PLAN_BUDGET_MS;
      clearTimeout(debounce);
      debounce = setTimeout(() => plan(scenario, value, fleet), 300);
    },
  };
  return view;
}

/** The fleet form: all three fields, or none (then the scenario is planned as it is). */
function readFleet(): Fleet | null | string {
  const text = ["fleet-instances", "fleet-rate", "fleet-workers"].map((id) => $<HTMLInputElement>(id).value.trim());
  if (text.every((t) => t === "")) return null;
  const [instances, rate, workers] = [Number(text[0]), maybeRate(text[1]), Number(text[2])];
  if (!Number.isInteger(instances) || instances < 1 || instances > 100_000) return `instances must be an integer from 1 to 100000; got ${JSON.stringify(text[0])}`;
  if (rate === null) return `commands/s must be a rate above 0 for the whole fleet, e.g. 2000; got ${JSON.stringify(text[1])}`;
  if (!Number.isInteger(workers) || workers < 1 || workers > 100_000) return `workers must be an integer from 1 to 100000; got ${JSON.stringify(text[2])}`;
  return { instances, ratePerSecond: rate, workers };
}

function num(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? "–" : String(Number(x.toPrecision(4)));
}

/** Progress in words and as a bar of the step's runs against the runs it needs with no failure. */
function showProgress(p: PlanProgress | null, elapsedMs: number, budgetMs: number, part: "answer" | "table" = "answer"): void {
  const bar = $<HTMLProgressElement>("plan-bar");
  bar.hidden = false;
  const budget = `${(elapsedMs / 1000).toFixed(0)} s of ${(budgetMs / 1000).toFixed(0)} s budget`;
  if (p === null) {
    bar.removeAttribute("value");
    $("plan-progress").textContent = `Planning… (${budget})`;
    return;
  }
  bar.value = Math.min(1, p.runs / p.runsNeeded);
  const what = part === "answer" ? "your probe" : `the table, row ${p.row + 1}/${p.rows}`;
  $("plan-progress").textContent = `Planning ${what} (${String(p.strategy)}): MaxRetries ${p.maxRetries}, ${p.runs.toLocaleString("en-US")} of ≥ ${p.runsNeeded.toLocaleString("en-US")} runs a step needs with no failure (${budget}).`;
}

function hideProgress(): void {
  $("plan-bar").hidden = true;
  $("plan-progress").textContent = "";
}

function answerCell(r: PlanRow): string {
  if (r.maxRetries !== null) return String(r.maxRetries);
  return r.status === "exceeds" ? "none ≤ 64" : r.status === "budget" ? "out of budget" : "cannot certify";
}

function row(cell: "th" | "td", values: readonly string[]): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.append(...values.map((v) => Object.assign(document.createElement(cell), { textContent: v })));
  return tr;
}
