import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultState, normalizeState, type AppState } from "../web/app/state.ts";
import { decodeState, encodeState } from "../web/app/url.ts";

const validState = fc.record({
  tab: fc.constantFrom("explore", "teach", "plan"),
  size: fc.integer({ min: 1, max: 500 }),
  retries: fc.integer({ min: 0, max: 64 }),
  probe: fc.constantFrom("none", "syscall", "tls-aware"),
  mode: fc.constantFrom("fin", "rst", "reset-on-use", "blackhole"),
  xTo: fc.integer({ min: 1, max: 64 }),
  reps: fc.integer({ min: 1, max: 5000 }),
  chart: fc.constantFrom("heatmap", "lines"),
  log: fc.boolean(),
  target: fc.constantFrom("0.001", "0.01", "0.0005", "0.1"),
  strategy: fc.constantFrom("none", "syscall", "tls-aware"),
}).map((r): AppState => {
  const s = defaultState();
  s.tab = r.tab as AppState["tab"];
  s.scenario = { "pool.size": String(r.size), "retry.maxRetries": String(r.retries), probe: r.probe, "disconnects.0.mode": r.mode };
  s.sweep.x = { ...s.sweep.x, to: String(r.xTo) };
  s.sweep.reps = String(r.reps);
  s.chart = r.chart as AppState["chart"];
  s.log = r.log;
  s.target = r.target;
  s.strategy = r.strategy as AppState["strategy"];
  return s;
});

describe("URL state", () => {
  it("encodeState(defaults) is empty, so the plain page URL means the defaults", () => {
    expect(encodeState(defaultState())).toBe("");
    expect(decodeState("")).toEqual({ state: normalizeState(defaultState()), notice: null });
  });

  it("decodeState(encodeState(s)) restores every valid state", () => {
    fc.assert(
      fc.property(validState, (s) => {
        const decoded = decodeState(encodeState(s));
        expect(decoded.notice).toBeNull();
        expect(decoded.state).toEqual(normalizeState(s));
      }),
      { numRuns: 150 },
    );
  });

  it("encodeState writes only what differs from the defaults, in a fixed order", () => {
    const a = defaultState();
    a.scenario = { probe: "tls-aware", "pool.size": "20" };
    const b = defaultState();
    b.scenario = { "pool.size": "20", probe: "tls-aware", "retry.maxRetries": "3" };
    expect(encodeState(a)).toBe(encodeState(b));
    expect(encodeState(a)).toBe("#pool.size=20&probe=tls-aware");
  });

  it("decodeState falls back to the defaults with a notice naming the problem", () => {
    const cases: [string, string][] = [
      ["#pool.size=0", "pool.size must be an integer from 1 to 100000"],
      ["#bogus=1", '"bogus" is not a setting'],
      ["#tab=<img src=x>", "tab must be one of explore, teach, plan"],
      ["#x=pool.size:5", "x must be path:from:to:step"],
      ["#x=pool.size:1:900:1", "at most 200 per axis"],
      ["#reps=0", "replications must be an integer"],
      ["#target=2", "target must be a probability"],
      ["#probe=tls", "probe must be one of none, syscall, tls-aware"],
    ];
    for (const [hash, message] of cases) {
      const decoded = decodeState(hash);
      expect(decoded.state, hash).toEqual(defaultState());
      expect(decoded.notice, hash).toContain(message);
    }
  });

  it("decodeState never throws, whatever the hash", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const decoded = decodeState(`#${text}`);
        if (decoded.notice !== null) expect(decoded.state).toEqual(defaultState());
      }),
      { numRuns: 300 },
    );
  });
});
