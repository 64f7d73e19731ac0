import { FIELD_BY_PATH } from "./fields.ts";
import { repairState } from "./state-check.ts";
import { CHARTS, defaultState, normalizeState, SPEEDS, STRATEGY_KEYS, TABS, type AppState } from "./state.ts";
import type { AxisTexts } from "./sweep-def.ts";

/**
 * The app's state in the URL hash, so a link restores the view: `#pool.size=20&probe=tls-aware&
 * tab=plan`. Scenario fields use their spec paths; only values that differ from the defaults are
 * written, in a fixed order, so equal states give equal links.
 */
export function encodeState(input: AppState): string {
  const state = normalizeState(input);
  const d = defaultState();
  const params = new URLSearchParams();
  if (state.tab !== d.tab) params.set("tab", state.tab);
  for (const [path, text] of Object.entries(state.scenario)) params.set(path, text);
  for (const key of ["x", "y"] as const) {
    const axis = axisText(state.sweep[key]);
    if (axis !== axisText(d.sweep[key])) params.set(key, axis);
  }
  if (state.sweep.panel !== d.sweep.panel) params.set("panel", state.sweep.panel);
  if (state.sweep.panelValues !== d.sweep.panelValues) params.set("panels", state.sweep.panelValues);
  if (state.sweep.reps !== d.sweep.reps) params.set("reps", state.sweep.reps);
  if (state.sweep.metric !== d.sweep.metric) params.set("metric", state.sweep.metric);
  if (state.chart !== d.chart) params.set("chart", state.chart);
  if (state.log !== d.log) params.set("log", state.log ? "1" : "0");
  if (state.against !== d.against) params.set("against", state.against);
  if (state.lines !== d.lines) params.set("lines", state.lines);
  if (state.lineAt !== d.lineAt) params.set("at", state.lineAt);
  if (state.target !== d.target) params.set("target", state.target);
  if (state.strategy !== d.strategy) params.set("strategy", state.strategy);
  if (state.time !== d.time) params.set("time", state.time);
  if (state.speed !== d.speed) params.set("speed", state.speed);
  const text = params.toString();
  return text === "" ? "" : `#${text}`;
}

export interface Decoded {
  state: AppState;
  /** Set when part of the link could not be used: says which values were reset to their defaults. */
  notice: string | null;
}

/**
 * Reads a hash ("#…" or ""). The whole state is read first and checked at once; a value that
 * cannot be used is reset to its default and named in the notice, and every other value is kept.
 */
export function decodeState(hash: string): Decoded {
  const problems: string[] = [];
  const state = defaultState();
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  for (const [key, value] of params) applyParam(state, key, value, problems);
  problems.push(...repairState(state).map((p) => p.message));
  const notice = problems.length === 0 ? null :
    `Part of this link could not be used, so those settings are back at their defaults and the rest is kept: ${problems.slice(0, 3).join("; ")}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ""}`;
  return { state: normalizeState(state), notice };
}

function applyParam(state: AppState, key: string, value: string, problems: string[]): void {
  const oneOf = <T extends string>(choices: readonly T[], set: (v: T) => void) =>
    (choices as readonly string[]).includes(value) ? set(value as T) : problems.push(`${key} must be one of ${choices.join(", ")}; got ${JSON.stringify(value)}`);
  switch (key) {
    case "tab": return void oneOf(TABS, (v) => (state.tab = v));
    case "chart": return void oneOf(CHARTS, (v) => (state.chart = v));
    case "lines": return void oneOf(["panel", "x"] as const, (v) => (state.lines = v));
    case "strategy": return void oneOf(STRATEGY_KEYS, (v) => (state.strategy = v));
    case "speed": return void oneOf(SPEEDS, (v) => (state.speed = v));
    case "against": return void oneOf(["x", "y"] as const, (v) => (state.against = v));
    case "time": state.time = value; return;
    case "log": return void oneOf(["0", "1"] as const, (v) => (state.log = v === "1"));
    case "at": state.lineAt = value; return;
    case "target": state.target = value; return;
    case "panel": state.sweep.panel = value; return;
    case "panels": state.sweep.panelValues = value; return;
    case "reps": state.sweep.reps = value; return;
    case "metric": state.sweep.metric = value; return;
    case "x":
    case "y": {
      const axis = parseAxis(value);
      if (axis) state.sweep[key] = axis;
      else problems.push(`${key} must be path:from:to:step, e.g. pool.size:1:16:1; got ${JSON.stringify(value)}`);
      return;
    }
    default:
      if (FIELD_BY_PATH.has(key)) state.scenario[key] = value;
      else problems.push(`${JSON.stringify(key)} is not a setting`);
  }
}

function axisText(a: AxisTexts): string {
  return `${a.path}:${a.from}:${a.to}:${a.step}`;
}

function parseAxis(text: string): AxisTexts | null {
  const parts = text.split(":");
  if (parts.length !== 4) return null;
  const [path, from, to, step] = parts;
  return { path, from, to, step };
}
