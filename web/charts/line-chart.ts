import { area, axisBottom, axisLeft, line, scaleLinear, scaleLog, select } from "d3";
import { formatCi, formatValue } from "./format.ts";
import { renderSwatches } from "./legend.ts";
import { seriesColors } from "./palette.ts";

export interface LinePoint {
  x: number;
  mean: number;
  ci95: [number, number] | null;
  reps: number;
}

export interface LineSeries {
  key: string;
  label: string;
  points: LinePoint[];
  /** Colour; defaults to the palette by position. */
  color?: string;
  /** The closed-form values for this series, drawn dashed beside the simulated line. */
  closedForm?: { x: number; y: number }[];
}

export interface LineChartOptions {
  xLabel: string;
  yLabel: string;
  /** Log scale on y, for small probabilities. Zeros are drawn at the axis floor. */
  log?: boolean;
  width?: number;
  height?: number;
  title?: string;
  /** A horizontal reference line, e.g. the planner's target. */
  target?: number;
}

const MARGIN = { top: 40, right: 20, bottom: 78, left: 70 };

/**
 * Renders one line per series with its 95% CI band, and the closed-form curve dashed where a
 * series has one. Pure view; each point carries data-x / data-mean / data-lo / data-hi.
 */
export function renderLineChart(svgElement: SVGSVGElement, series: readonly LineSeries[], options: LineChartOptions): void {
  const svg = select(svgElement);
  svg.selectAll("*").remove();
  const width = options.width ?? 900;
  const height = options.height ?? 420;
  const iw = width - MARGIN.left - MARGIN.right;
  const ih = height - MARGIN.top - MARGIN.bottom;
  svg.attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height).attr("class", "chart line-chart").attr("role", "img");
  svg.attr("aria-label", `${options.yLabel} against ${options.xLabel}`);
  const colors = seriesColors(series.length);
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const x = scaleLinear().domain(xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1]).range([0, iw]);
  const values = series.flatMap((s) => [...s.points.flatMap((p) => [p.mean, ...(p.ci95 ?? [])]), ...(s.closedForm ?? []).map((c) => c.y)]);
  if (options.target !== undefined) values.push(options.target);
  // All zeros (e.g. needlessCloses without a consuming probe) get a 0–1 axis, not one of 0–1e-9.
  const top = values.some((v) => v > 0) ? Math.max(1e-9, ...values) : 1;
  // The log floor follows the estimates, not their CI bounds, which reach 0 whenever p̂ is small.
  const positive = series.flatMap((s) => [...s.points.map((p) => p.mean), ...(s.closedForm ?? []).map((c) => c.y)]).concat(options.target ?? []).filter((v) => v > 0);
  const floor = options.log ? Math.max(1e-9, Math.min(...(positive.length ? positive : [1e-4])) / 3) : 0;
  const y = options.log ? scaleLog().domain([floor, top * 1.5]).range([ih, 0]).clamp(true) : scaleLinear().domain([0, top * 1.05]).range([ih, 0]).nice();
  const yv = (v: number) => y(options.log ? Math.max(v, floor) : v);
  const g = svg.append("g").attr("transform", `translate(${MARGIN.left},${MARGIN.top})`);
  if (options.title) svg.append("text").attr("class", "chart-title").attr("x", MARGIN.left).attr("y", 18).attr("fill", "currentColor").text(options.title);

  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  const xAxis = distinct.length <= 20 && distinct.every(Number.isInteger) ? axisBottom(x).tickValues(distinct).tickFormat((d) => String(d)) : axisBottom(x).ticks(12);
  g.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${ih})`).call(xAxis);
  g.append("g").attr("class", "axis y-axis").call(options.log ? axisLeft(y).ticks(5, "~g") : axisLeft(y).ticks(6).tickFormat((d) => formatValue(d as number)));
  g.append("text").attr("class", "axis-title").attr("x", iw / 2).attr("y", ih + 36).attr("text-anchor", "middle").attr("fill", "currentColor").text(options.xLabel);
  g.append("text").attr("class", "axis-title").attr("transform", `translate(-54,${ih / 2}) rotate(-90)`).attr("text-anchor", "middle").attr("fill", "currentColor")
    .text(options.yLabel + (options.log ? " (log scale; 0 drawn at the floor)" : ""));
  if (options.target !== undefined) {
    g.append("line").attr("class", "target").attr("x1", 0).attr("x2", iw).attr("y1", yv(options.target)).attr("y2", yv(options.target)).attr("stroke", "currentColor").attr("stroke-dasharray", "2 4").attr("opacity", 0.7);
  }

  series.forEach((s, i) => {
    const c = s.color ?? colors[i];
    const sg = g.append("g").attr("class", "series").attr("data-series", s.key);
    const withCi = s.points.filter((p) => p.ci95);
    sg.append("path").attr("class", "ci-band").attr("fill", c).attr("opacity", 0.18)
      .attr("d", area<LinePoint>().x((p) => x(p.x)).y0((p) => yv(p.ci95![0])).y1((p) => yv(p.ci95![1]))(withCi) ?? "");
    // Earlier series are drawn wider, so a series that coincides with a later one still shows.
    sg.append("path").attr("class", "line").attr("fill", "none").attr("stroke", c).attr("stroke-width", 2 + 2.5 * (series.length - 1 - i))
      .attr("d", line<LinePoint>().x((p) => x(p.x)).y((p) => yv(p.mean))(s.points) ?? "");
    sg.selectAll("circle").data(s.points).join("circle")
      .attr("class", "point").attr("r", 3).attr("fill", c)
      .attr("cx", (p) => x(p.x)).attr("cy", (p) => yv(p.mean))
      .attr("data-x", (p) => p.x).attr("data-mean", (p) => String(p.mean))
      .attr("data-lo", (p) => (p.ci95 ? String(p.ci95[0]) : "")).attr("data-hi", (p) => (p.ci95 ? String(p.ci95[1]) : ""))
      .append("title").text((p) => `${s.label}, ${options.xLabel} ${p.x}: ${formatValue(p.mean)}, 95% CI ${formatCi(p.ci95)}, ${p.reps} runs`);
  });

  // Closed forms go on top of every simulated line, thin and dashed, so both stay visible.
  for (const s of series) {
    if (!s.closedForm?.length) continue;
    g.append("path").attr("class", "closed-form").attr("data-series", s.key).attr("fill", "none").attr("stroke", "currentColor").attr("stroke-width", 1.2).attr("stroke-dasharray", "5 4")
      .attr("d", line<{ x: number; y: number }>().x((p) => x(p.x)).y((p) => yv(p.y))(s.closedForm) ?? "");
  }
  const items = series.map((s, i) => ({ label: s.label, color: s.color ?? colors[i], shape: "line" as const }));
  if (series.some((s) => s.closedForm?.length)) items.push({ label: "closed form (dashed)", color: "currentColor", shape: "line", dashed: true } as (typeof items)[number]);
  renderSwatches(svg.append("g").attr("transform", `translate(${MARGIN.left},${height - 22})`), items);
}
