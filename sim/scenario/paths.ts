/**
 * Dotted scenario paths ("pool.size", "disconnects.0.fraction"), as `--set` and sweep axes name
 * fields. Pure: the CLI and the browser's sweep worker share it. Validation of the value set is
 * resolveScenario's job; this only places it.
 */

/**
 * Sets `path` in raw scenario options, creating objects and list items on the way. Returns a
 * problem (without the flag or field it came from) when the path cannot be placed, else null.
 */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): string | null {
  const keys = path.split(".");
  if (keys.some((k) => k === "")) return `path ${JSON.stringify(path)} has an empty part`;
  let node: Record<string, unknown> = root;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (/^\d+$/.test(key) && !Array.isArray(node)) return `${path}: ${keys.slice(0, i).join(".")} is not a list`;
    if (i === keys.length - 1) {
      node[key] = value;
      return null;
    }
    let next = node[key];
    if (next === undefined || next === null || typeof next !== "object") {
      next = /^\d+$/.test(keys[i + 1]) ? [] : {};
      node[key] = next;
    }
    node = next as Record<string, unknown>;
  }
  return null;
}
