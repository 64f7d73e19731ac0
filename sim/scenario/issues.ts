/**
 * Structured input problems, in the shape zod and valibot use: the path of the offending field
 * (segments, list indexes as digits) and a message. The message is a whole sentence that already
 * names the path, field value and what is allowed, so printing messages one per line gives the
 * text the CLI has always shown; the web attaches each to its form field by `path`.
 */
export interface Issue {
  /** Field path as segments: ["pool", "size"], ["disconnects", "0", "fraction"]; [] for the whole input. */
  path: readonly string[];
  message: string;
}

/** An issue at a dotted path ("pool.size", "" for the root). */
export function issueAt(path: string, message: string): Issue {
  return { path: splitPath(path), message };
}

/** "pool.size" → ["pool", "size"]; "" → []. */
export function splitPath(path: string): string[] {
  return path === "" ? [] : path.split(".");
}

/** ["pool", "size"] → "pool.size". */
export function joinPath(path: readonly string[]): string {
  return path.join(".");
}

/** Issues as the CLI prints them: one message per line. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => i.message).join("\n");
}
