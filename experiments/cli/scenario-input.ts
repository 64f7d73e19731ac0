import { parseScenario, type Scenario } from "../../sim/index.ts";
import { readJsonFile } from "./json-file.ts";
import { applySets } from "./overrides.ts";
import { UsageError } from "./usage-error.ts";

/** Loads a scenario file, applies --set overrides and resolves it (throws ScenarioError). */
export function loadScenario(path: string | undefined, sets: readonly string[], command: string): Scenario {
  return parseScenario(loadScenarioOptions(path, sets, command));
}

/** The scenario file with --set overrides applied, not yet resolved. */
export function loadScenarioOptions(path: string | undefined, sets: readonly string[], command: string): Record<string, unknown> {
  if (path === undefined) throw new UsageError(`${command}: needs a scenario file, e.g. experiments/scenarios/incident.json`);
  return applySets(readJsonFile(path), sets);
}
