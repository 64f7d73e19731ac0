import { axisBottom, axisLeft, scaleBand, scaleSequential, select, type Selection } from "d3";
import { formatCi, formatValue } from "./format.ts";
import { renderColorLegend } from "./legend.ts";
import { heatInterpolator } from "./palette.ts";

/** One cell's estimate. `panel` is null when the heatmap has one panel. */
export interface HeatCell {
  panel: string | null;
  x: number;
  y: number;
  mean: number;
  ci95: [number, number] | null;
  reps: number;
  /** The exact value where a closed form gives one; the frontier then uses it instead of the CI. */
  exact?: number | null;
}

export interface HeatmapData {
  /** Panel values in order, or [null] for a single panel. */
  panels: (string | null)[];
  xValues: number[];
  yValues: number[];
  /** Finished cells; missing ones are drawn as pending. */
  cells: HeatCell[];
}

export interface HeatmapOptions {
  /** Axis titles, with units: "pool.size (connections)". */
  xLabel: string;
  yLabel: string;
  /** What the colour shows: "P(command fails)". */
  valueLabel: string;
  /** Panel title prefix: "probe" → "probe = none". */
  panelLabel?: string;
  /** Colour domain shared by every panel; defaults to [0, max of the cells]. */
  domain?: [number, number];
  /** Draws the frontier: per column, the line above which every cell's upper 95% bound is ≤ target. */
  target?: number;
  /** Total width in px (default 900). */
  width?: number;
  title?: string;
  /** For static figures: no per-cell data attributes or hover titles, coordinates rounded. */
  compact?: boolean;
}

const MARGIN = { top: 56, right: 16, bottom: 92, left: 64 };
const GAP = 24;
/** Attributes a finished cell carries and a pending one does not, in the order they are set. */
const FINISHED_ATTRIBUTES = ["data-mean", "data-lo", "data-hi", "data-reps", "data-exact", "tabindex", "aria-label"];

/** What renderHeatmap last drew into an svg element: a redraw of the same layout changes only what differs. */
interface Drawn {
  layout: string;
  panels: SVGGElement[];
  legend: SVGGElement;
  domain: string;
  cells: Map<string, HeatCell>;
}
const drawnIn = new WeakMap<SVGSVGElement, Drawn>();

type Slot = { xv: number; yv: number; cell: HeatCell | undefined };
type Rects = Selection<SVGRectElement, Slot, SVGGElement, unknown>;

/**
 * Renders a heatmap of a metric over two axes, one panel per value of a third, on one shared
 * colour scale with a legend. Pure view: it knows nothing of the simulator. Each cell carries its
 * numbers in data attributes (data-mean, data-lo, data-hi, data-reps) and a <title> for hover.
 *
 * Called again on the same element with the same layout (axes, panels, labels, options) while
 * cells arrive, it updates only the cells that changed, the frontier and, when the colour domain
 * moved, the colours and the legend: the element ends up as a fresh render of the same data would
 * be. Redrawing the whole chart for each batch of cells took the page's thread from the workers.
 */
export function renderHeatmap(svgElement: SVGSVGElement, data: HeatmapData, options: HeatmapOptions): void {
  const width = options.width ?? 900;
  const nPanels = data.panels.length;
  const panelWidth = Math.max(60, (width - MARGIN.left - MARGIN.right - GAP * (nPanels - 1)) / nPanels);
  const cellHeight = Math.max(8, Math.min(24, 300 / Math.max(1, data.yValues.length)));
  const innerHeight = cellHeight * data.yValues.length;
  const max = Math.max(0, ...data.cells.map((c) => c.mean));
  const domain = options.domain ?? [0, max > 0 ? max : 1];
  const color = scaleSequential(heatInterpolator).domain(domain);
  const x = scaleBand<number>().domain(data.xValues).range([0, panelWidth]).paddingInner(0.04);
  const y = scaleBand<number>().domain(data.yValues).range([innerHeight, 0]).paddingInner(0.04);
  const byKey = new Map(data.cells.map((c) => [key(c.panel, c.x, c.y), c]));
  const describe = (xv: number, yv: number, c: HeatCell) =>
    `${options.xLabel} ${xv}, ${options.yLabel} ${yv}${c.panel !== null ? `, ${options.panelLabel ?? ""}${options.panelLabel ? " = " : ""}${c.panel}` : ""}: ${options.valueLabel} ${formatValue(c.mean)}, 95% CI ${formatCi(c.ci95)}, ${c.reps} runs`;
  const slots = (panel: string | null): Slot[] => data.yValues.flatMap((yv) => data.xValues.map((xv) => ({ xv, yv, cell: byKey.get(key(panel, xv, yv)) })));
  const frontier = (panel: string | null) => frontierPath(data, panel, byKey, x, y, options.target!);
  const legendOptions = { title: options.valueLabel + (options.target !== undefined ? ` — white line: above it ≤ ${formatValue(options.target)} (exact where a closed form applies, else the upper 95% bound)` : ""), width: Math.min(320, width - MARGIN.left - MARGIN.right), format: formatValue };

  const layout = JSON.stringify([data.panels, data.xValues, data.yValues, { ...options, domain: undefined }]);
  const drawn = drawnIn.get(svgElement);
  if (!options.compact && drawn?.layout === layout && drawn.panels.every((g) => g.parentNode === svgElement)) {
    const svg = select(svgElement);
    const recolour = drawn.domain !== String(domain);
    const readout = svg.select<SVGTextElement>("text.readout");
    data.panels.forEach((panel, p) => {
      const g = select(drawn.panels[p]);
      const rects = g.selectAll<SVGRectElement, Slot>("rect.cell").data(slots(panel));
      const changed = rects.filter((d) => !sameCell(d.cell, drawn.cells.get(key(panel, d.xv, d.yv))));
      changed.attr("class", (d) => (d.cell ? "cell" : "cell pending"));
      (recolour ? rects : changed).attr("fill", (d) => (d.cell ? color(d.cell.mean) : "none"));
      for (const name of FINISHED_ATTRIBUTES) changed.attr(name, null);
      changed.on("mouseenter focus", null).select("title").remove();
      describeCells(changed.filter((d) => d.cell !== undefined), describe, readout);
      if (options.target !== undefined) g.selectAll("path.frontier, path.frontier-edge").attr("d", frontier(panel));
    });
    if (recolour) renderColorLegend(select(drawn.legend).call((l) => l.selectAll("*").remove()), color, legendOptions);
    drawn.domain = String(domain);
    drawn.cells = byKey;
    return;
  }

  const svg = select(svgElement);
  svg.selectAll("*").remove();
  const height = MARGIN.top + innerHeight + MARGIN.bottom;
  svg.attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height).attr("class", "chart heatmap").attr("role", "img");
  svg.attr("aria-label", `${options.valueLabel} over ${options.xLabel} and ${options.yLabel}`);
  if (options.title) svg.append("text").attr("class", "chart-title").attr("x", MARGIN.left).attr("y", 18).attr("fill", "currentColor").text(options.title);

  const readout = options.compact ? null : svg.append("text").attr("class", "readout").attr("x", MARGIN.left).attr("y", 36).attr("fill", "currentColor").attr("aria-live", "polite");
  const panels = data.panels.map((panel, p) => {
    const g = svg.append("g").attr("class", "panel").attr("data-panel", panel ?? "").attr("transform", `translate(${MARGIN.left + p * (panelWidth + GAP)},${MARGIN.top})`);
    if (panel !== null) g.append("text").attr("class", "panel-title").attr("y", -8).attr("fill", "currentColor").text(`${options.panelLabel ?? ""}${options.panelLabel ? " = " : ""}${panel}`);
    const r1 = (v: number) => Math.round(v * 10) / 10;
    const rects = g.selectAll<SVGRectElement, Slot>("rect.cell").data(slots(panel)).join("rect")
      .attr("class", (d) => (d.cell ? "cell" : "cell pending"))
      .attr("x", (d) => r1(x(d.xv)!))
      .attr("y", (d) => r1(y(d.yv)!))
      .attr("width", r1(x.bandwidth()))
      .attr("height", r1(y.bandwidth()))
      .attr("fill", (d) => (d.cell ? color(d.cell.mean) : "none"));
    if (options.compact) rects.attr("class", null);
    else {
      rects.attr("data-x", (d) => d.xv).attr("data-y", (d) => d.yv);
      describeCells(rects.filter((d) => d.cell !== undefined), describe, readout!);
    }
    if (options.target !== undefined) drawFrontier(g, frontier(panel));
    const xAxis = axisBottom(x).tickValues(thin(data.xValues, panelWidth / 28));
    g.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${innerHeight})`).call(xAxis);
    g.append("text").attr("class", "axis-title").attr("x", panelWidth / 2).attr("y", innerHeight + 34).attr("text-anchor", "middle").attr("fill", "currentColor").text(options.xLabel);
    if (p === 0) {
      g.append("g").attr("class", "axis y-axis").call(axisLeft(y).tickValues(thin(data.yValues, innerHeight / 14)));
      g.append("text").attr("class", "axis-title").attr("transform", `translate(-40,${innerHeight / 2}) rotate(-90)`).attr("text-anchor", "middle").attr("fill", "currentColor").text(options.yLabel);
    }
    return g.node()!;
  });
  const legend = svg.append("g").attr("transform", `translate(${MARGIN.left},${MARGIN.top + innerHeight + 64})`);
  renderColorLegend(legend, color, legendOptions);
  if (!options.compact) drawnIn.set(svgElement, { layout, panels, legend: legend.node()!, domain: String(domain), cells: byKey });
}

/** A finished cell's numbers, its hover title and its keyboard stop. */
function describeCells(rects: Rects, describe: (xv: number, yv: number, c: HeatCell) => string, readout: Selection<SVGTextElement, unknown, null | HTMLElement, unknown>): void {
  rects
    .attr("data-mean", (d) => String(d.cell!.mean))
    .attr("data-lo", (d) => (d.cell!.ci95 ? String(d.cell!.ci95[0]) : ""))
    .attr("data-hi", (d) => (d.cell!.ci95 ? String(d.cell!.ci95[1]) : ""))
    .attr("data-reps", (d) => d.cell!.reps)
    .attr("data-exact", (d) => (typeof d.cell!.exact === "number" ? String(d.cell!.exact) : null))
    // Keyboard users reach every finished cell with Tab; the readout line shows what hover shows.
    .attr("tabindex", 0)
    .attr("aria-label", (d) => describe(d.xv, d.yv, d.cell!))
    .on("mouseenter focus", (_event, d) => readout.text(describe(d.xv, d.yv, d.cell!)))
    .append("title")
    .text((d) => describe(d.xv, d.yv, d.cell!));
}

function sameCell(a: HeatCell | undefined, b: HeatCell | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.mean === b.mean && a.reps === b.reps && a.ci95?.[0] === b.ci95?.[0] && a.ci95?.[1] === b.ci95?.[1] && (a.exact ?? null) === (b.exact ?? null);
}

type Band = ReturnType<typeof scaleBand<number>>;

/** A step line under the cells from which every cell above has its upper 95% bound below target. */
function frontierPath(data: HeatmapData, panel: string | null, byKey: Map<string, HeatCell>, x: Band, y: Band, target: number): string {
  const points: [number, number][] = [];
  for (const xv of data.xValues) {
    let first = data.yValues.length;
    for (let i = data.yValues.length - 1; i >= 0; i--) {
      const c = byKey.get(key(panel, xv, data.yValues[i]));
      const bound = typeof c?.exact === "number" ? c.exact : c?.ci95 ? c.ci95[1] : c?.mean;
      if (bound === undefined || bound > target) break;
      first = i;
    }
    const step = y.step();
    const yPos = first < data.yValues.length ? y(data.yValues[first])! + y.bandwidth() + (step - y.bandwidth()) / 2 : -2;
    const x0 = x(xv)! - (x.step() - x.bandwidth()) / 2;
    points.push([x0, yPos], [x0 + x.step(), yPos]);
  }
  return points.map(([px, py], i) => `${i === 0 ? "M" : "L"}${px.toFixed(1)},${py.toFixed(1)}`).join("");
}

function drawFrontier(g: ReturnType<typeof select<SVGGElement, unknown>>, path: string): void {
  g.append("path").attr("class", "frontier").attr("d", path).attr("fill", "none").attr("stroke", "#fff").attr("stroke-width", 2.5);
  g.append("path").attr("class", "frontier-edge").attr("d", path).attr("fill", "none").attr("stroke", "#000").attr("stroke-width", 0.8).attr("stroke-dasharray", "3 3");
}

function key(panel: string | null, x: number, y: number): string {
  return `${panel ?? ""}\u0000${x}\u0000${y}`;
}

/** At most `n` evenly spaced tick values, always including the first. */
function thin(values: number[], n: number): number[] {
  const every = Math.max(1, Math.ceil(values.length / Math.max(1, Math.floor(n))));
  return values.filter((_, i) => i % every === 0);
}
