/**
 * Type-level tests, checked by `npm run typecheck` (tsc covers test/): Scenario and
 * ScenarioOptions are inferred from the spec, and options refuse what the spec does not define.
 */
import { describe, expect, it } from "vitest";
import { resolveScenario, type Scenario, type ScenarioOptions } from "../sim/index.ts";

// @ts-expect-error: a misspelt field is a compile error, not a runtime surprise.
const misspelt: ScenarioOptions = { pool: { sise: 10 } };
// @ts-expect-error: so is an unknown top-level field.
const unknownTop: ScenarioOptions = { pools: {} };
// @ts-expect-error: an enum takes only its choices.
const badProbe: ScenarioOptions = { probe: "tls" };
// @ts-expect-error: a variant's fields belong to that variant.
const wrongVariant: ScenarioOptions = { workload: { kind: "sequential", rate: 5 } };
// @ts-expect-error: resolveScenario itself checks its argument.
resolveScenario.length === 0 || (() => resolveScenario({ retry: { maxRetries: "3" } }));
// @ts-expect-error: a list takes items of its own shape.
const untyped: ScenarioOptions = { disconnects: [{ at: "1s", fractoin: 1 }] };

const good = { profile: "redis-py", pool: { size: 4 }, workload: { kind: "poisson", rate: 10 }, disconnects: [{ at: "1s", count: 2 }] } satisfies ScenarioOptions;

// Resolved types come from the spec: an enum is its choices, a nullable number stays nullable.
const probe: Scenario["probe"] = "tls-aware";
const fraction: Scenario["disconnects"][number]["fraction"] = null;
type Poisson = Extract<Scenario["workload"], { kind: "poisson" }>;
const rate: Poisson["rate"] = 1;

describe("Scenario and ScenarioOptions types", () => {
  it("resolveScenario(options) returns the inferred Scenario type", () => {
    const s: Scenario = resolveScenario(good);
    expect(s.workload.kind === "poisson" && s.workload.rate).toBe(10);
    expect([misspelt, unknownTop, badProbe, wrongVariant, untyped, probe, fraction, rate]).toHaveLength(8);
  });
});
