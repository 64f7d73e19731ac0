import { joinPath, type Issue } from "../../sim/scenario/issues.ts";
import { hasOwnKey } from "../../sim/scenario/keys.ts";
import { parseScenario, ScenarioError } from "../../sim/scenario/resolve.ts";
import type { Scenario } from "../../sim/scenario/types.ts";
import { type Field, fieldFor, FIELDS, type KindOf } from "./fields.ts";

/**
 * What the app adds to the spec's defaults: the incident (experiments/scenarios/incident.json): a
 * full pool of idle connections, all closed by the server at 1 s, before 20 sequential commands
 * (the spec's default workload, over TLS with go-redis's syscall probe). Only these and the
 * user's own overrides reach the resolver, so a chosen client profile supplies everything else.
 */
export const APP_BASE_OPTIONS = {
  warmup: { idle: "full" },
  disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "0s" }],
} as const;

export const APP_BASE: Scenario = parseScenario(structuredClone(APP_BASE_OPTIONS));

/** Field path → text as typed: the fields the user set. Every other field shows its resolved value. */
export type ScenarioTexts = Record<string, string>;

/** The text a field shows for a resolved scenario value ("" for null). */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value);
}

/** A field's value in a resolved scenario, by dotted path. */
export function valueAt(scenario: unknown, path: string): unknown {
  let node = scenario;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object" || !hasOwnKey(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * The text a field shows: what the user typed, else its value in `shown` (the last scenario that
 * resolved, so a profile's values appear), else the spec default.
 */
export function fieldText(texts: ScenarioTexts, field: Field, shown: Scenario = APP_BASE): string {
  if (texts[field.path] !== undefined) return texts[field.path];
  const value = valueAt(shown, field.path);
  if (value !== undefined && (field.union === undefined || field.variant === valueAt(shown, `${field.union}.kind`))) return textOf(value);
  return textOf((field.leaf as { default?: unknown }).default);
}

/**
 * Parses a field's text into what resolveScenario expects. Text that does not parse is passed on
 * as the string it is, so the resolver names it in its message ("got \"abc\""): nothing is
 * silently dropped or defaulted. Empty text means "not given" only for fields whose default is
 * null (disconnect fraction/count); elsewhere it is an error.
 */
export function parseFieldText(field: Field, text: string): unknown {
  const t = text.trim();
  const leaf = field.leaf;
  if (t === "" && "default" in leaf && leaf.default === null) return undefined;
  switch (leaf.type) {
    case "int":
    case "number":
      return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t) ? Number(t) : text;
    case "bool":
      return t === "true" ? true : t === "false" ? false : text;
    case "intOrFull":
      return t === "full" ? "full" : /^-?\d+$/.test(t) ? Number(t) : text;
    default:
      return t;
  }
}

/** Scenario options (input to resolveScenario): the app's base with the user's overrides. */
export function optionsFromTexts(texts: ScenarioTexts): Record<string, unknown> {
  const root = structuredClone(APP_BASE_OPTIONS) as Record<string, unknown>;
  const kindOf = kindsOf(texts);
  for (const [path, text] of Object.entries(texts)) {
    const field = fieldFor(path, kindOf);
    if (!field) continue;
    const value = parseFieldText(field, text);
    if (value === undefined) deletePath(root, path);
    else setPath(root, path, value);
  }
  return root;
}

/** The chosen variant of each union: the override, else the base scenario's. */
export function kindsOf(texts: ScenarioTexts, shown: Scenario = APP_BASE): KindOf {
  return (union) => texts[`${union}.kind`] ?? textOf(valueAt(shown, `${union}.kind`));
}

function deletePath(root: Record<string, unknown>, path: string): void {
  const keys = path.split(".");
  const parent = valueAt(root, keys.slice(0, -1).join("."));
  if (parent && typeof parent === "object") delete (parent as Record<string, unknown>)[keys[keys.length - 1]];
}

function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node: Record<string, unknown> | unknown[] = root;
  keys.forEach((key, i) => {
    const container = node as Record<string, unknown>;
    if (i === keys.length - 1) {
      container[key] = value;
      return;
    }
    container[key] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = container[key] as Record<string, unknown>;
  });
}

export interface Validation {
  scenario: Scenario | null;
  /** Field path (or group path, for rules across fields) → the resolver's message. */
  fieldErrors: Map<string, string[]>;
  /** Problems that name no field shown in the form. */
  otherErrors: string[];
}

/** Resolves the form's scenario; each ScenarioError issue is attached to the field its path names. */
export function validateTexts(texts: ScenarioTexts): Validation {
  try {
    return { scenario: parseScenario(optionsFromTexts(texts)), fieldErrors: new Map(), otherErrors: [] };
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return { scenario: null, ...mapIssues(e.issues, FIELDS.map((f) => f.path)) };
  }
}

/**
 * Attaches each issue to the field or group its path names exactly (["pool", "size"] → pool.size;
 * ["disconnects", "0"] → the disconnect's group); the wording of a message never matters.
 */
export function mapIssues(issues: readonly Issue[], paths: readonly string[]): Omit<Validation, "scenario"> {
  const fieldErrors = new Map<string, string[]>();
  const otherErrors: string[] = [];
  const known = new Set(paths);
  for (const path of paths) for (let i = path.indexOf("."); i > 0; i = path.indexOf(".", i + 1)) known.add(path.slice(0, i));
  for (const issue of issues) {
    const path = joinPath(issue.path);
    if (!known.has(path)) otherErrors.push(issue.message);
    else fieldErrors.set(path, [...(fieldErrors.get(path) ?? []), issue.message]);
  }
  return { fieldErrors, otherErrors };
}

/**
 * Sorts the overrides and drops those that change nothing (equal to the value the scenario has
 * without them), so equal scenarios give equal links.
 */
export function canonicalTexts(texts: ScenarioTexts): ScenarioTexts {
  const out: ScenarioTexts = {};
  for (const path of Object.keys(texts).sort()) out[path] = texts[path];
  for (const path of Object.keys(out)) {
    const { [path]: text, ...rest } = out;
    try {
      if (textOf(valueAt(parseScenario(optionsFromTexts(rest)), path)) === text) delete out[path];
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
    }
  }
  return out;
}
