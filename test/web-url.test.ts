import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultState, normalizeState, TEACH_KEYS } from "../web/app/state.ts";
import { stateProblems } from "../web/app/state-check.ts";
import { decodeState, encodeState } from "../web/app/url.ts";
import { appState } from "./web-state-arbitrary.ts";

describe("URL state", () => {
  it("encodeState(defaults) is empty, so the plain page URL means the defaults", () => {
    expect(encodeState(defaultState())).toBe("");
    expect(decodeState("")).toEqual({ state: normalizeState(defaultState()), notice: null });
  });

  it("decodeState(encodeState(s)) restores every valid state", () => {
    fc.assert(
      fc.property(appState, (s) => {
        const decoded = decodeState(encodeState(s));
        expect(decoded.notice).toBeNull();
        expect(decoded.state).toEqual(normalizeState(s));
      }),
      { numRuns: 150, seed: 13 },
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

  it("decodeState checks the whole state at once: warmup.idle=16 with pool.size=50 opens in either order", () => {
    for (const hash of ["#warmup.idle=16&pool.size=50", "#pool.size=50&warmup.idle=16"]) {
      const decoded = decodeState(hash);
      expect(decoded.notice, hash).toBeNull();
      expect(decoded.state.scenario).toEqual({ "pool.size": "50", "warmup.idle": "16" });
    }
    // The default sweep's corner (pool.size 1) is below warmup.idle: the Explore form says so; the link stands.
    expect(stateProblems(decodeState("#pool.size=50&warmup.idle=16").state)).toEqual([]);
  });

  it("decodeState resets only the bad value, keeps the rest and names the field", () => {
    const cases: [string, string][] = [
      ["#pool.size=0", "pool.size must be an integer from 1 to 100000"],
      ["#bogus=1", '"bogus" is not a setting'],
      ["#tab=<img src=x>", "tab must be one of explore, teach, plan"],
      ["#x=pool.size:5", "x must be path:from:to:step"],
      ["#x=pool.size:1:200000:1", "at most 100000 per axis"],
      ["#reps=0", "replications must be an integer"],
      ["#target=2", "target must be a probability"],
      ["#probe=tls", "probe must be one of none, syscall, tls-aware"],
      ["#speed=3", "speed must be one of 0.001, 0.01, 0.05, 0.2, 1"],
      ["#time=-4", "time must be a position in ms"],
      ["#strategy=syscalls", `strategy must be one of ${TEACH_KEYS.join(", ")}`],
    ];
    for (const [bad, message] of cases) {
      const key = bad.slice(1, bad.indexOf("="));
      const keep = ["retry.maxRetries=7", "tab=plan", "chart=lines", "speed=0.01", "time=1001.5"].filter((p) => !p.startsWith(`${key}=`));
      const hash = `${bad}&${keep.join("&")}`;
      const decoded = decodeState(hash);
      expect(decoded.notice, hash).toContain(message);
      expect(decoded.state.scenario["retry.maxRetries"], hash).toBe("7");
      expect(decoded.state.tab, hash).toBe(key === "tab" ? "explore" : "plan");
      expect(decoded.state.chart, hash).toBe("lines");
      expect(decoded.state.speed, hash).toBe(key === "speed" ? "0.05" : "0.01");
      expect(decoded.state.time, hash).toBe(key === "time" ? "" : "1001.5");
      // What was bad is back at its default, and the repaired state is one a link can carry.
      expect(stateProblems(decoded.state), hash).toEqual([]);
      expect(decodeState(encodeState(decoded.state)).notice, hash).toBeNull();
    }
  });

  it("decodeState names a bad scenario field and keeps the other scenario fields", () => {
    const decoded = decodeState("#pool.size=12&warmup.idle=40&probe=tls-aware");
    expect(decoded.notice).toContain("warmup.idle must be ≤ pool.size (12)");
    expect(decoded.state.scenario).toEqual({ "pool.size": "12", probe: "tls-aware" });
  });

  it("decodeState never throws, and what it opens is a state a link can carry", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const decoded = decodeState(`#${text}`);
        expect(stateProblems(decoded.state)).toEqual([]);
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});
