import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BROWSER_SWEEPS } from "../bench/browser-sweeps.ts";
import { planSweep } from "../web/app/sweep-def.ts";
import { decodeState } from "../web/app/url.ts";
import { cellAt, cellCount, resolveSweep } from "../sim/sweep/index.ts";

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("the browser bench's frontier sweep", () => {
  it("is experiments/sweeps/frontier.json's, cell by cell (so its CLI figure is that sweep's)", () => {
    const { state, notice } = decodeState(`#tab=plan${BROWSER_SWEEPS.frontier.hash}`);
    expect(notice).toBeNull();
    const planned = planSweep(state.scenario, state.sweep);
    if (!("plan" in planned)) throw new Error(`the bench's sweep does not plan: ${JSON.stringify([...planned.errors])}`);
    const page = resolveSweep(JSON.parse(JSON.stringify(planned.plan.request)), { cells: "none" });
    const file = resolveSweep(readJson("experiments/sweeps/frontier.json"), { loadBase: readJson, cells: "none" });
    expect(cellCount(page)).toBe(cellCount(file));
    expect(page.replications).toEqual(file.replications);
    expect(page.pairAxis).toBe(file.pairAxis);
    expect([...page.metrics].sort()).toEqual([...file.metrics].sort());
    for (let i = 0; i < cellCount(file); i++) expect(cellAt(page, i).scenario, `cell ${i}`).toEqual(cellAt(file, i).scenario);
  });
});
