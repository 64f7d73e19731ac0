/**
 * The scenario's types, inferred from the spec (sim/scenario/spec.ts): a field added there is in
 * Scenario and ScenarioOptions at once, with no twin to keep in step.
 */
import type { DISCONNECT_MODES, PROBE_KEYS, PROFILE_KEYS, scenarioSpec } from "./spec.ts";

/** A duration as text with a unit: "8ms", "1.5s", "30m". */
export type Duration = string;
export type ProbeKey = (typeof PROBE_KEYS)[number];
export type DisconnectMode = (typeof DISCONNECT_MODES)[number];
export type ProfileKey = (typeof PROFILE_KEYS)[number];

type Spec = typeof scenarioSpec;

/** Flattens an intersection into one object type, so hovers and errors read plainly. */
type Plain<T> = { -readonly [K in keyof T]: T[K] } & {};

/** A leaf's resolved value: a number where the default is null may stay null ("not given"). */
type LeafValue<L> = L extends { type: "int" | "number"; default: null }
  ? number | null
  : L extends { type: "int" | "number" }
    ? number
    : L extends { type: "duration" }
      ? Duration
      : L extends { type: "enum"; accepts: (value: string) => string | null }
        ? string
        : L extends { type: "enum"; choices: readonly (infer C)[] }
        ? C
        : L extends { type: "bool" }
          ? boolean
          : L extends { type: "intOrFull" }
            ? number | "full"
            : never;

/** The resolved value of any spec node. */
export type Resolved<N> = N extends { type: "group"; fields: infer F }
  ? Plain<{ [K in keyof F]: Resolved<F[K]> }>
  : N extends { type: "list"; item: infer I }
    ? Resolved<I>[]
    : N extends { type: "union"; variants: infer V }
      ? { [K in keyof V]: Plain<{ kind: K } & Resolved<V[K]>> }[keyof V]
      : LeafValue<N>;

/** What a user may write for a spec node: every part optional, unknown keys refused. */
export type Options<N> = N extends { type: "group"; fields: infer F }
  ? { [K in keyof F]?: Options<F[K]> }
  : N extends { type: "list"; item: infer I }
    ? readonly Options<I>[]
    : N extends { type: "union"; variants: infer V }
      ? { [K in keyof V]: { kind?: K } & Options<V[K]> }[keyof V]
      : LeafValue<N>;

/**
 * A complete, validated scenario: every field present, JSON-safe (no functions, classes or Dates),
 * frozen. Made only by resolveScenario(); the model never sees unvalidated input.
 */
export type Scenario = Resolved<Spec>;

/**
 * What a user writes: any part may be left out and takes its profile's value, else the spec
 * default. Typed from the spec, so `{ pool: { sise: 10 } }` is a compile error. Data of unknown
 * shape (a JSON file, a URL, a form) goes through parseScenario instead.
 */
export type ScenarioOptions = Options<Spec>;

export type Transport = Scenario["transport"];
export type RetryOn = Scenario["retry"]["retryOn"];
export type RetryBudget = Scenario["retry"]["budget"];
export type Disconnect = Scenario["disconnects"][number];
export type Workload = Scenario["workload"];
