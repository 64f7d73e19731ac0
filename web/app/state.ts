import { canonicalTexts, type ScenarioTexts } from "./scenario-text.ts";
import { SWEEP_DEFAULTS, type SweepTexts } from "./sweep-def.ts";

export const TABS = ["explore", "teach", "plan"] as const;
export type Tab = (typeof TABS)[number];
export const CHARTS = ["heatmap", "lines"] as const;
export type ChartKind = (typeof CHARTS)[number];
/** The strategies the planner compares at the current pool size. */
export const STRATEGIES = ["none", "syscall", "tls-aware"] as const;
/** The Teach tab's runs of the go-redis TLS story (web/app/teach.ts says what each runs). */
export const TEACH_KEYS = ["bug", "fix", "revert", "now"] as const;
export type TeachKey = (typeof TEACH_KEYS)[number];
/** The Teach tab's "compare clients" runs: the current settings under each client profile (web/app/teach-compare.ts). */
export const COMPARE_KEYS = ["go-redis-9.5.3", "go-redis-9.5.4", "ioredis@5", "ioredis@6", "node-redis@4", "node-redis@5"] as const;
export type CompareKey = (typeof COMPARE_KEYS)[number];
/** Every run the Teach timeline can show: a strategy of the TLS story, or a client of the comparison. */
export const STRATEGY_KEYS = [...TEACH_KEYS, ...COMPARE_KEYS] as const;
export type StrategyKey = (typeof STRATEGY_KEYS)[number];
/** Playback speeds, simulated seconds per real second; the slow ones are for a classroom. */
export const SPEEDS = ["0.001", "0.01", "0.05", "0.2", "1"] as const;

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
  /** Line chart: which sweep axis runs along the horizontal axis. */
  against: "x" | "y";
  /** Line chart: "panel" draws one line per panel value; "x" one line per value of the other axis. */
  lines: "panel" | "x";
  /** The value of the other axis (or the panel value) the line chart slices at; "" means the first. */
  lineAt: string;
  /** Planner target for P(command fails), as typed. */
  target: string;
  /** The Teach run the timeline shows: a chapter of the TLS story or a client of the comparison. */
  strategy: StrategyKey;
  /** The timeline's playhead in simulated ms, as text; "" means the end of the run. */
  time: string;
  /** Timeline playback speed, one of SPEEDS. */
  speed: (typeof SPEEDS)[number];
}

export const DEFAULT_STATE: Readonly<AppState> = Object.freeze({
  tab: "explore",
  scenario: {},
  sweep: SWEEP_DEFAULTS,
  chart: "heatmap",
  log: false,
  against: "y",
  lines: "panel",
  lineAt: "",
  target: "0.001",
  strategy: "bug",
  time: "",
  speed: "0.05",
});

export function defaultState(): AppState {
  return structuredClone(DEFAULT_STATE) as AppState;
}

/** A copy with the scenario overrides in canonical form. */
export function normalizeState(state: AppState): AppState {
  return { ...state, scenario: canonicalTexts(state.scenario) };
}

/** A timeline position as link text: ms with at most 3 decimals (µs), "" for the end. */
export function timeText(us: number | null): string {
  return us === null ? "" : String(Math.round(us) / 1000);
}

/** The position a link's time text names, in µs; null for "" (the end). */
export function timeUs(text: string): number | null {
  return text === "" ? null : Math.round(Number(text) * 1000);
}
