import type { Scenario } from "../../sim/scenario/types.ts";
import { describeRowMethod } from "../../sim/sweep/plan-text.ts";
import type { PlanProgress, PlanRow } from "../../sim/sweep/planner.ts";
import type { AppHandle } from "./explore-view.ts";
import { percent, planSentence } from "./plan-sentence.ts";
import { parseTarget, TARGET_MAX, TARGET_MIN } from "./plan-target.ts";
import { STRATEGIES, type AppState } from "./state.ts";
import { JobWorker, type WorkerFactory } from "./workers.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Wall time one plan may take in the browser before it says it ran out; "Extend" multiplies it. */
export const PLAN_BUDGET_MS = 60_000;
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
  let last: { scenario: Scenario; value: number } | null = null;
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
    plan(last.scenario, last.value);
  });

  function plan(scenario: Scenario, value: number) {
    last = { scenario, value };
    sentence.textContent = "Planning…";
    sentence.dataset.state = "running";
    extend.hidden = true;
    $("plan-table").replaceChildren();
    showProgress(null, 0, budgetMs);
    const strategies = [...new Set([scenario.probe, ...STRATEGIES])];
    worker.request({ type: "plan", scenario, target: value, strategies, budgetMs }, (msg) => {
      if (msg.type === "error") {
        sentence.textContent = `The planner failed: ${msg.message}`;
        hideProgress();
      }
      if (msg.type === "planProgress") showProgress(msg.progress, msg.elapsedMs, budgetMs, msg.part);
      if (msg.type === "plan") {
        sentence.textContent = planSentence(scenario, value, msg.answer);
        sentence.dataset.state = "done";
        sentence.dataset.maxRetries = String(msg.answer.row.maxRetries);
      }
      if (msg.type !== "planRows") return;
      hideProgress();
      extend.hidden = !msg.rows.some((r) => r.status === "budget");
      extend.textContent = `Extend the budget to ${Math.round((budgetMs * EXTEND_FACTOR) / 1000)} s`;
      const head = ["probe", "smallest MaxRetries", "P(command fails) upper bound", "method", "p99 latency (ms)", "dials"];
      const rows = msg.rows.map((r) => [String(r.strategy), answerCell(r), percent(r.upper), describeRowMethod(r), String(Number(r.p99LatencyMs.toPrecision(4))), String(Number(r.dials.toPrecision(4)))]);
      const notes = msg.rows.filter((r) => r.note !== "").map((r) => `${String(r.strategy)}: ${r.note}.`);
      $("plan-table").replaceChildren(row("th", head), ...rows.map((r) => row("td", r)));
      $("plan-progress").textContent = notes.join(" ");
    });
  }

  return {
    sync(state: AppState) {
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
      const key = JSON.stringify([scenario, value]);
      if (key === plannedKey) return;
      plannedKey = key;
      budgetMs = PLAN_BUDGET_MS;
      clearTimeout(debounce);
      debounce = setTimeout(() => plan(scenario, value), 300);
    },
  };
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
