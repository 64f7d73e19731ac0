import { UsageError } from "./usage-error.ts";

/**
 * Applies `--set path=value` to raw scenario options. The value is read as JSON when it parses
 * (numbers, booleans, objects), else as a string; validation happens afterwards in
 * resolveScenario, exactly as for the file.
 */
export function applySets(options: unknown, sets: readonly string[]): Record<string, unknown> {
  const root = structuredClone(options ?? {}) as Record<string, unknown>;
  for (const set of sets) {
    const eq = set.indexOf("=");
    if (eq <= 0) throw new UsageError(`--set takes path=value; got ${JSON.stringify(set)}`);
    setPath(root, set.slice(0, eq).trim(), parseValue(set.slice(eq + 1)));
  }
  return root;
}

export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sets a dotted path ("pool.size", "disconnects.0.fraction"), creating objects and list items. */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  if (keys.some((k) => k === "")) throw new UsageError(`--set path ${JSON.stringify(path)} has an empty part`);
  let node: Record<string, unknown> | unknown[] = root;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const isIndex = /^\d+$/.test(key);
    if (Array.isArray(node) !== isIndex && !(isIndex && Array.isArray(node))) {
      if (isIndex) throw new UsageError(`--set ${path}: ${keys.slice(0, i).join(".")} is not a list`);
    }
    const container = node as Record<string, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    let next = container[key];
    if (next === undefined || next === null || typeof next !== "object") {
      next = /^\d+$/.test(keys[i + 1]) ? [] : {};
      container[key] = next;
    }
    node = next as Record<string, unknown>;
  });
}
