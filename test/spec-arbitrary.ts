/**
 * fast-check arbitraries derived by walking scenarioSpec itself, so a new field is fuzzed the day
 * it is added. For every leaf: values inside its range, its edges and one step past them, wrong
 * types, huge numbers and junk text; for every group: any subset of its fields, plus unknown and
 * prototype-named keys; for lists: lengths up to one past maxItems; for unions: every variant and
 * junk kinds. Now and then a whole subtree is replaced by deep nesting or a wrong type.
 */
import fc from "fast-check";
import { formatDuration, maybeDurationUs } from "../sim/scenario/duration.ts";
import { scenarioSpec, type Group, type Leaf, type List, type Node, type Union } from "../sim/scenario/spec.ts";

/** Keys that must never be followed or written. */
export const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype"] as const;

const junkString = fc.oneof(
  fc.constantFrom("", " ", "full", "5", "5 s", "-1s", "1.0000001ms", "NaN", "Infinity", "1e999s", "tls\u0000", "💥", ...PROTOTYPE_KEYS, "toString", "hasOwnProperty"),
  fc.string({ maxLength: 12 }),
);
const hugeNumber = fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, NaN, -0, 1e308, 2 ** 53, -(2 ** 31), 5e-324);

/** Values of the wrong type for any field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  junkString,
  hugeNumber,
  fc.constantFrom(null, true, false, [], {}, [1, 2], { kind: "sequential" }),
  fc.double(),
);

/** An object nested `depth` levels deep under the same key: recursion must not blow the stack. */
export const deepNesting: fc.Arbitrary<unknown> = fc.tuple(fc.constantFrom(1, 2, 31, 32, 33, 300, 50_000), fc.constantFrom("a", "pool", "kind", "__proto__")).map(([depth, key]) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = withOwnKey({}, key, value);
  return value;
});

/**
 * Arbitrary options for `node`. Clean: every value well-typed and inside its range (edges
 * included). Dirty: also values past the edges, wrong types, unknown and prototype-named keys.
 */
export function arbitraryFor(node: Node, dirty: boolean, durationCapUs = Infinity): fc.Arbitrary<unknown> {
  switch (node.type) {
    case "group": return groupArbitrary(node, dirty, durationCapUs);
    case "list": return listArbitrary(node, dirty, durationCapUs);
    case "union": return unionArbitrary(node, dirty, durationCapUs);
    default: return dirty ? fc.oneof({ weight: 8, arbitrary: leafArbitrary(node, true, durationCapUs) }, { weight: 1, arbitrary: wrongType }) : leafArbitrary(node, false, durationCapUs);
  }
}

/** Whole scenario options: clean or dirty, now and then a wrong type or deep nesting. */
export const scenarioInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: arbitraryFor(scenarioSpec, false) },
  { weight: 10, arbitrary: arbitraryFor(scenarioSpec, true) },
  { weight: 1, arbitrary: wrongType },
  { weight: 1, arbitrary: deepNesting },
);

function leafArbitrary(leaf: Leaf, dirty: boolean, durationCapUs: number): fc.Arbitrary<unknown> {
  switch (leaf.type) {
    case "int":
    case "number": return numberArbitrary(leaf.type === "int", leaf.min, leaf.max, leaf.default, dirty);
    case "duration": return durationArbitrary(leaf.min, capped(leaf.min, leaf.max, durationCapUs), dirty, leaf.minNonzero);
    case "enum": return dirty ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...leaf.choices) }, { weight: 1, arbitrary: junkString }) : fc.constantFrom(...leaf.choices);
    case "bool": return fc.boolean();
    case "intOrFull": return fc.oneof(fc.constant("full"), numberArbitrary(true, leaf.min, leaf.max, leaf.default as number, dirty));
  }
}

function numberArbitrary(int: boolean, min: number, max: number, dflt: number | null, dirty: boolean): fc.Arbitrary<unknown> {
  const inside = int ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) }) : fc.double({ min, max, noNaN: true });
  const lo = Math.ceil(min);
  const small = int ? fc.integer({ min: lo, max: Math.min(max, lo + 64) }) : fc.double({ min, max: Math.min(max, min + 64), noNaN: true });
  const edges = dirty ? fc.constantFrom(min, max, min - 1, max + 1, int ? min + 0.5 : max * 2) : fc.constantFrom(min, max);
  return fc.oneof({ weight: 4, arbitrary: small }, { weight: 3, arbitrary: inside }, { weight: 2, arbitrary: edges }, { weight: 1, arbitrary: fc.constant(dflt) });
}

/** `floor`: the spec's minNonzero, whose edges (it, and 1 µs below) are drawn as well. */
function durationArbitrary(min: string, max: string, dirty: boolean, floor?: string): fc.Arbitrary<unknown> {
  const lo = maybeDurationUs(min)!;
  const hi = maybeDurationUs(max)!;
  const inside = fc.integer({ min: lo, max: Math.min(hi, lo + 120_000_000) }).map(formatDuration);
  const anywhere = fc.double({ min: lo, max: hi, noNaN: true }).map((us) => formatDuration(Math.round(us)));
  const floors = floor === undefined ? [] : [floor];
  const belowFloor = floor === undefined ? [] : [`${maybeDurationUs(floor)! - 1}us`];
  const edges = dirty ? fc.constantFrom(min, max, ...floors, ...belowFloor, `${hi + 1}us`, lo > 0 ? `${lo - 1}us` : "-1ms") : fc.constantFrom(min, max, ...floors);
  const units = fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom("us", "ms", "s", "m", "h", "d", "")).map(([x, u]) => `${x}${u}`);
  if (!dirty) return fc.oneof({ weight: 4, arbitrary: inside }, { weight: 2, arbitrary: anywhere }, { weight: 1, arbitrary: edges });
  return fc.oneof({ weight: 4, arbitrary: inside }, { weight: 2, arbitrary: anywhere }, { weight: 2, arbitrary: edges }, { weight: 1, arbitrary: units });
}

function groupArbitrary(group: Group, dirty: boolean, durationCapUs: number): fc.Arbitrary<unknown> {
  const fields = Object.fromEntries(Object.entries(group.fields).map(([k, n]) => [k, arbitraryFor(n, dirty, durationCapUs)]));
  const record = fc.record(fields, { requiredKeys: [] });
  if (!dirty) return record;
  const extra = fc.option(fc.tuple(extraKey(Object.keys(group.fields)), wrongType), { freq: 6 });
  const shaped = fc.tuple(record, extra).map(([obj, more]) => (more ? withOwnKey({ ...obj }, more[0], more[1]) : obj));
  return fc.oneof({ weight: 30, arbitrary: shaped }, { weight: 1, arbitrary: wrongType }, { weight: 1, arbitrary: deepNesting });
}

function listArbitrary(list: List, dirty: boolean, durationCapUs: number): fc.Arbitrary<unknown> {
  const items = fc.array(groupArbitrary(list.item, dirty, durationCapUs), { maxLength: 3 });
  if (!dirty) return items;
  const tooMany = fc.constant(null).map(() => Array.from({ length: list.maxItems + 1 }, () => ({})));
  return fc.oneof({ weight: 10, arbitrary: items }, { weight: 1, arbitrary: tooMany }, { weight: 1, arbitrary: wrongType });
}

function unionArbitrary(union: Union, dirty: boolean, durationCapUs: number): fc.Arbitrary<unknown> {
  const first = Object.values(union.variants)[0];
  const variants = Object.entries(union.variants).map(([kind, group]) =>
    groupArbitrary(group, dirty, durationCapUs).map((obj) => (isPlain(obj) ? withOwnKey({ ...obj }, "kind", kind) : obj)),
  );
  if (!dirty) return fc.oneof(...variants);
  const junkKind = fc.tuple(groupArbitrary(first, true, durationCapUs), junkString).map(([obj, kind]) => (isPlain(obj) ? withOwnKey({ ...obj }, "kind", kind) : obj));
  return fc.oneof({ weight: 8, arbitrary: fc.oneof(...variants) }, { weight: 1, arbitrary: groupArbitrary(first, true, durationCapUs) }, { weight: 1, arbitrary: junkKind });
}

/** A duration leaf's max, lowered to `capUs` (never below its min). */
function capped(min: string, max: string, capUs: number): string {
  const maxUs = maybeDurationUs(max)!;
  return capUs >= maxUs ? max : formatDuration(Math.max(maybeDurationUs(min)!, capUs));
}

/** A key the group does not know: prototype names, near misses of real keys, or random text. */
function extraKey(known: string[]): fc.Arbitrary<string> {
  const others = [fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ minLength: 1, maxLength: 8 })];
  if (known.length === 0) return fc.oneof(...others);
  const nearMiss = fc.constantFrom(...known).map((k) => `${k.slice(0, -1)}${k.endsWith("e") ? "a" : "e"}`);
  return fc.oneof(...others, nearMiss);
}

/** obj[key] = value as an own data property, even for "__proto__" (plain assignment would set the prototype). */
export function withOwnKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
