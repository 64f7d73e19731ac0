import { tooDeep, tooDeepMessage } from "../../sim/scenario/depth.ts";
import { setPath } from "../../sim/scenario/paths.ts";
import { ScenarioError } from "../../sim/scenario/resolve.ts";
import { UsageError } from "./usage-error.ts";

/**
 * Applies `--set path=value` to raw scenario options. The value is read as JSON when it parses
 * (numbers, booleans, objects), else as a string; validation happens afterwards in
 * resolveScenario, exactly as for the file.
 */
export function applySets(options: unknown, sets: readonly string[]): Record<string, unknown> {
  // Refuse absurd nesting before copying: structuredClone recurses and would overflow the stack.
  const deep = tooDeep(options);
  if (deep !== null) throw new ScenarioError([{ path: deep.slice(0, 3), message: tooDeepMessage(deep, "scenario") }]);
  const root = structuredClone(options ?? {}) as Record<string, unknown>;
  for (const set of sets) {
    const eq = set.indexOf("=");
    if (eq <= 0) throw new UsageError(`--set takes path=value; got ${JSON.stringify(set)}`);
    const problem = setPath(root, set.slice(0, eq).trim(), parseValue(set.slice(eq + 1)));
    if (problem !== null) throw new UsageError(`--set ${problem}`);
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
