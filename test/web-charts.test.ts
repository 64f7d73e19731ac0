// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { renderHeatmap, type HeatCell } from "../web/charts/heatmap.ts";
import { renderLineChart } from "../web/charts/line-chart.ts";
import { renderTimeline } from "../web/charts/timeline.ts";
import { buildTimeline } from "../web/charts/timeline-model.ts";
import { traceScenario } from "../sim/run.ts";
import { parseScenario, resolveScenario } from "../sim/scenario/resolve.ts";

const svg = () => {
  const el = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  document.body.replaceChildren(el);
  return el;
};

const incident = (probe: string) => parseScenario({ probe, warmup: { idle: "full" }, disconnects: [{ at: "1s", fraction: 1, mode: "fin" }], workload: { kind: "sequential", commands: 6 } });

describe("renderHeatmap", () => {
  const cells: HeatCell[] = [];
  for (const panel of ["a", "b"]) for (const x of [1, 2, 3]) for (const y of [0, 1]) cells.push({ panel, x, y, mean: x / (y + 1) / 10, ci95: [0, x / 10], reps: 50 });

  it("draws one rect per cell per panel, carrying the cell's numbers", () => {
    const el = svg();
    renderHeatmap(el, { panels: ["a", "b"], xValues: [1, 2, 3], yValues: [0, 1], cells: cells.slice(0, 11) }, { xLabel: "pool.size", yLabel: "retries", valueLabel: "P" });
    const rects = el.querySelectorAll("rect.cell");
    expect(rects).toHaveLength(12);
    expect(el.querySelectorAll("rect.cell.pending")).toHaveLength(1);
    const r = el.querySelector<SVGRectElement>('g.panel[data-panel="b"] rect.cell[data-x="2"][data-y="1"]')!;
    expect(r.dataset.mean).toBe(String(2 / 2 / 10));
    expect(r.dataset.hi).toBe("0.2");
    expect(r.querySelector("title")!.textContent).toContain("50 runs");
  });

  it("colours every panel on one scale: equal values, equal colours", () => {
    const el = svg();
    renderHeatmap(el, { panels: ["a", "b"], xValues: [1, 2, 3], yValues: [0, 1], cells }, { xLabel: "x", yLabel: "y", valueLabel: "P" });
    const fill = (p: string) => el.querySelector(`g.panel[data-panel="${p}"] rect.cell[data-x="3"][data-y="0"]`)!.getAttribute("fill");
    expect(fill("a")).toBe(fill("b"));
    expect(el.querySelectorAll(".legend-step").length).toBeGreaterThan(10);
  });

  it("inserts labels as text, never as markup", () => {
    const el = svg();
    renderHeatmap(el, { panels: ["<b>x</b>"], xValues: [1], yValues: [0], cells: [{ panel: "<b>x</b>", x: 1, y: 0, mean: 0.5, ci95: null, reps: 1 }] }, { xLabel: "<i>x</i>", yLabel: "y", valueLabel: "P", title: "<script>1</script>" });
    expect(el.querySelector("b, i, script")).toBeNull();
    expect(el.textContent).toContain("<b>x</b>");
  });

  it("draws the frontier where exact values pass the target", () => {
    const el = svg();
    const exact = cells.filter((c) => c.panel === "a").map((c) => ({ ...c, exact: c.y === 1 ? 0 : 0.5 }));
    renderHeatmap(el, { panels: ["a"], xValues: [1, 2, 3], yValues: [0, 1], cells: exact }, { xLabel: "x", yLabel: "y", valueLabel: "P", target: 0.001 });
    expect(el.querySelector("path.frontier")!.getAttribute("d")).toMatch(/^M/);
  });
});

describe("renderLineChart", () => {
  const series = [{ key: "none", label: "none", points: [0, 1, 2].map((x) => ({ x, mean: x === 2 ? 0 : 0.1 / (x + 1), ci95: [0, 0.2] as [number, number], reps: 100 })), closedForm: [0, 1, 2].map((x) => ({ x, y: 0.1 / (x + 1) })) }];

  it("draws the line, its CI band and the dashed closed form", () => {
    const el = svg();
    renderLineChart(el, series, { xLabel: "retry.maxRetries", yLabel: "P" });
    expect(el.querySelector("path.line")!.getAttribute("d")).toMatch(/^M/);
    expect(el.querySelector("path.ci-band")!.getAttribute("d")).toMatch(/^M/);
    expect(el.querySelector("path.closed-form")!.getAttribute("stroke-dasharray")).toBe("5 4");
    expect(el.querySelectorAll("circle.point")).toHaveLength(3);
  });

  it("log scale puts zeros at the floor, below every positive value", () => {
    const el = svg();
    renderLineChart(el, series, { xLabel: "x", yLabel: "P", log: true });
    const cy = [...el.querySelectorAll("circle.point")].map((c) => Number(c.getAttribute("cy")));
    expect(cy[2]).toBeGreaterThan(cy[1]);
    expect(cy[1]).toBeGreaterThan(cy[0]);
    expect(el.textContent).toContain("log scale");
  });
});

describe("timeline", () => {
  it("buildTimeline lays out every attempt, backoff and lane of a real trace", () => {
    const { trace, result } = traceScenario(incident("none"));
    const m = buildTimeline(trace);
    expect(m.attempts).toHaveLength(result.attempts);
    expect(m.attempts.filter((a) => a.outcome === "failed")).toHaveLength(trace.filter((e) => e.type === "attemptFailed").length);
    expect(m.backoffs).toHaveLength(trace.filter((e) => e.type === "backoff").length);
    expect(m.commands.filter((c) => c.outcome === "failed")).toHaveLength(result.failed);
    expect(m.conns).toHaveLength(10 + result.dials);
    for (const s of m.segments) expect(s.t1).toBeGreaterThanOrEqual(s.t0);
    expect(m.times).toEqual([...new Set(trace.map((e) => e.atUs))]);
  });

  it("tls-aware discards the stale connections in Get: no failed attempt, probe markers instead", () => {
    const m = buildTimeline(traceScenario(incident("tls-aware")).trace);
    expect(m.attempts.some((a) => a.outcome === "failed")).toBe(false);
    expect(m.markers.filter((k) => k.kind === "probeDiscarded")).toHaveLength(10);
  });

  it("renderTimeline reveals the run up to the playhead", () => {
    const el = svg();
    const m = buildTimeline(traceScenario(incident("syscall")).trace);
    const handle = renderTimeline(el, m);
    expect(el.querySelectorAll("rect.attempt")).toHaveLength(m.attempts.length);
    const clip = el.querySelector("clipPath rect")!;
    handle.setTime(handle.domain[0]);
    const start = Number(clip.getAttribute("width"));
    handle.setTime((m.t0 + m.t1) / 2);
    expect(Number(clip.getAttribute("width"))).toBeGreaterThan(start);
    expect(el.querySelector(".playhead")!.getAttribute("data-time")).toBe(String((m.t0 + m.t1) / 2));
  });
});
