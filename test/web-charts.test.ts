// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { renderHeatmap, type HeatCell } from "../web/charts/heatmap.ts";
import { formatCount } from "../web/charts/format.ts";
import { renderLineChart } from "../web/charts/line-chart.ts";
import { ATTEMPT_STYLE, renderTimeline } from "../web/charts/timeline.ts";
import { buildTimeline } from "../web/charts/timeline-model.ts";
import { traceScenario } from "../sim/run.ts";
import { parseScenario } from "../sim/scenario/resolve.ts";

const svg = () => {
  const el = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  document.body.replaceChildren(el);
  return el;
};

const incidentOptions = (probe: string) => ({ probe, warmup: { idle: "full" }, disconnects: [{ at: "1s", fraction: 1, mode: "fin" }], workload: { kind: "sequential", commands: 6 } });
const incident = (probe: string) => parseScenario(incidentOptions(probe));

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

  describe("redrawn on the same element as cells arrive", () => {
    const options = { xLabel: "x", yLabel: "y", valueLabel: "P", panelLabel: "probe", target: 0.05, title: "t" };
    const arrived = cells.map((c, i) => ({ ...c, exact: i % 3 === 0 ? 0 : null }));
    const data = (cs: HeatCell[]) => ({ panels: ["a", "b"], xValues: [1, 2, 3], yValues: [0, 1], cells: cs });
    const fresh = (cs: HeatCell[]) => {
      const el = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      renderHeatmap(el, data(cs), options);
      return el.outerHTML;
    };

    it("ends as a fresh render of every cell, with its rects kept rather than rebuilt", () => {
      const el = svg();
      renderHeatmap(el, data([]), options);
      const first = el.querySelector("rect.cell");
      // The largest value (x 3, y 0: 0.3) arrives in the second batch, so colours and the legend move.
      for (const n of [3, 7, 12]) {
        renderHeatmap(el, data(arrived.slice(0, n)), options);
        expect(el.outerHTML).toBe(fresh(arrived.slice(0, n)));
      }
      expect(el.querySelector("rect.cell")).toBe(first);
      expect(el.querySelectorAll("rect.cell:not(.pending)")).toHaveLength(12);
      expect(el.querySelectorAll("rect.cell title")).toHaveLength(12);
    });

    it("a new sweep of the same layout (fewer cells, other values) equals a fresh render too", () => {
      const el = svg();
      renderHeatmap(el, data(arrived), options);
      const next = arrived.slice(0, 5).map((c) => ({ ...c, mean: c.mean / 2, reps: 10, exact: c.exact === 0 ? null : 0 }));
      renderHeatmap(el, data(next), options);
      expect(el.outerHTML).toBe(fresh(next));
      expect(el.querySelectorAll("rect.cell.pending")).toHaveLength(7);
    });

    it("draws afresh after another chart took the element", () => {
      const el = svg();
      renderHeatmap(el, data(arrived), options);
      renderLineChart(el, [], { xLabel: "x", yLabel: "P" });
      renderHeatmap(el, data(arrived), options);
      expect(el.outerHTML).toBe(fresh(arrived));
    });
  });
});

describe("formatCount", () => {
  it("formatCount(n) groups thousands as toLocaleString(\"en-US\") does", () => {
    for (const n of [0, 7, 999, 1000, 105_600, 2_000_000, 123_456_789, -4321]) expect(formatCount(n)).toBe(n.toLocaleString("en-US"));
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

  const lanes = (probe: string, extra: Record<string, unknown> = {}) => buildTimeline(traceScenario(parseScenario({ ...incidentOptions(probe), ...extra })).trace);

  it("renderTimeline's legend shows every colour it draws, under the right name", () => {
    const el = svg();
    renderTimeline(el, lanes("read-unwrap-tls", { probeOptions: { pendingBytesProbability: 0.5 } }));
    const legendFills = new Set([...el.querySelectorAll(".timeline-legend rect")].map((r) => r.getAttribute("fill")));
    const drawn = new Set([...el.querySelectorAll("rect.segment, rect.attempt")].map((r) => r.getAttribute("fill")));
    for (const fill of drawn) expect(legendFills, `fill ${fill}`).toContain(fill);
    const glyphs = new Set([...el.querySelectorAll(".timeline-legend .swatch-glyph")].map((t) => `${t.textContent} ${t.getAttribute("fill")}`));
    for (const mk of el.querySelectorAll("text.marker")) expect(glyphs).toContain(`${mk.textContent!.slice(0, 1)} ${mk.getAttribute("fill")}`);
    const named = (label: string) => [...el.querySelectorAll(".timeline-legend .swatches > g")].find((g) => g.lastElementChild!.textContent === label)!.firstElementChild!.getAttribute("fill");
    expect(named("attempt failed")).toBe(ATTEMPT_STYLE.failed.color);
    expect(named("attempt ok")).toBe(ATTEMPT_STYLE.succeeded.color);
    expect(el.textContent).not.toMatch(/\bred\b/);
    // The revert's healthy connections closed by the check have their own mark.
    expect(el.querySelectorAll("text.marker-needlessClose").length).toBeGreaterThan(0);
  });

  it("renderTimeline sets marks at one instant on one lane side by side, not on top of each other", () => {
    const el = svg();
    const m = lanes("tls-aware");
    renderTimeline(el, m);
    const byLane = new Map<string, number[]>();
    for (const mk of el.querySelectorAll("text.marker")) {
      const y = mk.getAttribute("y")!;
      byLane.set(y, [...(byLane.get(y) ?? []), Number(mk.getAttribute("x"))]);
    }
    // tls-aware discards each dead connection (◆) and closes it (✕) at the same instant.
    expect([...byLane.values()].some((xs) => xs.length >= 2)).toBe(true);
    for (const xs of byLane.values()) {
      xs.sort((a, b) => a - b);
      for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThanOrEqual(10);
    }
  });

  it("renderTimeline shows labels whole: outside the clip, hidden until their time", () => {
    const el = svg();
    const m = lanes("syscall");
    const handle = renderTimeline(el, m);
    expect(el.querySelectorAll("[clip-path] text")).toHaveLength(0);
    const labels = [...el.querySelectorAll<SVGTextElement>("text[data-t]")];
    expect(labels.length).toBeGreaterThan(m.commands.length);
    const mid = (m.t0 + m.t1) / 2;
    handle.setTime(mid);
    for (const l of labels) expect(l.getAttribute("visibility"), l.textContent!).toBe(Number(l.dataset.t) <= mid ? null : "hidden");
    expect(labels.some((l) => l.getAttribute("visibility") === "hidden")).toBe(true);
    handle.setTime(handle.domain[1]);
    for (const l of labels) expect(l.getAttribute("visibility")).toBeNull();
  });

  it("renderTimeline(…, {domain}) draws runs of different length on one time axis", () => {
    const a = lanes("syscall");
    const b = lanes("tls-aware");
    expect(a.t1).not.toBe(b.t1);
    const domain: [number, number] = [Math.min(a.t0, b.t0) - 1000, Math.max(a.t1, b.t1) + 1000];
    const ticks = (m: typeof a) => {
      const el = svg();
      expect(renderTimeline(el, m, { domain }).domain).toEqual(domain);
      return [...el.querySelectorAll(".x-axis .tick")].map((t) => `${t.getAttribute("transform")} ${t.textContent}`);
    };
    expect(ticks(b)).toEqual(ticks(a));
  });
});
