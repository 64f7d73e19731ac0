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

/**
 * The path to the first key named `__proto__`, `constructor` or `prototype` anywhere in `value`,
 * or null. For input that is kept whole rather than walked field by field (a shard output's
 * cells): JSON.parse makes such a key an own property, and copying it with assignment would set
 * the copy's prototype. Iterative; bound the depth first (depth.ts tooDeep).
 */
export function forbiddenKeyPath(value: unknown): string[] | null {
  const stack: [unknown, string[]][] = [[value, []]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    for (const [k, child] of Object.entries(v)) {
      if (isForbiddenKey(k)) return [...path, k];
      stack.push([child, [...path, k]]);
    }
  }
  return null;
}
