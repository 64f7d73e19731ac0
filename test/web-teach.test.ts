import { describe, expect, it } from "vitest";
import { traceScenario } from "../sim/run.ts";
import { resolveScenario } from "../sim/scenario/resolve.ts";
import type { Scenario } from "../sim/scenario/types.ts";
import { REVERT_PENDING_DEFAULT, teachNarrative, teachRows, teachScenario, teachStrategies, type StrategyRun } from "../web/app/teach.ts";
import { APP_BASE } from "../web/app/scenario-text.ts";

const runsOf = (s: Scenario): StrategyRun[] => teachStrategies(s).map((t) => ({ key: t.key, result: traceScenario(teachScenario(s, t)).result }));
const text = (s: Scenario, runs: StrategyRun[], key: string) => teachNarrative(s, runs).find((p) => p.key === key)!.text;

describe("teach: the TLS story on one seed", () => {
  it("teachStrategies(s) tells bug, fix, revert and now with the probes of each go-redis version", () => {
    const t = teachStrategies(APP_BASE);
    expect(t.map((x) => [x.key, x.probe, x.pendingBytesProbability])).toEqual([
      ["bug", "syscall", 0],
      ["fix", "read-unwrap-tls", 0],
      ["revert", "read-unwrap-tls", REVERT_PENDING_DEFAULT],
      ["now", "syscall", 0],
    ]);
    expect(REVERT_PENDING_DEFAULT).toBeGreaterThan(0);
    // A probability the user set is the one the revert run uses.
    const own = resolveScenario({ ...structuredClone(APP_BASE), probeOptions: { ...APP_BASE.probeOptions, pendingBytesProbability: 0.2 } } as never);
    expect(teachStrategies(own)[2].pendingBytesProbability).toBe(0.2);
    // Only the probe differs between runs: the same seed and every other setting.
    for (const x of t) expect({ ...teachScenario(APP_BASE, x), probe: APP_BASE.probe, probeOptions: APP_BASE.probeOptions }).toEqual(APP_BASE);
  });

  it("on the incident: the bug fails commands, the fix none, the revert closes healthy connections, now equals the bug", () => {
    const runs = runsOf(APP_BASE);
    const rows = new Map(teachRows(teachStrategies(APP_BASE), runs).map((r) => [r.key, r]));
    expect(rows.get("bug")!.failed).toBeGreaterThan(0);
    expect(rows.get("fix")!.failed).toBe(0);
    expect(rows.get("fix")!.needlessCloses).toBe(0);
    expect(rows.get("revert")!.needlessCloses).toBeGreaterThan(0);
    expect(rows.get("revert")!.dials).toBeGreaterThan(rows.get("fix")!.dials);
    expect({ ...rows.get("now")!, key: "bug", label: "" }).toEqual({ ...rows.get("bug")!, label: "" });
  });

  it("each strategy's sentence carries its own run's numbers (failed, needless closes, dials, p99)", () => {
    const runs = runsOf(APP_BASE);
    for (const row of teachRows(teachStrategies(APP_BASE), runs)) {
      const t = text(APP_BASE, runs, row.key);
      expect(t, row.key).toContain(`${row.failed} of ${row.commands} commands failed`);
      expect(t, row.key).toContain(`${row.needlessCloses} needless close`);
      expect(t, row.key).toContain(`${row.dials} dial`);
      expect(t, row.key).toContain(`p99 latency ${Number(row.latencyP99Ms.toPrecision(4))} ms`);
    }
    // Numbers come from the runs: other results, other sentences.
    const changed = runs.map((r) => (r.key === "revert" ? { ...r, result: { ...r.result, needlessCloses: 4321, dials: 4322 } } : r));
    expect(text(APP_BASE, changed, "revert")).toContain("closes 4321 healthy connections needlessly and dials 4322 times");
  });

  it("names the versions and what each did (MODEL-NOTES §0.1, §A.1, §A.12)", () => {
    const runs = runsOf(APP_BASE);
    expect(text(APP_BASE, runs, "bug")).toMatch(/^v9\.5\.3.*\*tls\.Conn.*unchecked/);
    expect(text(APP_BASE, runs, "fix")).toMatch(/^v9\.5\.4.*#3047.*NetConn\(\)/);
    expect(text(APP_BASE, runs, "revert")).toMatch(/v9\.6\.2 and v9\.7\.0 reverted.*#3137.*consumes bytes.*50% of healthy TLS connections/);
    expect(text(APP_BASE, runs, "now")).toMatch(/From v9\.7\.0 to today \(v9\.22\.0\) the check again skips TLS connections/);
  });

  it("the setting says 'every open connection' in the singular, and counts or shares otherwise", () => {
    const intro = (d: Record<string, unknown>) => teachNarrative(resolveScenario({ warmup: { idle: "full" }, disconnects: [{ at: "1s", mode: "fin", ...d }] }), [])[0].text;
    expect(intro({ fraction: 1 })).toContain("drops every open connection (fin)");
    expect(intro({})).toContain("drops every open connection (fin)");
    expect(intro({ count: 1 })).toContain("drops 1 open connection (fin)");
    expect(intro({ count: 3 })).toContain("drops 3 open connections (fin)");
    expect(intro({ fraction: 0.6 })).toContain("drops 60% of the open connections (fin)");
    expect(teachNarrative(APP_BASE, []).map((p) => p.text).join(" ")).not.toMatch(/every open connections/);
  });
});
