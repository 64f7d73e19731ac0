import { scenarioJsonSchema, sweepJsonSchema } from "./from-spec.ts";

/** The schema files' names and exact bytes. */
export function schemaFiles(): Record<string, string> {
  const text = (schema: unknown) => JSON.stringify(schema, null, 2) + "\n";
  return { "scenario.schema.json": text(scenarioJsonSchema()), "sweep.schema.json": text(sweepJsonSchema()) };
}
