/**
 * Dotted scenario paths ("pool.size", "disconnects.0.fraction"), as `--set` and sweep axes name
 * fields. Pure: the CLI and the browser's sweep worker share it. Validation of the value set is
 * resolveScenario's job; this only places it.
 */
import { isForbiddenKey } from "./keys.ts";

/**
 * Sets `path` in raw scenario options, creating objects and list items on the way. Returns a
 * problem (without the flag or field it came from) when the path cannot be placed, else null.
 * A segment named __proto__, constructor or prototype is refused as an unknown field: following
 * it would write into Object.prototype.
 */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): string | null {
  const keys = path.split(".");
  if (keys.some((k) => k === "")) return `path ${JSON.stringify(path)} has an empty part`;
  const forbidden = keys.findIndex(isForbiddenKey);
  if (forbidden >= 0) return `${keys.slice(0, forbidden + 1).join(".")} is not a known field (in path ${JSON.stringify(path)})`;
  let node: Record<string, unknown> = root;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (/^\d+$/.test(key) && !Array.isArray(node)) return `${path}: ${keys.slice(0, i).join(".")} is not a list`;
    if (i === keys.length - 1) {
      node[key] = value;
      return null;
    }
    let next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next === undefined || next === null || typeof next !== "object") {
      next = /^\d+$/.test(keys[i + 1]) ? [] : {};
      node[key] = next;
    }
    node = next as Record<string, unknown>;
  }
  return null;
}
