import { describe, expect, it } from "vitest";
import { resolveSweep, SweepError } from "../sim/sweep/index.ts";

const axes = [{ path: "probe", values: ["none", "tls-aware"] }];

/** The problems resolveSweep reports for `raw` (it must throw). */
function problems(raw: unknown, options = {}): readonly string[] {
  try {
    resolveSweep(raw, options);
  } catch (e) {
    if (e instanceof SweepError) return e.problems;
    throw e;
  }
  throw new Error("resolveSweep accepted invalid input");
}

describe("resolveSweep(raw) messages", () => {
  const cases: [string, unknown, string][] = [
    ["not an object", [], "sweep must be an object; got []"],
    ["unknown field", { base: {}, axes, replicas: 3 }, "replicas is not a known sweep field; allowed: doc, base, set, axes, replications, metrics, pairBy"],
    ["doc not text", { base: {}, axes, doc: 3 }, "doc must be text; got 3"],
    ["base missing", { axes }, "base must be a scenario object or a path to a scenario file; got nothing"],
    ["base path without loader", { base: "x.json", axes }, 'base is a path ("x.json") but no loader was given; inline the scenario object'],
    ["set not an object", { base: {}, axes, set: 1 }, 'set must be an object of scenario path → value, e.g. {"warmup.idle": "full"}; got 1'],
    ["set bad path", { base: {}, axes, set: { "pool..size": 1 } }, 'set: path "pool..size" has an empty part'],
    ["axes not a list", { base: {}, axes: {} }, "axes must be a list of {path, values} or {path, from, to, step}; got {}"],
    ["axis not an object", { base: {}, axes: [3] }, "axes.0 must be an object {path, values} or {path, from, to}; got 3"],
    ["axis unknown field", { base: {}, axes: [{ path: "probe", values: ["none"], by: 1 }] }, "axes.0.by is not a known axis field; allowed: path, values, from, to, step"],
    ["axis path missing", { base: {}, axes: [{ values: [1] }] }, 'axes.0.path must be a scenario path such as "pool.size"; got nothing'],
    ["axis path repeated", { base: {}, axes: [...axes, { path: "probe", values: ["syscall"] }] }, 'axes.1.path "probe" repeats axes.0.path'],
    ["values and range", { base: {}, axes: [{ path: "pool.size", values: [1], from: 1, to: 2 }] }, "axes.0 must give values or from/to, not both"],
    ["values empty", { base: {}, axes: [{ path: "probe", values: [] }] }, "axes.0.values must be a non-empty list; got []"],
    ["values repeated", { base: {}, axes: [{ path: "probe", values: ["none", "none"] }] }, 'axes.0.values holds "none" twice'],
    ["from not integer", { base: {}, axes: [{ path: "pool.size", from: 1.5, to: 3 }] }, "axes.0.from must be an integer (or give values instead); got 1.5"],
    ["to not integer", { base: {}, axes: [{ path: "pool.size", from: 1 }] }, "axes.0.to must be an integer (or give values instead); got nothing"],
    ["step not positive", { base: {}, axes: [{ path: "pool.size", from: 1, to: 3, step: 0 }] }, "axes.0.step must be an integer ≥ 1; got 0"],
    ["to below from", { base: {}, axes: [{ path: "pool.size", from: 5, to: 3 }] }, "axes.0.to must be ≥ axes.0.from (5); got 3"],
    ["range too long", { base: {}, axes: [{ path: "seed", from: 0, to: 200_000 }] }, "axes.0 may hold at most 100000 values; from 0 to 200000 step 1 gives 200001"],
    ["replications not integer", { base: {}, axes, replications: 0 }, "replications must be an integer from 1 to 100000000, or {metric, halfWidth, min, max}; got 0"],
    ["replications unknown field", { base: {}, axes, replications: { metric: "dials", halfWidth: 1, min: 2, max: 9, eps: 1 } }, "replications.eps is not a known field; allowed: metric, halfWidth, min, max"],
    ["adaptive metric", { base: {}, axes, replications: { metric: "x", halfWidth: 1, min: 2, max: 9 } }, 'replications.metric must be one of '],
    ["adaptive halfWidth", { base: {}, axes, replications: { metric: "dials", halfWidth: 0, min: 2, max: 9 } }, "replications.halfWidth must be a number > 0; got 0"],
    ["adaptive min", { base: {}, axes, replications: { metric: "dials", halfWidth: 1, min: 1, max: 9 } }, "replications.min must be an integer from 2 to 100000000; got 1"],
    ["adaptive max", { base: {}, axes, replications: { metric: "dials", halfWidth: 1, min: 2, max: "9" } }, 'replications.max must be an integer from 2 to 100000000; got "9"'],
    ["adaptive max below min", { base: {}, axes, replications: { metric: "dials", halfWidth: 1, min: 20, max: 9 } }, "replications.max must be ≥ replications.min (20); got 9"],
    ["metrics empty", { base: {}, axes, metrics: [] }, "metrics must be a non-empty list of metric names; got []"],
    ["metric unknown", { base: {}, axes, metrics: ["dials", "p99"] }, 'metrics.1 must be one of '],
    ["metric twice", { base: {}, axes, metrics: ["dials", "dials"] }, 'metrics.1 "dials" is listed twice'],
    ["pairBy not an axis", { base: {}, axes, pairBy: "pool.size" }, 'pairBy must be null or one of the axis paths (probe); got "pool.size"'],
    ["too many cells", { base: {}, axes: [{ path: "seed", from: 0, to: 9999 }, { path: "pool.size", from: 1, to: 101 }] }, "the axes make 1010000 cells; at most 1000000 are allowed"],
    ["cell scenario invalid", { base: {}, axes: [{ path: "pool.size", values: [0, 1, -1] }] }, "cell {pool.size: 0}: pool.size must be an integer from 1 to 100000; got 0"],
  ];
  for (const [what, raw, message] of cases) {
    it(`reports ${what}`, () => {
      const found = problems(raw);
      expect(found.some((p) => p.startsWith(message)), `${JSON.stringify(found)} should include ${message}`).toBe(true);
    });
  }

  it("lists a problem shared by many cells once, with a count", () => {
    const found = problems({ base: {}, axes: [{ path: "probe", values: ["none", "syscall"] }, { path: "retry.maxRetries", values: [-1] }] });
    expect(found).toEqual(['cell {probe: "none", retry.maxRetries: -1}: retry.maxRetries must be an integer from 0 to 10000; got -1 (and 1 more cells)']);
  });

  it("names the base file when the loader fails", () => {
    const found = problems({ base: "gone.json", axes }, { loadBase: () => { throw new Error("gone.json: no such file"); } });
    expect(found).toEqual(['base "gone.json": gone.json: no such file']);
  });

  it("collects every problem at once", () => {
    expect(problems({ base: 1, axes: 2, metrics: 3 })).toHaveLength(3);
  });

  it("expands ranges, defaults replications, metrics and pairBy, and freezes the result", () => {
    const s = resolveSweep({ base: {}, axes: [{ path: "pool.size", from: 2, to: 8, step: 3 }, { path: "probe", values: ["none", "syscall"] }] });
    expect(s.axes[0].values).toEqual([2, 5, 8]);
    expect(s.replications).toEqual({ kind: "fixed", count: 1000 });
    expect(s.pairAxis).toBe(1);
    expect(Object.isFrozen(s.axes[0].values)).toBe(true);
    expect(resolveSweep({ base: {}, axes, pairBy: null }).pairAxis).toBeNull();
  });
});

describe("SweepError.issues", () => {
  it("SweepError.issues carry paths: sweep fields, axes by index, and cells by scenario field", () => {
    try {
      resolveSweep({ base: {}, axes: [{ path: "pool.size", values: [0, 1] }, { path: "probe", values: ["none"], by: 1 }], replications: 0 });
      throw new Error("resolved");
    } catch (e) {
      if (!(e instanceof SweepError)) throw e;
      expect(e.issues.map((i) => i.path)).toEqual([["axes", "1", "by"], ["replications"]]);
    }
    try {
      resolveSweep({ base: {}, axes: [{ path: "pool.size", values: [0, 1] }] });
      throw new Error("resolved");
    } catch (e) {
      if (!(e instanceof SweepError)) throw e;
      expect(e.issues).toEqual([{ path: ["cells", "pool", "size"], message: "cell {pool.size: 0}: pool.size must be an integer from 1 to 100000; got 0" }]);
    }
  });

  it('resolveSweep(raw, {cells: "corners"}) checks the extreme cells only', () => {
    const raw = { base: {}, axes: [{ path: "pool.size", values: [1, 1.5, 3] }], replications: 1 };
    expect(() => resolveSweep(raw, { cells: "corners" })).not.toThrow();
    expect(() => resolveSweep(raw)).toThrow(/cell \{pool.size: 1.5\}: pool.size must be an integer/);
    expect(() => resolveSweep({ ...raw, axes: [{ path: "pool.size", values: [2, 0, 5] }] }, { cells: "corners" })).toThrow(/pool.size: 0/);
  });
});
