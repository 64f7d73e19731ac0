import { quantile } from "d3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IntDeque } from "../sim/model/int-deque.ts";
import { LatencyRecorder } from "../sim/model/latency.ts";
import type { BudgetParams } from "../sim/model/params.ts";
import { createRetryBudget } from "../sim/model/retry-budget.ts";
import { t95, Welford } from "../sim/stats.ts";

const SEED = 20261202;

describe(`IntDeque against a plain array (fast-check seed ${SEED})`, () => {
  type Op = { op: "push"; v: number } | { op: "popBack" } | { op: "popFront" } | { op: "filter"; mod: number } | { op: "clear" };
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((v) => ({ op: "push" as const, v })) },
    { weight: 2, arbitrary: fc.constant({ op: "popBack" as const }) },
    { weight: 2, arbitrary: fc.constant({ op: "popFront" as const }) },
    { weight: 1, arbitrary: fc.integer({ min: 2, max: 5 }).map((mod) => ({ op: "filter" as const, mod })) },
    { weight: 1, arbitrary: fc.constant({ op: "clear" as const }) },
  );

  it("push/popBack/popFront/filter/clear/at agree with an array model, across growth and wrap-around", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(op, { maxLength: 400 }), (capacity, ops) => {
        const d = new IntDeque(capacity);
        const model: number[] = [];
        for (const o of ops) {
          if (o.op === "push") (d.push(o.v), model.push(o.v));
          else if (o.op === "popBack" && model.length > 0) expect(d.popBack()).toBe(model.pop());
          else if (o.op === "popFront" && model.length > 0) expect(d.popFront()).toBe(model.shift());
          else if (o.op === "filter") {
            const keep = (v: number) => Math.abs(v) % o.mod !== 0;
            d.filter(keep);
            model.splice(0, model.length, ...model.filter(keep));
          } else if (o.op === "clear") (d.clear(), (model.length = 0));
          expect(d.length).toBe(model.length);
        }
        expect(Array.from({ length: d.length }, (_, i) => d.at(i))).toEqual(model);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe(`LatencyRecorder against d3.quantile (fast-check seed ${SEED})`, () => {
  const latency = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 3_000_000 }), fc.integer({ min: 0, max: 2 ** 40 }));
  const ps = [0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999, 1];

  it("quantile(p) is R-7 (d3.quantile) for small runs (sorted buffer) and large ones (histogram + overflow list)", () => {
    const rec = new LatencyRecorder();
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 2000 }), (xs) => {
        rec.reset(); // reused, as a sweep reuses it: nothing may leak from the previous run
        for (const x of xs) rec.record(x);
        for (const p of ps) expect(rec.quantile(p)).toBe(quantile(xs, p));
        expect(rec.n).toBe(xs.length);
        expect(rec.max).toBe(Math.max(...xs));
        expect(rec.sum).toBe(xs.reduce((a, b) => a + b, 0));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("quantile(p) is NaN with no values", () => {
    const rec = new LatencyRecorder();
    expect(rec.quantile(0.5)).toBeNaN();
  });
});

describe(`Welford and t-intervals against a two-pass computation (fast-check seed ${SEED})`, () => {
  it("mean and variance match the two-pass formulas; ci95 is mean ± t95(n−1)·s/√n", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 300 }), (xs) => {
        const w = new Welford();
        for (const x of xs) w.add(x);
        const n = xs.length;
        const mean = xs.reduce((a, b) => a + b, 0) / n;
        const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
        const scale = Math.max(1, ...xs.map(Math.abs));
        expect(w.n).toBe(n);
        expect(Math.abs(w.mean - mean)).toBeLessThanOrEqual(1e-9 * scale);
        expect(Math.abs(w.variance - variance)).toBeLessThanOrEqual(1e-9 * Math.max(1, variance) + 1e-12 * scale * scale);
        const [lo, hi] = w.ci95()!;
        const half = t95(n - 1) * Math.sqrt(variance / n);
        expect(Math.abs((hi - lo) / 2 - half)).toBeLessThanOrEqual(1e-6 * Math.max(1, half));
        expect(Math.abs((hi + lo) / 2 - mean)).toBeLessThanOrEqual(1e-9 * scale + 1e-6 * half);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("ci95() is null with fewer than two values; from(toJSON()) restores the state", () => {
    const w = new Welford();
    expect(w.ci95()).toBeNull();
    w.add(3);
    expect(w.ci95()).toBeNull();
    w.add(5);
    expect(Welford.from(w.toJSON()).ci95()).toEqual(w.ci95());
    // n = 2: mean 4, s = √2, half = 12.706 · √2/√2.
    expect(w.ci95()).toEqual([4 - 12.706, 4 + 12.706]);
  });

  it("t95(df) is the two-sided 95% Student-t quantile (table to 30, then Cornish-Fisher)", () => {
    expect(t95(1)).toBe(12.706);
    expect(t95(30)).toBe(2.042);
    expect(t95(60)).toBeCloseTo(2.0003, 3);
    expect(t95(1e9)).toBeCloseTo(1.959964, 6);
  });
});

describe("retry budgets, against hand-computed sequences", () => {
  const budget = (b: BudgetParams) => createRetryBudget(b);

  it("token-bucket (AWS standard retryer): retries take 5 (10 after a timeout), a successful retry refunds its cost, a first-try success adds 1", () => {
    const b = budget({ kind: "token-bucket", capacity: 12, retryCost: 5, timeoutRetryCost: 10, successIncrement: 1 });
    expect(b.tryRetry(0, false)).toBe(5); // 12 → 7
    expect(b.tryRetry(0, false)).toBe(5); // 7 → 2
    expect(b.tryRetry(0, false)).toBe(-1); // 2 < 5: refused, nothing taken
    b.onSuccess(0, 5); // the second retry succeeded: refund 5 → 7
    expect(b.tryRetry(0, true)).toBe(-1); // a timeout retry costs 10 > 7
    b.onSuccess(0, 0); // a first attempt succeeded: +1 → 8
    b.onSuccess(0, 0); // → 9
    b.onSuccess(0, 0); // → 10
    expect(b.tryRetry(0, true)).toBe(10); // 10 → 0
    expect(b.tryRetry(0, false)).toBe(-1);
    for (let i = 0; i < 20; i++) b.onSuccess(0, 10); // refunds stop at capacity 12
    expect(b.tryRetry(0, true)).toBe(10); // 12 → 2
    expect(b.tryRetry(0, false)).toBe(-1);
  });

  it("ratio (Finagle): retries ≤ percent × requests + minRetriesPerSecond × window over the window, counted in 1 s buckets", () => {
    const b = budget({ kind: "ratio", percent: 20, minRetriesPerSecond: 1, windowS: 2 });
    for (let i = 0; i < 10; i++) b.onRequest(0);
    // allowed = 0.2 × 10 + 1 × 2 = 4 retries in the window
    expect([0, 1, 2, 3, 4].map(() => b.tryRetry(100_000, false))).toEqual([0, 0, 0, 0, -1]);
    // At t = 1.5 s the second-0 bucket is still in the 2 s window: still full.
    expect(b.tryRetry(1_500_000, false)).toBe(-1);
    // At t = 2 s second 0 leaves: no requests, no retries in the window; allowed = 2.
    expect([0, 1, 2].map(() => b.tryRetry(2_000_000, false))).toEqual([0, 0, -1]);
    // Far later the whole window is new: allowed 0.2 × 5 + 2 = 3.
    for (let i = 0; i < 5; i++) b.onRequest(60_000_000);
    expect([0, 1, 2, 3].map(() => b.tryRetry(60_000_000, false))).toEqual([0, 0, 0, -1]);
  });

  it("grpc (A6 retry throttling): failures take 1, successes add tokenRatio, retries only while tokens > maxTokens / 2", () => {
    const b = budget({ kind: "grpc", maxTokens: 4, tokenRatio: 0.5 });
    expect(b.tryRetry(0, false)).toBe(0); // 4 > 2
    b.onFailure(0); // 3
    expect(b.tryRetry(0, false)).toBe(0);
    b.onFailure(0); // 2: not > 2
    expect(b.tryRetry(0, false)).toBe(-1);
    b.onSuccess(0, 0); // 2.5
    expect(b.tryRetry(0, false)).toBe(0);
    for (let i = 0; i < 10; i++) b.onFailure(0); // floors at 0
    b.onSuccess(0, 0); // 0.5
    expect(b.tryRetry(0, false)).toBe(-1);
    for (let i = 0; i < 20; i++) b.onSuccess(0, 0); // capped at 4
    b.onFailure(0); // 3
    b.onFailure(0); // 2
    expect(b.tryRetry(0, false)).toBe(-1);
  });

  it("none never refuses", () => {
    const b = budget({ kind: "none" });
    for (let i = 0; i < 1000; i++) b.onFailure(0);
    expect(b.tryRetry(0, true)).toBe(0);
  });
});
