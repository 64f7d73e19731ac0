/**
 * Keys that name an object's machinery rather than data. Input never follows or writes them:
 * `obj["__proto__"] = v` replaces the prototype, and `key in obj` finds `constructor` on every
 * object, so a walk that trusts them pollutes or silently accepts input. Scenario files, `--set`,
 * sweep axes, the URL hash and merge inputs all come through checks built on these.
 */
const FORBIDDEN: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** True for `__proto__`, `constructor` and `prototype`. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN.has(key);
}

/** True when `key` is an own, non-forbidden property of `obj` (never an inherited one). */
export function hasOwnKey(obj: object, key: string): boolean {
  return !FORBIDDEN.has(key) && Object.hasOwn(obj, key);
}

/** `obj[key]` when it is an own property, else undefined: a polluted prototype is never read. */
export function ownValue(obj: object, key: string): unknown {
  return hasOwnKey(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}
