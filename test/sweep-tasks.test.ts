import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cellCount, coordsOf, resolveSweep, taskCellIndices, taskCount } from "../sim/sweep/index.ts";

const PATHS = ["pool.size", "retry.maxRetries", "seed", "network.initRoundTrips"];

describe("sweep task arithmetic (seed 8)", () => {
  it("taskCellIndices(sweep, i) groups cells exactly as grouping them by their other coordinates does, in first-cell order", () => {
    const sizes = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(sizes, fc.nat(), (lengths, pick) => {
        const axes = lengths.map((n, i) => ({ path: PATHS[i], from: 1, to: n }));
        const pairBy = pick % (lengths.length + 1) === lengths.length ? null : PATHS[pick % (lengths.length + 1)];
        const sweep = resolveSweep({ base: {}, axes, replications: 1, pairBy }, { cells: "corners" });
        // The reference: group cell indices by JSON of their coordinates without the paired axis.
        const groups = new Map<string, number[]>();
        for (let c = 0; c < cellCount(sweep); c++) {
          const key = sweep.pairAxis === null ? String(c) : JSON.stringify(coordsOf(sweep, c).map((v, i) => (i === sweep.pairAxis ? null : v)));
          groups.set(key, [...(groups.get(key) ?? []), c]);
        }
        const expected = [...groups.values()];
        expect(taskCount(sweep)).toBe(expected.length);
        expect(Array.from({ length: taskCount(sweep) }, (_, t) => taskCellIndices(sweep, t))).toEqual(expected);
      }),
      { seed: 8, numRuns: 200 },
    );
  });
});
