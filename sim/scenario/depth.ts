/**
 * A bound on input nesting. The spec is a few levels deep (disconnects.0.at), but input may be
 * anything; printing or copying a value nested tens of thousands of levels deep overflows the
 * stack (JSON.stringify recurses). Input is checked iteratively before it is walked.
 */
export const NESTING_MAX = 32;

/**
 * The path to the first value nested deeper than `max` levels, or null. Never recurses. Each object
 * visited keeps only its key and its parent's index (a path array per value was most of the cost
 * of resolving a sweep's cells); the path is built for the answer alone.
 */
export function tooDeep(value: unknown, max = NESTING_MAX): string[] | null {
  if (typeof value !== "object" || value === null) return null;
  const values: object[] = [value];
  const keys: string[] = [""];
  const parents: number[] = [-1];
  const depths: number[] = [0];
  const stack: number[] = [0];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (depths[i] >= max) return pathTo(i, keys, parents);
    const v = values[i] as Record<string, unknown>;
    for (const k of Object.keys(v)) {
      const child = v[k];
      if (typeof child !== "object" || child === null) continue;
      stack.push(values.push(child) - 1);
      keys.push(k);
      parents.push(i);
      depths.push(depths[i] + 1);
    }
  }
  return null;
}

function pathTo(i: number, keys: readonly string[], parents: readonly number[]): string[] {
  const path: string[] = [];
  for (let j = i; j > 0; j = parents[j]) path.push(keys[j]);
  return path.reverse();
}

/** One line naming where too-deep input starts: its first three path segments. */
export function tooDeepMessage(path: readonly string[], what: string): string {
  const head = path.slice(0, 3).join(".");
  return `${head ? `${head}${path.length > 3 ? "…" : ""}` : what} is nested more than ${NESTING_MAX} levels deep; nothing in a ${what} is`;
}
