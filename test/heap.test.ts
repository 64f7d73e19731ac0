import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventHeap } from "../sim/engine/heap.ts";

describe("EventHeap", () => {
  it("pop() returns events by time, then priority, then insertion order", () => {
    const h = new EventHeap(2);
    h.push(5, 1, 1, 10, 0);
    h.push(5, 0, 2, 20, 0);
    h.push(3, 2, 3, 30, 0);
    h.push(5, 1, 4, 40, 0);
    h.push(5, 0, 5, 50, 0);
    const order: number[] = [];
    while (h.pop()) order.push(h.popA);
    expect(order).toEqual([30, 20, 50, 10, 40]);
  });

  it("pop() on an empty heap returns false and peekTime() is Infinity", () => {
    const h = new EventHeap();
    expect(h.pop()).toBe(false);
    expect(h.peekTime()).toBe(Infinity);
  });

  it("matches a stable sort for any pushes (fast-check, seed 42)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), { maxLength: 300 }), (items) => {
        const h = new EventHeap(1);
        items.forEach(([t, p], i) => h.push(t, p, 1, i, 0));
        const expected = items.map(([t, p], i) => ({ t, p, i })).sort((x, y) => x.t - y.t || x.p - y.p || x.i - y.i).map((x) => x.i);
        const got: number[] = [];
        while (h.pop()) got.push(h.popA);
        expect(got).toEqual(expected);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it("interleaved push/pop keeps order (fast-check, seed 7)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 200 }), (deltas) => {
        const h = new EventHeap(1);
        let now = 0;
        for (const d of deltas) {
          h.push(now + d, 0, 1, 0, 0);
          if (d % 3 === 0 && h.pop()) {
            expect(h.popTime).toBeGreaterThanOrEqual(now);
            now = h.popTime;
          }
        }
        while (h.pop()) {
          expect(h.popTime).toBeGreaterThanOrEqual(now);
          now = h.popTime;
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
