import { axisTop, scaleLinear, select, type ScaleLinear, type Selection } from "d3";
import { renderSwatches, type Swatch } from "./legend.ts";
import { OKABE_ITO } from "./palette.ts";

export interface TimelineOptions {
  width?: number;
  /** Command rows drawn at most (long workloads show their first ones). Default 40. */
  commandsMax?: number;
  title?: string;
  /** The time axis (µs), e.g. one shared by runs compared side by side; default the run's own span. */
  domain?: [number, number];
}

export interface TimelineHandle {
  /** Shows the run up to simulated time t (µs): what happened later stays hidden. */
  setTime(t: number): void;
  domain: [number, number];
}

/** Room left of the time axis (lane names) and right of it (end labels): one for pooled and multiplexed timelines, so runs compared side by side share one axis. */
export const TIMELINE_LEFT = 96;
export const TIMELINE_RIGHT = 130;

/** The server disconnect, as a dashed line across every lane and in the legend. */
export const DISCONNECT_COLOR = OKABE_ITO[4];

type G = Selection<SVGGElement, unknown, null, undefined>;

/** What both timelines draw their lanes into: the inner group, its time scale (µs → px) and size. */
export interface TimelineFrame {
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  g: G;
  x: ScaleLinear<number, number>;
  /** x, held at the axis's left end: a span that began before the domain starts at its edge. */
  xc: (t: number) => number;
  /** Width of the time axis, px. */
  iw: number;
  width: number;
  top: number;
  domain: [number, number];
}

/**
 * Clears the SVG and draws the title and the time axis (in ms) over the run's span [t0, t1], padded
 * by 3% and at least 1 ms on each side unless options.domain sets it.
 */
export function createTimelineFrame(svgElement: SVGSVGElement, span: { t0: number; t1: number }, options: TimelineOptions, a11y: { className: string; ariaLabel: string }): TimelineFrame {
  const svg = select(svgElement);
  svg.selectAll("*").remove();
  const width = options.width ?? 900;
  const top = options.title ? 56 : 34;
  const iw = width - TIMELINE_LEFT - TIMELINE_RIGHT;
  const pad = Math.max(1000, (span.t1 - span.t0) * 0.03);
  const domain: [number, number] = options.domain ?? [span.t0 - pad, span.t1 + pad];
  const x = scaleLinear().domain(domain).range([0, iw]);
  const xc = (t: number) => x(Math.max(domain[0], t));
  svg.attr("class", a11y.className).attr("role", "img").attr("aria-label", a11y.ariaLabel);
  if (options.title) svg.append("text").attr("class", "chart-title").attr("x", 8).attr("y", 18).attr("fill", "currentColor").text(options.title);
  const g = svg.append("g").attr("transform", `translate(${TIMELINE_LEFT},${top})`);
  g.append("g").attr("class", "axis x-axis").call(axisTop(x).ticks(Math.max(3, Math.floor(iw / 90))).tickFormat((t) => `${((t as number) / 1000).toFixed(1)}`));
  g.append("text").attr("class", "axis-title").attr("x", iw + 8).attr("y", -4).attr("fill", "currentColor").text("ms");
  return { svg, g, x, xc, iw, width, top, domain };
}

/** The group that setTime reveals by a clip, with the server disconnects drawn across every lane. */
export function addTimelineBody(frame: TimelineFrame, clipId: string, innerHeight: number, disconnects: readonly number[]) {
  const clipRect = frame.svg.append("clipPath").attr("id", clipId).append("rect").attr("x", -2).attr("y", -4).attr("height", innerHeight + 8).attr("width", frame.iw + 4);
  const body = frame.g.append("g").attr("clip-path", `url(#${clipId})`);
  for (const t of disconnects) {
    body.append("line").attr("class", "disconnect").attr("x1", frame.x(t)).attr("x2", frame.x(t)).attr("y1", -4).attr("y2", innerHeight).attr("stroke", DISCONNECT_COLOR).attr("stroke-width", 1.5).attr("stroke-dasharray", "6 3");
  }
  return { clipRect, body };
}

/** The playhead and, drawn after it so that it passes behind them, the group for timed labels. */
export function addPlayhead(frame: TimelineFrame, innerHeight: number) {
  const playhead = frame.g.append("line").attr("class", "playhead").attr("y1", -6).attr("y2", innerHeight).attr("stroke", "currentColor").attr("stroke-width", 1.5);
  const labels = frame.g.append("g").attr("class", "timeline-labels");
  return { playhead, labels };
}

/** A label that appears whole once simulated time t (µs) comes, never cut by the playhead. */
export function timelineLabel(parent: G, t: number, px: number, py: number, text: string, className: string) {
  return parent.append("text").attr("class", `timeline-label ${className}`).attr("data-t", t).attr("x", px).attr("y", py).attr("fill", "currentColor").attr("font-size", 11).text(text);
}

/**
 * Draws the legend under the lanes, sizes the SVG to fit, and returns the handle whose setTime moves
 * the clip and the playhead and shows each label whole or not at all; the run starts shown in full.
 */
export function finishTimeline(
  frame: TimelineFrame,
  parts: { innerHeight: number; clipRect: Selection<SVGRectElement, unknown, null, undefined>; playhead: Selection<SVGLineElement, unknown, null, undefined>; labels: G },
  legend: Swatch[],
): TimelineHandle {
  const { svg, width, iw, x, domain } = frame;
  const legendTop = frame.top + parts.innerHeight + 16;
  const legendHeight = renderSwatches(svg.append("g").attr("class", "timeline-legend").attr("transform", `translate(8,${legendTop})`).append("g"), legend, { width: width - 16 });
  const height = legendTop + legendHeight + 8;
  svg.attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height);

  const timed = parts.labels.selectAll<SVGTextElement, unknown>("text[data-t]");
  const setTime = (t: number) => {
    const px = Math.max(0, Math.min(iw, x(t)));
    parts.clipRect.attr("width", px >= iw ? iw + TIMELINE_RIGHT : px + 2);
    parts.playhead.attr("x1", px).attr("x2", px).attr("data-time", t);
    timed.attr("visibility", function () {
      return Number(this.dataset.t) <= t || px >= iw ? null : "hidden";
    });
  };
  setTime(domain[1]);
  return { setTime, domain };
}
