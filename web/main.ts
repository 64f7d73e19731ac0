/**
 * poolsim's web app: wires the URL state, the scenario form and the three tabs. All simulation
 * runs in Web Workers (web/worker.ts); this thread only draws.
 */
import { buildScenarioForm } from "./app/controls.ts";
import { createExploreView, type AppHandle } from "./app/explore-view.ts";
import { createPlanView } from "./app/plan-view.ts";
import { validateTexts, type Validation } from "./app/scenario-text.ts";
import { stateProblems } from "./app/state-check.ts";
import { defaultState, normalizeState, TABS, type AppState, type Tab } from "./app/state.ts";
import { createTeachView } from "./app/teach-view.ts";
import { decodeState, encodeState } from "./app/url.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const createWorker = () => new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });

const initial = decodeState(location.hash);
let state: AppState = initial.state;
let validation: Validation = validateTexts(state.scenario);
if (initial.notice) {
  $("notice").textContent = initial.notice;
  $("notice").hidden = false;
  history.replaceState(null, "", location.pathname + location.search);
}

const app: AppHandle = {
  state: () => state,
  scenario: () => validation.scenario,
  update(patch, push) {
    const next = normalizeState({ ...state, ...patch });
    if (JSON.stringify(next.scenario) !== JSON.stringify(state.scenario)) validation = validateTexts(next.scenario);
    state = next;
    // Only states a link can carry become history entries: a shared or revisited link always opens.
    // "replace" updates the address without a new entry (the timeline's position).
    if (push !== false && stateProblems(state).length === 0) {
      const hash = encodeState(state);
      const url = hash || location.pathname + location.search;
      if (hash !== location.hash && !(hash === "" && location.hash === "")) {
        if (push === "replace") history.replaceState(null, "", url);
        else history.pushState(null, "", url);
      }
    }
    render();
  },
};

const form = buildScenarioForm($("scenario-fields"), (path, text, commit) => app.update({ scenario: { ...state.scenario, [path]: text } }, commit));
const explore = createExploreView(app, createWorker);
const teach = createTeachView(app, createWorker);
const plan = createPlanView(app, createWorker);

$("reset").addEventListener("click", () => {
  app.update({ ...defaultState(), tab: state.tab }, true);
  form.setTexts(state.scenario);
});
$("scenario-form").addEventListener("submit", (e) => e.preventDefault());
setUpTabs();
window.addEventListener("popstate", restoreFromUrl);
window.addEventListener("hashchange", restoreFromUrl);
form.setTexts(state.scenario);
render();

function restoreFromUrl(): void {
  const decoded = decodeState(location.hash);
  $("notice").textContent = decoded.notice ?? "";
  $("notice").hidden = decoded.notice === null;
  state = decoded.state;
  validation = validateTexts(state.scenario);
  form.setTexts(state.scenario);
  render();
}

function render(): void {
  form.showValidation(validation);
  for (const tab of TABS) {
    const selected = tab === state.tab;
    const button = $(`tab-${tab}`);
    button.setAttribute("aria-selected", String(selected));
    button.tabIndex = selected ? 0 : -1;
    $(`panel-${tab}`).hidden = !selected;
  }
  explore.sync(state);
  teach.sync(state, state.tab === "teach");
  plan.sync(state);
}

/** ARIA tabs: click or arrow keys select; only the selected tab is in the Tab order. */
function setUpTabs(): void {
  const buttons = TABS.map((t) => $(`tab-${t}`));
  buttons.forEach((button, i) => {
    button.addEventListener("click", () => app.update({ tab: button.dataset.tab as Tab }, true));
    button.addEventListener("keydown", (e) => {
      const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (step === 0) return;
      const next = buttons[(i + step + buttons.length) % buttons.length];
      app.update({ tab: next.dataset.tab as Tab }, true);
      next.focus();
    });
  });
}
