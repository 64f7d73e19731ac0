import { canonicalTexts, type ScenarioTexts } from "./scenario-text.ts";
import { SWEEP_DEFAULTS, type SweepTexts } from "./sweep-def.ts";

export const TABS = ["explore", "teach", "plan"] as const;
export type Tab = (typeof TABS)[number];
export const CHARTS = ["heatmap", "lines"] as const;
export type ChartKind = (typeof CHARTS)[number];
export const STRATEGIES = ["none", "syscall", "tls-aware"] as const;

/**
 * Everything a shared link restores: the tab, the scenario overrides, the sweep settings and the
 * view options. Results are not state: they are recomputed from it.
 */
export interface AppState {
  tab: Tab;
  scenario: ScenarioTexts;
  sweep: SweepTexts;
  chart: ChartKind;
  /** Log scale on the line chart's probability axis. */
  log: boolean;
  /** Line chart: "panel" draws one line per panel value at x = lineAt; "x" one line per x value. */
  lines: "panel" | "x";
  /** The x value (or panel value) the line chart slices at; "" means the first. */
  lineAt: string;
  /** Planner target for P(command fails), as typed. */
  target: string;
  /** The strategy the timeline shows. */
  strategy: (typeof STRATEGIES)[number];
}

export const DEFAULT_STATE: Readonly<AppState> = Object.freeze({
  tab: "explore",
  scenario: {},
  sweep: SWEEP_DEFAULTS,
  chart: "heatmap",
  log: false,
  lines: "panel",
  lineAt: "",
  target: "0.001",
  strategy: "syscall",
});

export function defaultState(): AppState {
  return structuredClone(DEFAULT_STATE) as AppState;
}

/** A copy with the scenario overrides in canonical form. */
export function normalizeState(state: AppState): AppState {
  return { ...state, scenario: canonicalTexts(state.scenario) };
}
