/**
 * Fuzzes resolveScenario with inputs generated from the spec (test/spec-arbitrary.ts). The seed is
 * fixed and printed in the suite title; FUZZ_SEED=<n> replays another, FUZZ_RUNS=<n> runs longer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario, ScenarioError, type Scenario } from "../sim/index.ts";
import { maybeDurationUs } from "../sim/scenario/duration.ts";
import { PROTOTYPE_KEYS, scenarioInput } from "./spec-arbitrary.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

/** Resolves or returns the ScenarioError; any other exception escapes and fails the property. */
function tryResolve(input: unknown): Scenario | ScenarioError {
  try {
    return resolveScenario(input as never);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
}

describe(`resolveScenario under spec-derived fuzzing (seed ${SEED}, ${RUNS} inputs)`, () => {
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

  // Skipped until the run-ends-with-its-workload fix lands (issue 9 item 2, the core helper's change
  // to the run loop): today background maintenance can keep a finished run alive to the event cap
  // (e.g. a hikaricp scenario with a 170 ms middlebox runs ~830,000 s of dials and probes).
  it.skip("every resolved scenario with ≤ 60 s of workload and ≤ 64 connections runs to outcome complete", () => {
    let ran = 0;
    fc.assert(
      fc.property(scenarioInput, (input) => {
        const s = tryResolve(input);
        if (s instanceof ScenarioError || !smallWorkload(s)) return;
        ran++;
        expect(runScenario(s).outcome, JSON.stringify(s)).toBe("complete");
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(ran).toBeGreaterThan(RUNS / 50);
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

/** Whether a resolved scenario is small enough for the `complete` property: ≤ 60 s, ≤ 64 connections. */
export function smallWorkload(s: Scenario): boolean {
  const w = s.workload;
  const seconds = (d: string) => maybeDurationUs(d)! / 1e6;
  if (s.pool.size > 64) return false;
  if (w.kind === "poisson") return seconds(w.start) + seconds(w.duration) <= 60 && w.rate * seconds(w.duration) <= 5_000;
  return seconds(w.start) <= 60 && w.commands * (w.kind === "concurrent" ? w.clients : 1) <= 5_000;
}
