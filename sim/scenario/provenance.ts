/**
 * Provenance: which fields of a resolved scenario the user set, and which came from its profile or
 * the spec defaults. A Scenario keeps the JSON shape of a complete scenario, so this rides beside
 * that shape: the resolved scenario, and each object directly inside it, carries the record under
 * a symbol that is not enumerable. A
 * scenario re-resolved with a change, `{ ...s, profile: "redis-py" }` or
 * `{ ...s, pool: { ...s.pool, size: 4 } }`, still holds s's inner objects, so the resolver finds
 * the record and re-derives every field the user did not set from the (new) profile. JSON copies
 * carry no record: every field they hold counts as set, as it always did.
 */
import type { Group, Node } from "./spec.ts";
import type { Scenario } from "./types.ts";

interface Provenance {
  resolved: Scenario;
  /** Dotted paths of the leaves (and whole lists) the user set. */
  userPaths: ReadonlySet<string>;
}

/**
 * The record rides on the objects themselves, under a symbol no JSON, spread or structured clone
 * copies (not enumerable). A WeakMap entry per object did the same but cost a sweep more: a
 * quarter of the time resolving its cells went to the collector's ephemeron tables.
 */
const RECORD = Symbol("poolsim.provenance");

function recordOf(v: object): Provenance | undefined {
  return Object.hasOwn(v, RECORD) ? (v as { [RECORD]: Provenance })[RECORD] : undefined;
}

function attach(v: object, record: Provenance): void {
  if (!Object.isExtensible(v) || Object.hasOwn(v, RECORD)) return;
  Object.defineProperty(v, RECORD, { value: record, enumerable: false });
}

/** Files the record of `resolved`, resolved from `input` (the user's own options, no profile merged). */
export function recordProvenance(spec: Group, resolved: Scenario, input: unknown): void {
  const userPaths = new Set<string>();
  collectPaths(spec, input, "", userPaths);
  const record: Provenance = { resolved, userPaths };
  // The scenario and its direct children: provenanceOf looks no deeper.
  attach(resolved, record);
  for (const child of Object.values(resolved)) if (typeof child === "object" && child !== null) attach(child, record);
}

/**
 * The user's own options in `input`: when input is (or holds the inner objects of) a resolved
 * scenario, the fields still equal to that scenario's and not set by its user are dropped, so
 * they are derived again. Other input is returned as it is.
 */
export function userOptions(spec: Group, input: unknown): unknown {
  const record = provenanceOf(input);
  return record ? filter(spec, input, record.resolved, "", record) : input;
}

/** The options the user gave for a resolved scenario, when it was resolved in this thread. */
export function userOptionsOf(spec: Group, s: Scenario): Record<string, unknown> | undefined {
  const record = recordOf(s);
  return record ? (filter(spec, s, s, "", record) as Record<string, unknown>) : undefined;
}

function provenanceOf(input: unknown): Provenance | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const own = recordOf(input);
  if (own) return own;
  for (const v of Object.values(input)) {
    const found = typeof v === "object" && v !== null ? recordOf(v) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The spec node of field `key` in a group or union object `value`; undefined for unknown keys. */
function childNode(node: Node, value: Record<string, unknown>, was: unknown, key: string): Node | undefined {
  if (node.type === "group") return Object.hasOwn(node.fields, key) ? node.fields[key] : undefined;
  if (node.type !== "union") return undefined;
  if (key === "kind") return { type: "enum", default: node.default, choices: Object.keys(node.variants), doc: "" };
  const kind = Object.hasOwn(value, "kind") ? value.kind : isObject(was) ? was.kind : node.default;
  const variant = typeof kind === "string" && Object.hasOwn(node.variants, kind) ? node.variants[kind] : undefined;
  return variant && Object.hasOwn(variant.fields, key) ? variant.fields[key] : undefined;
}

function filter(node: Node, value: unknown, was: unknown, path: string, record: Provenance): unknown {
  if ((node.type === "group" || node.type === "union") && isObject(value)) {
    // No prototype: a "__proto__" key stays an own key for the resolver to refuse.
    const out: Record<string, unknown> = Object.create(null);
    for (const [key, v] of Object.entries(value)) {
      const child = childNode(node, value, was, key);
      const kept = child ? filter(child, v, isObject(was) && Object.hasOwn(was, key) ? was[key] : undefined, join(path, key), record) : v;
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  }
  // A leaf or a whole list: dropped when the user did not set it and it is unchanged.
  return !record.userPaths.has(path) && JSON.stringify(value) === JSON.stringify(was) ? undefined : value;
}

function collectPaths(node: Node, value: unknown, path: string, out: Set<string>): void {
  if (value === undefined) return;
  if ((node.type === "group" || node.type === "union") && isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const child = childNode(node, value, undefined, key);
      if (child) collectPaths(child, v, join(path, key), out);
    }
    return;
  }
  out.add(path);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
