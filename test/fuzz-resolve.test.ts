/**
 * Fuzzes resolveScenario with inputs generated from the spec (test/spec-arbitrary.ts). The seed is
 * fixed and printed in the suite title; FUZZ_SEED=<n> replays another, FUZZ_RUNS=<n> and
 * FUZZ_RUN_INPUTS=<n> run longer (inputs resolved; inputs for the property that runs them).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario, ScenarioError, type Scenario } from "../sim/index.ts";
import { maybeDurationUs } from "../sim/scenario/duration.ts";
import { isPlain, runnableInput, smallWorkload } from "./fuzz-inputs.ts";
import { PROTOTYPE_KEYS, scenarioInput } from "./spec-arbitrary.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const RUN_INPUTS = Number(process.env.FUZZ_RUN_INPUTS ?? 2_000);

/** Resolves or returns the ScenarioError; any other exception escapes and fails the property. */
function tryResolve(input: unknown): Scenario | ScenarioError {
  try {
    return resolveScenario(input as never);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
}

describe(`resolveScenario under spec-derived fuzzing (seed ${SEED}, ${RUNS} + ${RUN_INPUTS} inputs)`, () => {
  it("every input resolves or throws ScenarioError with messages; nothing reaches Object.prototype", () => {
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    let resolved = 0;
    fc.assert(
      fc.property(scenarioInput, (input) => {
        const out = tryResolve(input);
        // A prototype-named key anywhere is an unknown field, never silently accepted.
        if (hasPrototypeKey(input)) expect(out).toBeInstanceOf(ScenarioError);
        if (out instanceof ScenarioError) {
          expect(out.problems.length).toBeGreaterThan(0);
          for (const p of out.problems) expect(p).toMatch(/\S/);
        } else {
          resolved++;
          // A resolved scenario is a fixed point: resolving it again changes nothing (defaults keep
          // their spec spelling, "60s" where a given value prints "1m", so compare durations in µs).
          expect(inMicros(resolveScenario(JSON.parse(JSON.stringify(out))))).toBe(inMicros(out));
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The generator must reach the model too, not only the error paths.
    expect(resolved).toBeGreaterThan(RUNS / 20);
  });

  it(`every resolved scenario with ≤ 60 s of workload and ≤ 64 connections runs to outcome complete (${RUN_INPUTS} inputs)`, () => {
    let ran = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 1, arbitrary: scenarioInput }, { weight: 3, arbitrary: runnableInput }), (input) => {
        // A user's own limits.eventsMax is an opt-in truncation: a run that reaches it ends
        // eventLimit by request (README: limits.eventsMax), so only the default limit is held to complete.
        if (isPlain(input) && Object.hasOwn(input, "limits")) return;
        const s = tryResolve(input);
        if (s instanceof ScenarioError || !smallWorkload(s)) return;
        ran++;
        const r = runScenario(s);
        expect(r.outcome, JSON.stringify(s)).toBe("complete");
        expect(r.succeeded + r.failed, JSON.stringify(s)).toBe(r.commands);
      }),
      { seed: SEED, numRuns: RUN_INPUTS },
    );
    // A good share of the inputs must reach the model, or the property proves little.
    expect(ran).toBeGreaterThan(RUN_INPUTS / 5);
  });
});

/** Whether a prototype-named key occurs within the first 40 levels (iterative: inputs may nest 50,000 deep). */
function hasPrototypeKey(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null || depth > 40) continue;
    for (const [k, child] of Object.entries(v)) {
      if ((PROTOTYPE_KEYS as readonly string[]).includes(k)) return true;
      stack.push([child, depth + 1]);
    }
  }
  return false;
}

function inMicros(s: Scenario): string {
  return JSON.stringify(s, (_, v) => (typeof v === "string" && maybeDurationUs(v) !== null ? maybeDurationUs(v) : v));
}
