import { readdirSync, readFileSync } from "node:fs";
import Ajv, { type ValidateFunction } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { schemaFiles } from "../schema/files.ts";
import { resolveScenario, ScenarioError } from "../sim/index.ts";
import { resolveSweep } from "../sim/sweep/index.ts";
import { scenarioInput } from "./spec-arbitrary.ts";

const SEED = 20261202;
const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

function validators(): { scenario: ValidateFunction; sweep: ValidateFunction } {
  const files = schemaFiles();
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addSchema(JSON.parse(files["scenario.schema.json"]));
  ajv.addSchema(JSON.parse(files["sweep.schema.json"]));
  return { scenario: ajv.getSchema("scenario.schema.json")!, sweep: ajv.getSchema("sweep.schema.json")! };
}

/**
 * True when `value` nests more than `limit` levels (found without recursion). The resolver refuses
 * input nested past 32 levels by name; JSON.stringify and Ajv would overflow the stack on the
 * generator's 50,000-deep objects, so those stay with test/fuzz-resolve.test.ts.
 */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The resolver's verdict: null when valid, else its problems. */
function resolverProblems(input: unknown): readonly string[] | null {
  try {
    resolveScenario(input as never);
    return null;
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
}

/**
 * Rules the schema cannot state (schema/from-spec.ts says which): a valid-by-schema input may still
 * fail these, and only these, in the resolver.
 */
const RESOLVER_ONLY: RegExp[] = [
  /^\S+ must be (0s or )?a duration from \S+ to \S+; got /, // a parsed duration outside its range
  /^\S+ must be (0s or )?a duration with a unit .*; got "\s*\d+\.\d+(us|ms|s|m|h)\s*"$/, // a fraction of a microsecond
  /^\S+ must be (0s or )?a duration with a unit .*; got "\s*\d{16,}.*"$/, // beyond a safe integer of µs
  /^pool\.minIdle must be ≤ pool\.size /,
  /^network\.dialTimeout must be at least a connect's /,
  /^warmup\.idle must be ≤ pool\.size /,
  /^disconnects\.\d+\.loadingStartsAfter must be ≤ disconnects\.\d+\.loading /,
  /^goVersion \S+ cannot build /,
  /^profile names an unsupported (go-redis|redis-py) version/,
];

describe("schema/*.schema.json", () => {
  it("are what `npm run schema` writes from the spec, byte for byte", () => {
    for (const [name, text] of Object.entries(schemaFiles())) expect(readFileSync(`schema/${name}`, "utf8"), `schema/${name}: run npm run schema`).toBe(text);
  });

  it("compile under Ajv's strict mode and accept every example in experiments/, each pointing at its schema", () => {
    const v = validators();
    for (const [folder, validate, schema] of [["scenarios", v.scenario, "scenario"], ["sweeps", v.sweep, "sweep"]] as const) {
      const names = readdirSync(`experiments/${folder}`).filter((f) => f.endsWith(".json"));
      expect(names.length).toBeGreaterThan(2);
      for (const name of names) {
        const doc = json(`experiments/${folder}/${name}`);
        expect(doc.$schema, name).toBe(`../../schema/${schema}.schema.json`);
        expect(validate(doc), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
  });

  it("resolveScenario and resolveSweep accept and ignore $schema", () => {
    const s = resolveScenario({ $schema: "../../schema/scenario.schema.json", pool: { size: 4 } } as never);
    expect(s).toEqual(resolveScenario({ pool: { size: 4 } }));
    expect(() => resolveScenario({ pool: { $schema: "x" } } as never)).toThrow(/pool\.\$schema is not a known field/);
    const sweep = resolveSweep(json("experiments/sweeps/frontier.json"), { loadBase: json });
    expect(sweep.base).not.toHaveProperty("$schema");
  });

  it(`the schema and resolveScenario agree on generated inputs (the schema is never stricter); fast-check seed ${SEED}`, () => {
    const { scenario: validate } = validators();
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(scenarioInput.filter((raw) => !nestedDeeperThan(raw, 40)), (raw) => {
        // Schemas describe JSON files: NaN, Infinity and undefined do not survive JSON.
        const input = JSON.parse(JSON.stringify(raw) ?? "null");
        // resolveScenario(null) means "all defaults" for API callers; a file holding null is no scenario.
        if (input === null) return;
        const bySchema = validate(input);
        const problems = resolverProblems(input);
        if (problems === null) valid++;
        else invalid++;
        if (!bySchema) {
          expect(problems, `schema refuses ${JSON.stringify(input)}: ${JSON.stringify(validate.errors)}`).not.toBeNull();
        } else if (problems !== null) {
          const unexplained = problems.filter((p) => !RESOLVER_ONLY.some((r) => r.test(p)));
          expect(unexplained, `schema accepts ${JSON.stringify(input)}`).toEqual([]);
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
    // Both verdicts must be well represented, or the property proves little.
    expect(valid).toBeGreaterThan(300);
    expect(invalid).toBeGreaterThan(300);
  });
});
