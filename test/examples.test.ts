import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { replicate, resolveScenario } from "../sim/index.ts";
import { expandCells, resolveSweep } from "../sim/sweep/index.ts";

const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("example files", () => {
  for (const name of readdirSync("experiments/scenarios").filter((f) => f.endsWith(".json"))) {
    it(`experiments/scenarios/${name} resolves and runs to completion`, () => {
      const s = resolveScenario(json(`experiments/scenarios/${name}`));
      const summary = replicate(s, 5);
      expect(summary.reps).toBe(5);
      expect(summary.eventLimitRuns).toBe(0);
    });
  }

  for (const name of readdirSync("experiments/sweeps").filter((f) => f.endsWith(".json"))) {
    it(`experiments/sweeps/${name} resolves`, () => {
      const sweep = resolveSweep(json(`experiments/sweeps/${name}`), { loadBase: json });
      expect(expandCells(sweep).length).toBeGreaterThan(1);
    });
  }

  it("azure-idle: a 4 min middlebox beats go-redis ≤ v9.21's 5 min keep-alive, not v9.22's 30 s", () => {
    const raw = json("experiments/scenarios/azure-idle.json");
    expect(replicate(resolveScenario(raw), 20).metrics.failedCommands.mean).toBe(2);
    expect(replicate(resolveScenario({ ...raw, profile: "go-redis-9.22" }), 20).metrics.failedCommands.mean).toBe(0);
  });
});
