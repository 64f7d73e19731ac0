import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tooDeep } from "../sim/scenario/depth.ts";

/** The first version: a path array per value, children popped last first. The answer must not move. */
function reference(value: unknown, max: number): string[] | null {
  const stack: [unknown, string[]][] = [[value, []]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (path.length >= max) return path;
    for (const [k, child] of Object.entries(v)) stack.push([child, [...path, k]]);
  }
  return null;
}

describe("tooDeep", () => {
  it("names the same path as a walk that carries a path per value, for any JSON and bound", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 7 }), (value, max) => {
        expect(tooDeep(value, max)).toEqual(reference(value, max));
      }),
      { numRuns: 2000 },
    );
  });

  it("walks 100,000 levels without recursing", () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = { a: [v] };
    expect(tooDeep(v, 32)).toEqual(Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? "a" : "0")));
  });
});
