import { parseTarget } from "./plan-target.ts";
import { validateTexts } from "./scenario-text.ts";
import { defaultState, type AppState } from "./state.ts";
import { planSweep, SWEEP_DEFAULTS } from "./sweep-def.ts";

/** One value a link cannot restore: its link key (a scenario path, x, y, panel, reps, metric, target, time) and why. */
export interface StateProblem {
  key: string;
  message: string;
}

const TIME = /^\d{1,9}(\.\d{1,3})?$/;

/**
 * Every value of the state that a link could not restore, checked all together: the scenario is
 * resolved as a whole (so `warmup.idle=16` with `pool.size=50` is fine in any order), the sweep's
 * own settings against it. A sweep whose corner cells leave the scenario's range is not a link
 * problem: the Explore form shows that under the axis, as it does while editing.
 */
export function stateProblems(state: AppState): StateProblem[] {
  const out: StateProblem[] = [];
  const v = validateTexts(state.scenario);
  if (!v.scenario) {
    for (const [path, messages] of v.fieldErrors) for (const message of messages) out.push({ key: path, message });
    for (const message of v.otherErrors) out.push({ key: "scenario", message });
  }
  const sweep = planSweep(v.scenario ? state.scenario : {}, state.sweep, { corners: false });
  if ("errors" in sweep) for (const [key, messages] of sweep.errors) for (const message of messages) out.push({ key, message });
  const target = parseTarget(state.target);
  if (typeof target === "string") out.push({ key: "target", message: target });
  if (state.time !== "" && !TIME.test(state.time)) out.push({ key: "time", message: `time must be a position in ms (≥ 0, up to 3 decimals); got ${JSON.stringify(state.time)}` });
  return out;
}

/**
 * Resets each value stateProblems names to its default and keeps every other one; returns what
 * was reset. A problem that names no single value (a rule across scenario groups) resets the
 * scenario overrides it could not pin down, and only those.
 */
export function repairState(state: AppState): StateProblem[] {
  const fixed: StateProblem[] = [];
  const d = defaultState();
  for (let round = 0; round < 4; round++) {
    const problems = stateProblems(state);
    if (problems.length === 0) return fixed;
    fixed.push(...problems);
    for (const { key } of problems) {
      if (key === "x" || key === "y" || key === "reps" || key === "metric") resetSweep(state, key);
      else if (key === "panel") state.sweep = { ...state.sweep, panel: SWEEP_DEFAULTS.panel, panelValues: SWEEP_DEFAULTS.panelValues };
      else if (key === "target") state.target = d.target;
      else if (key === "time") state.time = d.time;
      else if (!dropScenario(state, key) || round >= 2) state.scenario = {};
    }
    // A reset axis can now equal the other one; the last rounds fall back to the whole default sweep.
    if (round >= 2) state.sweep = structuredClone(SWEEP_DEFAULTS);
  }
  return fixed;
}

function resetSweep(state: AppState, key: "x" | "y" | "reps" | "metric"): void {
  state.sweep = { ...state.sweep, [key]: structuredClone(SWEEP_DEFAULTS[key]) };
}

/** Removes the overrides at a path and under it; false when there were none to remove. */
function dropScenario(state: AppState, path: string): boolean {
  const keys = Object.keys(state.scenario).filter((k) => k === path || k.startsWith(`${path}.`));
  for (const k of keys) delete state.scenario[k];
  return keys.length > 0;
}
