import type { Scenario } from "../../sim/scenario/types.ts";
import { describeRowMethod } from "../../sim/sweep/plan-text.ts";
import type { PlanRow } from "../../sim/sweep/planner.ts";
import type { AppHandle } from "./explore-view.ts";
import { percent, planSentence } from "./plan-sentence.ts";
import { parseTarget, TARGET_MAX, TARGET_MIN } from "./plan-target.ts";
import { STRATEGIES, type AppState } from "./state.ts";
import { JobWorker, type WorkerFactory } from "./workers.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/**
 * The planner: reruns in its own worker (debounced) whenever the scenario or the target changes,
 * and shows its answer as one sentence at the top of the page and step by step in the Plan tab.
 */
export function createPlanView(app: AppHandle, createWorker: WorkerFactory) {
  const worker = new JobWorker(createWorker);
  let plannedKey = "";
  let debounce: ReturnType<typeof setTimeout> | undefined;
  const sentence = $("plan-sentence");
  $("target-range").textContent = `probability, ${TARGET_MIN}–${TARGET_MAX}`;
  const target = $<HTMLInputElement>("target");
  target.addEventListener("input", () => app.update({ target: target.value }, false));
  target.addEventListener("change", () => app.update({ target: target.value }, true));
  $("plan-form").addEventListener("submit", (e) => e.preventDefault());

  function plan(scenario: Scenario, value: number) {
    sentence.textContent = "Planning…";
    sentence.dataset.state = "running";
    $("plan-table").replaceChildren();
    const strategies = [...new Set([scenario.probe, ...STRATEGIES])];
    worker.request({ type: "plan", scenario, target: value, strategies }, (msg) => {
      if (msg.type === "error") sentence.textContent = `The planner failed: ${msg.message}`;
      if (msg.type === "plan") {
        sentence.textContent = planSentence(scenario, value, msg.answer);
        sentence.dataset.state = "done";
        sentence.dataset.maxRetries = String(msg.answer.row.maxRetries);
      }
      if (msg.type !== "planRows") return;
      const head = ["probe", "smallest MaxRetries", "P(command fails) upper bound", "method", "p99 latency (ms)", "dials"];
      const rows = msg.rows.map((r) => [String(r.strategy), answerCell(r), percent(r.upper), describeRowMethod(r), String(Number(r.p99LatencyMs.toPrecision(4))), String(Number(r.dials.toPrecision(4)))]);
      $("plan-table").replaceChildren(row("th", head), ...rows.map((r) => row("td", r)));
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
        sentence.textContent = scenario === null ? "Fix the highlighted settings to get a plan." : "Set a target between 0.0001 and 0.5 to get a plan.";
        return;
      }
      const key = JSON.stringify([scenario, value]);
      if (key === plannedKey) return;
      plannedKey = key;
      clearTimeout(debounce);
      debounce = setTimeout(() => plan(scenario, value), 300);
    },
  };
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
