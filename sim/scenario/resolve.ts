import { tooDeep, tooDeepMessage } from "./depth.ts";
import { formatDuration, maybeDurationUs } from "./duration.ts";
import { formatIssues, issueAt, type Issue } from "./issues.ts";
import { hasOwnKey, isForbiddenKey, ownValue } from "./keys.ts";
import { recordProvenance, userOptions } from "./provenance.ts";
import { clientBuildOf, profileConflicts, profileOptionsFor } from "../profiles/versions.ts";
import { scenarioSpec, type Group, type Leaf, type List, type Node, type Union } from "./spec.ts";
import type { Resolved, Scenario, ScenarioOptions } from "./types.ts";

/**
 * Bad user input: every problem found, each an Issue naming the field (path), the value and what
 * is allowed (message).
 */
export class ScenarioError extends Error {
  override name = "ScenarioError";
  constructor(readonly issues: readonly Issue[]) {
    super(formatIssues(issues));
  }

  /** The messages alone, one per issue, as the CLI prints them. */
  get problems(): readonly string[] {
    return this.issues.map((i) => i.message);
  }
}

/**
 * ScenarioOptions (all optional) → Scenario (complete, validated, frozen, JSON-safe).
 * The only place input is validated; throws one ScenarioError listing every problem.
 * Typed: unknown keys are compile errors. Data of unknown shape goes through parseScenario.
 */
export function resolveScenario(options?: ScenarioOptions): Scenario {
  return parseScenario(options);
}

/**
 * Any value (a JSON file, a URL hash, a form, a sweep cell) → Scenario, validated exactly as
 * resolveScenario validates; throws one ScenarioError listing every problem.
 */
export function parseScenario(input: unknown): Scenario {
  const deep = tooDeep(input);
  if (deep !== null) throw new ScenarioError([{ path: deep.slice(0, 3), message: tooDeepMessage(deep, "scenario") }]);
  const issues: Issue[] = [];
  // A changed copy of a resolved scenario counts only what its user set (sim/scenario/provenance.ts).
  const own = userOptions(scenarioSpec, input ?? {});
  const resolved = resolveGroup(scenarioSpec, withProfile(own), "", issues);
  if (issues.length === 0) crossCheck(resolved, issues);
  if (issues.length > 0) throw new ScenarioError(issues);
  recordProvenance(scenarioSpec, resolved, own);
  return deepFreeze(resolved);
}

function resolveNode(node: Node, value: unknown, path: string, issues: Issue[]): unknown {
  switch (node.type) {
    case "group": return resolveGroup(node, value, path, issues);
    case "list": return resolveList(node, value, path, issues);
    case "union": return resolveUnion(node, value, path, issues);
    default: return resolveLeaf(node, value, path, issues);
  }
}

/** The spec's walk builds each group from its fields, so the result has the group's inferred type. */
function resolveGroup<G extends Group>(group: G, value: unknown, path: string, issues: Issue[]): Resolved<G> {
  const out: Record<string, unknown> = {};
  if (value === undefined) value = {};
  if (!isPlainObject(value)) {
    issues.push(issueAt(path, `${path || "scenario"} must be an object; got ${show(value)}`));
    value = {};
  }
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!hasOwnKey(group.fields, key) && !(path === "" && key === "$schema" && typeof input[key] === "string")) issues.push(issueAt(join(path, key), unknownKey(path, key, Object.keys(group.fields))));
  }
  // Output keys follow the spec's order, so key order in the input never matters.
  for (const [key, node] of Object.entries(group.fields)) {
    out[key] = resolveNode(node, ownValue(input, key), join(path, key), issues);
  }
  return out as Resolved<G>;
}

function resolveList(list: List, value: unknown, path: string, issues: Issue[]): unknown[] {
  if (value === undefined) return list.default.map((item, i) => resolveGroup(list.item, item, `${path}.${i}`, issues));
  if (!Array.isArray(value)) {
    issues.push(issueAt(path, `${path} must be a list (JSON array); got ${show(value)}`));
    return [];
  }
  if (value.length > list.maxItems) issues.push(issueAt(path, `${path} may hold at most ${list.maxItems} items; got ${value.length}`));
  return value.map((item, i) => resolveGroup(list.item, item, `${path}.${i}`, issues));
}

function resolveUnion(union: Union, value: unknown, path: string, issues: Issue[]): Record<string, unknown> {
  if (value === undefined) value = {};
  if (!isPlainObject(value)) {
    issues.push(issueAt(path, `${path} must be an object; got ${show(value)}`));
    value = {};
  }
  const input = value as Record<string, unknown>;
  const kind = ownValue(input, "kind") ?? union.default;
  const rest: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(input)) if (k !== "kind") rest[k] = v;
  const kinds = Object.keys(union.variants);
  if (typeof kind !== "string" || !hasOwnKey(union.variants, kind)) {
    issues.push(issueAt(join(path, "kind"), `${path}.kind must be one of ${kinds.join(", ")}; got ${show(kind)}`));
    return { kind: union.default };
  }
  return { kind, ...(resolveGroup(union.variants[kind], rest, path, issues) as object) };
}

function resolveLeaf(leaf: Leaf, value: unknown, path: string, issues: Issue[]): unknown {
  if (value === undefined) return leaf.default;
  switch (leaf.type) {
    case "int":
    case "number": {
      // A resolved scenario carries null for an absent optional number; resolving it again is a no-op.
      if (value === null && leaf.default === null) return null;
      const ok = typeof value === "number" && Number.isFinite(value) && (leaf.type === "number" || Number.isInteger(value));
      if (ok && value >= leaf.min && value <= leaf.max) return value;
      issues.push(issueAt(path, `${path} must be ${leaf.type === "int" ? "an integer" : "a number"} ${range(leaf.min, leaf.max)}; got ${show(value)}`));
      return leaf.default;
    }
    case "duration": {
      const us = maybeDurationUs(value);
      // A floor for nonzero values (spec minNonzero) keeps 0s (off, or once) allowed below it.
      const lo = leaf.minNonzero ?? leaf.min;
      const off = leaf.minNonzero !== undefined && us === 0;
      if (us !== null && (off || us >= maybeDurationUs(lo)!) && us <= maybeDurationUs(leaf.max)!) return formatDuration(us);
      const what = us === null ? `a duration with a unit (us, ms, s, m, h) such as "${leaf.default === "0s" ? "5s" : leaf.default}"` : "a duration";
      issues.push(issueAt(path, `${path} must be ${leaf.minNonzero !== undefined ? "0s or " : ""}${what} from ${lo} to ${leaf.max}; got ${show(value)}`));
      return leaf.default;
    }
    case "enum":
      if (typeof value === "string" && leaf.choices.includes(value)) return value;
      if (leaf.accepts !== undefined) {
        const why = typeof value === "string" ? leaf.accepts(value) : `must be a string; got ${show(value)}`;
        if (why === null) return value;
        issues.push(issueAt(path, `${path} ${why}`));
        return leaf.default;
      }
      issues.push(issueAt(path, `${path} must be one of ${leaf.choices.join(", ")}; got ${show(value)}`));
      return leaf.default;
    case "bool":
      if (typeof value === "boolean") return value;
      issues.push(issueAt(path, `${path} must be true or false; got ${show(value)}`));
      return leaf.default;
    case "intOrFull":
      if (value === "full" || (Number.isInteger(value) && (value as number) >= leaf.min && (value as number) <= leaf.max)) return value;
      issues.push(issueAt(path, `${path} must be an integer ${range(leaf.min, leaf.max)} or "full"; got ${show(value)}`));
      return leaf.default;
  }
}

/**
 * Lays the named profile's options under the user's: spec defaults < profile < scenario. An
 * unknown profile is left for the enum check to report.
 */
function withProfile(options: unknown): unknown {
  if (!isPlainObject(options)) return options;
  const key = ownValue(options, "profile") ?? (scenarioSpec.fields.profile as { default: string }).default;
  const under = typeof key === "string" ? profileOptionsFor(key, clientBuildOf((k) => ownValue(options, k))) : null;
  return under === null ? options : mergeUnder(under, options);
}

/**
 * Deep merge where `over` wins; lists are replaced whole, never merged item by item. The result
 * has no prototype, so a key such as "__proto__" stays a plain own key for the walk to refuse.
 */
function mergeUnder(under: unknown, over: unknown): unknown {
  if (over === undefined) return under;
  if (!isPlainObject(under) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(under)) out[k] = v;
  for (const [k, v] of Object.entries(over)) out[k] = mergeUnder(ownValue(under, k), v);
  return out;
}

/** Rules that involve more than one field. */
function crossCheck(s: Scenario, issues: Issue[]): void {
  issues.push(...profileConflicts(s.profile, s.goVersion).map((message) => issueAt("goVersion", message)));
  if (typeof s.pool.minIdle === "number" && s.pool.minIdle > s.pool.size) issues.push(issueAt("pool.minIdle", `pool.minIdle must be ≤ pool.size (${s.pool.size}) or "full"; got ${s.pool.minIdle}`));
  if (typeof s.warmup.idle === "number" && s.warmup.idle > s.pool.size) {
    issues.push(issueAt("warmup.idle", `warmup.idle must be ≤ pool.size (${s.pool.size}) or "full"; got ${s.warmup.idle}`));
  }
  s.disconnects.forEach((d, i) => {
    if (d.fraction !== null && d.count !== null) {
      issues.push(issueAt(`disconnects.${i}`, `disconnects.${i} must give fraction or count, not both; got fraction ${d.fraction} and count ${d.count}`));
    } else if (d.fraction === null && d.count === null) {
      d.fraction = 1;
    }
    if ((maybeDurationUs(d.loadingStartsAfter) ?? 0) > (maybeDurationUs(d.loading) ?? 0)) {
      issues.push(issueAt(`disconnects.${i}.loadingStartsAfter`, `disconnects.${i}.loadingStartsAfter must be ≤ disconnects.${i}.loading (${show(d.loading)}); got ${show(d.loadingStartsAfter)}`));
    }
    if (d.until !== "0s" && d.every === "0s") issues.push(issueAt(`disconnects.${i}.until`, `disconnects.${i}.until needs disconnects.${i}.every > 0s; got until ${show(d.until)} with every "0s"`));
  });
  const stuck = multiplexedWaitsForEver(s);
  if (stuck !== null) issues.push(issueAt("network.dialTimeout", stuck));
}

/**
 * A multiplexed client whose every connection attempt times out never gets a lost socket back
 * (sim/model/multiplexed/sockets.ts attempt: dialTime + init round trips > dialTimeout). When
 * nothing fails its waiting commands either, they wait for ever, as they would in ioredis with
 * maxRetriesPerRequest null or in node-redis (whose reconnects no per-request limit counts:
 * sockets.ts attemptFailed): no run of it could end, so it is refused here.
 */
function multiplexedWaitsForEver(s: Scenario): string | null {
  const m = s.multiplexed;
  if (s.client !== "multiplexed" || maybeDurationUs(m.commandTimeout) !== 0 || !(m.offlineQueue || m.resend)) return null;
  const nodeRedis = m.reconnect === "node-redis-4" || m.reconnect === "node-redis-5";
  if (m.reconnect === "none" || (m.maxRetriesPerRequest >= 0 && !nodeRedis)) return null;
  const n = s.network;
  const connectUs = maybeDurationUs(n.dialTime)! + n.initRoundTrips * maybeDurationUs(n.rtt)!;
  if (connectUs <= maybeDurationUs(n.dialTimeout)!) return null;
  const limit = nodeRedis ? `multiplexed.reconnect ${m.reconnect}, which no retry limit counts` : "multiplexed.maxRetriesPerRequest -1";
  return (
    `network.dialTimeout must be at least a connect's dialTime + initRoundTrips × rtt (${formatDuration(connectUs)}) for a multiplexed client whose waiting commands never give up ` +
    `(${limit}, commandTimeout 0s): every reconnect would time out and they would wait for ever; got ${show(n.dialTimeout)} (or set multiplexed.commandTimeout > 0s)`
  );
}

function unknownKey(path: string, key: string, allowed: string[]): string {
  const near = isForbiddenKey(key) ? [] : allowed.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
  const hint = near.length > 0 ? ` (did you mean ${join(path, near[0])}?)` : "";
  return `${join(path, key)} is not a known field${hint}; allowed here: ${allowed.join(", ")}`;
}

function range(min: number, max: number): string {
  if (max >= Number.MAX_SAFE_INTEGER || max >= 1e15) return `≥ ${min}`;
  return `from ${min} to ${max}`;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
