/**
 * A bound on input nesting. The spec is a few levels deep (disconnects.0.at), but input may be
 * anything; printing or copying a value nested tens of thousands of levels deep overflows the
 * stack (JSON.stringify recurses). Input is checked iteratively before it is walked.
 */
export const NESTING_MAX = 32;

/** The path to the first value nested deeper than `max` levels, or null. Never recurses. */
export function tooDeep(value: unknown, max = NESTING_MAX): string[] | null {
  const stack: [unknown, string[]][] = [[value, []]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (path.length >= max) return path;
    for (const [k, child] of Object.entries(v)) stack.push([child, [...path, k]]);
  }
  return null;
}

/** One line naming where too-deep input starts: its first three path segments. */
export function tooDeepMessage(path: readonly string[], what: string): string {
  const head = path.slice(0, 3).join(".");
  return `${head ? `${head}${path.length > 3 ? "…" : ""}` : what} is nested more than ${NESTING_MAX} levels deep; nothing in a ${what} is`;
}
