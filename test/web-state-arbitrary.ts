import fc from "fast-check";
import { FIELDS, type Field } from "../web/app/fields.ts";
import { validateTexts } from "../web/app/scenario-text.ts";
import { defaultState, SPEEDS, STRATEGY_KEYS, type AppState } from "../web/app/state.ts";
import { stateProblems } from "../web/app/state-check.ts";
import { AXIS_PATHS } from "../web/app/sweep-def.ts";

/** A valid text for one form field, drawn within the field's range (small values keep runs cheap). */
function fieldValue(field: Field): fc.Arbitrary<string> {
  const leaf = field.leaf;
  switch (leaf.type) {
    case "enum":
      return fc.constantFrom(...leaf.choices);
    case "bool":
      return fc.constantFrom("true", "false");
    case "int":
      return fc.integer({ min: leaf.min, max: Math.min(leaf.max, leaf.min + 60) }).map(String);
    case "number":
      return fc.integer({ min: 0, max: 100 }).map((i) => String(Number((leaf.min + ((Math.min(leaf.max, leaf.min + 10) - leaf.min) * i) / 100).toFixed(3))));
    case "intOrFull":
      return fc.oneof(fc.constant("full"), fc.integer({ min: leaf.min, max: Math.min(leaf.max, leaf.min + 20) }).map(String));
    case "duration":
      return fc.constantFrom("0s", "5ms", "250ms", "1s", "2s", "30s");
  }
}

const settable = FIELDS.filter((f) => f.path !== "seed" && !f.path.startsWith("limits."));

/** Scenario overrides: a few random fields set to values in range, kept only when they resolve together. */
export const scenarioTexts: fc.Arbitrary<Record<string, string>> = fc
  .array(fc.constantFrom(...settable).chain((f) => fieldValue(f).map((v) => [f.path, v] as const)), { minLength: 1, maxLength: 5 })
  .map((pairs) => Object.fromEntries(pairs))
  .filter((texts) => validateTexts(texts).scenario !== null);

const axis = (path: fc.Arbitrary<string>) =>
  fc.record({ path, from: fc.integer({ min: 0, max: 5 }), span: fc.integer({ min: 0, max: 12 }), step: fc.integer({ min: 1, max: 3 }) })
    .map(({ path, from, span, step }) => ({ path, from: String(from), to: String(from + span), step: String(step) }));

/**
 * A state the app would write into a link: every value valid on its own (the sweep's corners may
 * still leave the scenario's range; the Explore form shows that, the link keeps it).
 */
export const appState: fc.Arbitrary<AppState> = fc
  .record({
    tab: fc.constantFrom("explore", "teach", "plan"),
    scenario: scenarioTexts,
    x: axis(fc.constantFrom(...AXIS_PATHS)),
    y: axis(fc.constantFrom("retry.maxRetries", "pool.size", "pool.maxIdle")),
    reps: fc.integer({ min: 1, max: 5000 }),
    chart: fc.constantFrom("heatmap", "lines"),
    log: fc.boolean(),
    against: fc.constantFrom("x", "y"),
    lines: fc.constantFrom("panel", "x"),
    target: fc.constantFrom("0.001", "0.01", "0.0005", "0.1"),
    strategy: fc.constantFrom(...STRATEGY_KEYS),
    time: fc.oneof(fc.constant(""), fc.integer({ min: 0, max: 3_000_000 }).map((us) => String(us / 1000))),
    speed: fc.constantFrom(...SPEEDS),
  })
  .map((r): AppState => {
    const s = defaultState();
    Object.assign(s, { tab: r.tab, scenario: r.scenario, chart: r.chart, log: r.log, against: r.against, lines: r.lines, target: r.target, strategy: r.strategy, time: r.time, speed: r.speed });
    s.sweep = { ...s.sweep, x: r.x, y: r.y, reps: String(r.reps) };
    return s;
  })
  .filter((s) => stateProblems(s).length === 0);
