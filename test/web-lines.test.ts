// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { renderLineChart } from "../web/charts/line-chart.ts";
import { cellIndex, type CellResult } from "../web/app/cells.ts";
import { lineSeries } from "../web/app/explore-data.ts";
import { planSweep, SWEEP_DEFAULTS, type SweepPlan } from "../web/app/sweep-def.ts";

/** A plan for panel × x × y, and fake cells whose metric encodes their coordinates: 100·panel + 10·x + y. */
function fixture(x: string, y: string): { plan: SweepPlan; cells: CellResult[] } {
  const [xp, xf, xt] = x.split(":");
  const [yp, yf, yt] = y.split(":");
  const planned = planSweep({}, { ...SWEEP_DEFAULTS, metric: "needlessCloses", x: { path: xp, from: xf, to: xt, step: "1" }, y: { path: yp, from: yf, to: yt, step: "1" } });
  if (!("plan" in planned)) throw new Error([...planned.errors.values()].flat().join("; "));
  const plan = planned.plan;
  const cells: CellResult[] = [];
  plan.panelValues!.forEach((p, pi) => plan.xValues.forEach((xv, xi) => plan.yValues.forEach((yv, yi) => {
    const index = cellIndex(plan.request, [pi, xi, yi]);
    const mean = 100 * pi + 10 * xv + yv;
    cells[index] = { index, coords: [p, xv, yv], reps: 5, stop: "reps", eventLimitRuns: 0, metrics: { needlessCloses: { mean, ci95: [mean, mean] } }, failedCommandsHistogram: [], diff: null } as unknown as CellResult;
  })));
  return { plan, cells };
}

describe("lineSeries(plan, cells, lines, at, against)", () => {
  it("plots against the x axis: needlessCloses against pool.size is a line, not one point", () => {
    const { plan, cells } = fixture("pool.size:1:6", "retry.maxRetries:3:3");
    const { series, atOptions } = lineSeries(plan, cells, "panel", "", "x");
    expect(series.map((s) => s.key)).toEqual(["none", "syscall", "tls-aware"]);
    expect(atOptions).toEqual([["3", "retry.maxRetries = 3"]]);
    expect(series[1].points.map((p) => [p.x, p.mean])).toEqual([1, 2, 3, 4, 5, 6].map((x) => [x, 100 + 10 * x + 3]));
    // Against y (the old only choice) the same sweep has one point per line.
    expect(lineSeries(plan, cells, "panel", "", "y").series[1].points).toHaveLength(1);
  });

  it("slices at the chosen value of the other axis, and draws one line per other-axis value", () => {
    const { plan, cells } = fixture("pool.size:2:4", "retry.maxRetries:0:5");
    const atY = lineSeries(plan, cells, "panel", "4", "x");
    expect(atY.series[0].points.map((p) => p.mean)).toEqual([24, 34, 44]);
    const perY = lineSeries(plan, cells, "x", "tls-aware", "x");
    expect(perY.series.map((s) => s.label)).toEqual([0, 1, 2, 3, 4, 5].map((y) => `retry.maxRetries = ${y}`));
    expect(perY.series[5].points.map((p) => [p.x, p.mean])).toEqual([[2, 225], [3, 235], [4, 245]]);
    const perX = lineSeries(plan, cells, "x", "none", "y");
    expect(perX.series.map((s) => s.key)).toEqual(["2", "3", "4"]);
    expect(perX.series[0].points.map((p) => p.mean)).toEqual([20, 21, 22, 23, 24, 25]);
  });

  it("the chart puts each point at its x value along the chosen axis", () => {
    const { plan, cells } = fixture("pool.size:1:6", "retry.maxRetries:3:3");
    const el = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    document.body.replaceChildren(el);
    renderLineChart(el, lineSeries(plan, cells, "panel", "", "x").series, { xLabel: "pool.size", yLabel: "needlessCloses" });
    const xs = [...el.querySelectorAll('g.series[data-series="none"] circle.point')].map((c) => Number(c.getAttribute("cx")));
    expect(xs).toHaveLength(6);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
  });
});
