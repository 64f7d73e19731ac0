import { axisTop, scaleLinear, select } from "d3";
import { renderSwatches } from "./legend.ts";
import { OKABE_ITO, STATE_COLORS } from "./palette.ts";
import type { LaneState, TimelineModel } from "./timeline-model.ts";

export interface TimelineOptions {
  width?: number;
  /** Command rows drawn at most (long workloads show their first ones). Default 40. */
  commandsMax?: number;
  title?: string;
}

export interface TimelineHandle {
  /** Shows the run up to simulated time t (µs): what happened later stays hidden. */
  setTime(t: number): void;
  domain: [number, number];
}

const STATE_LABELS: Record<LaneState, string> = {
  idle: "idle",
  inUse: "in use",
  stale: "stale (dropped by server, still pooled)",
  staleInUse: "stale, handed to a command",
  dialing: "dialing",
};
const LANE = 14;
const GAP = 4;
const LEFT = 96;
let clipCounter = 0;

/**
 * Draws one run: a lane per connection coloured by state, the disconnect, each command's
 * attempts (failed ones ✕, with the attempt count), backoff gaps and dials. Everything is drawn
 * once; setTime moves a clip and a playhead, so replay and scrubbing cost nothing.
 */
export function renderTimeline(svgElement: SVGSVGElement, model: TimelineModel, options: TimelineOptions = {}): TimelineHandle {
  const svg = select(svgElement);
  svg.selectAll("*").remove();
  const width = options.width ?? 900;
  const commands = model.commands.slice(0, options.commandsMax ?? 40);
  const shown = new Set(commands.map((c) => c.cmd));
  const connY = new Map(model.conns.map((c, i) => [c, i * (LANE + GAP)]));
  const connsHeight = model.conns.length * (LANE + GAP);
  const cmdTop = connsHeight + 30;
  const cmdY = new Map(commands.map((c, i) => [c.cmd, cmdTop + i * (LANE + GAP)]));
  const innerHeight = cmdTop + commands.length * (LANE + GAP);
  const top = options.title ? 56 : 34;
  const height = top + innerHeight + 60;
  const iw = width - LEFT - 120;
  const pad = Math.max(1000, (model.t1 - model.t0) * 0.03);
  const domain: [number, number] = [model.t0 - pad, model.t1 + pad];
  const x = scaleLinear().domain(domain).range([0, iw]);
  const xc = (t: number) => x(Math.max(domain[0], t));
  svg.attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height).attr("class", "chart timeline").attr("role", "img")
    .attr("aria-label", `Timeline of one run: ${model.conns.length} connections, ${model.commands.length} commands`);
  if (options.title) svg.append("text").attr("class", "chart-title").attr("x", 8).attr("y", 18).attr("fill", "currentColor").text(options.title);
  const g = svg.append("g").attr("transform", `translate(${LEFT},${top})`);
  g.append("g").attr("class", "axis x-axis").call(axisTop(x).ticks(8).tickFormat((t) => `${((t as number) / 1000).toFixed(1)}`));
  g.append("text").attr("class", "axis-title").attr("x", iw + 8).attr("y", -4).attr("fill", "currentColor").text("ms");
  for (const [conn, yy] of connY) g.append("text").attr("class", "lane-label").attr("x", -8).attr("y", yy + 11).attr("text-anchor", "end").attr("fill", "currentColor").text(`conn ${conn}`);
  g.append("text").attr("class", "lane-label").attr("x", -8).attr("y", cmdTop - 10).attr("text-anchor", "end").attr("fill", "currentColor").attr("font-weight", "bold").text("commands");
  for (const c of commands) g.append("text").attr("class", "lane-label").attr("x", -8).attr("y", cmdY.get(c.cmd)! + 11).attr("text-anchor", "end").attr("fill", "currentColor").text(`cmd ${c.cmd}`);

  const clipId = `timeline-clip-${++clipCounter}`;
  const clipRect = svg.append("clipPath").attr("id", clipId).append("rect").attr("x", -2).attr("y", -4).attr("height", innerHeight + 8).attr("width", iw + 4);
  const body = g.append("g").attr("clip-path", `url(#${clipId})`);
  for (const t of model.disconnects) {
    body.append("line").attr("class", "disconnect").attr("x1", x(t)).attr("x2", x(t)).attr("y1", -4).attr("y2", innerHeight).attr("stroke", OKABE_ITO[4]).attr("stroke-width", 1.5).attr("stroke-dasharray", "6 3");
    body.append("text").attr("x", x(t) + 4).attr("y", connsHeight + 14).attr("fill", OKABE_ITO[4]).attr("class", "disconnect-label").text("server disconnect");
  }
  body.selectAll("rect.segment").data(model.segments).join("rect")
    .attr("class", (s) => `segment state-${s.state}`)
    .attr("x", (s) => xc(s.t0)).attr("y", (s) => connY.get(s.conn)!)
    .attr("width", (s) => Math.max(2, x(s.t1) - xc(s.t0))).attr("height", LANE)
    .attr("fill", (s) => STATE_COLORS[s.state])
    .append("title").text((s) => `conn ${s.conn}: ${STATE_LABELS[s.state]}, ${(s.t0 / 1000).toFixed(3)}–${(s.t1 / 1000).toFixed(3)} ms`);
  const glyph: Record<string, [string, string]> = { closed: ["✕", "currentColor"], probeDiscarded: ["◆", OKABE_ITO[3]], expiredDiscarded: ["⌛", "currentColor"] };
  for (const mk of model.markers) {
    const gl = glyph[mk.kind];
    if (!gl || mk.conn === undefined) continue;
    body.append("text").attr("class", `marker marker-${mk.kind}`).attr("x", x(mk.t) + 3).attr("y", connY.get(mk.conn)! + 11).attr("fill", gl[1]).attr("font-size", 11).text(gl[0])
      .append("title").text(`${mk.kind === "probeDiscarded" ? "probe found it dead: discarded (no retry spent)" : mk.kind} at ${(mk.t / 1000).toFixed(3)} ms${mk.detail ? ` (${mk.detail})` : ""}`);
  }
  for (const b of model.backoffs.filter((b) => shown.has(b.cmd))) {
    const yy = cmdY.get(b.cmd)! + LANE / 2;
    body.append("line").attr("class", "backoff").attr("x1", x(b.t0)).attr("x2", x(b.t1)).attr("y1", yy).attr("y2", yy).attr("stroke", "currentColor").attr("stroke-dasharray", "2 2").attr("opacity", 0.7)
      .append("title").text(`cmd ${b.cmd}: backoff ${((b.t1 - b.t0) / 1000).toFixed(3)} ms before attempt ${b.attempt}`);
  }
  const attempts = model.attempts.filter((a) => shown.has(a.cmd));
  body.selectAll("rect.attempt").data(attempts).join("rect")
    .attr("class", (a) => `attempt attempt-${a.outcome}`)
    .attr("x", (a) => x(a.t0)).attr("y", (a) => cmdY.get(a.cmd)! + 2)
    .attr("width", (a) => Math.max(4, x(a.t1) - x(a.t0))).attr("height", LANE - 4)
    .attr("fill", (a) => (a.outcome === "failed" ? STATE_COLORS.staleInUse : a.outcome === "succeeded" ? STATE_COLORS.inUse : "#999"))
    .append("title").text((a) => `cmd ${a.cmd} attempt ${a.attempt}${a.conn !== undefined ? ` on conn ${a.conn}` : ""}: ${a.outcome}${a.error ? ` (${a.error})` : ""}`);
  for (const c of commands) {
    if (c.outcome === "open") continue;
    const retries = c.attempts - 1;
    body.append("text").attr("class", `command-end command-${c.outcome}`).attr("x", x(c.t1) + 8).attr("y", cmdY.get(c.cmd)! + 11).attr("fill", "currentColor").attr("font-size", 11)
      .text(c.outcome === "failed" ? `✕ failed after ${c.attempts} attempts` : `✓ ${retries === 0 ? "first try" : `after ${retries} ${retries === 1 ? "retry" : "retries"}`}`);
  }
  const playhead = g.append("line").attr("class", "playhead").attr("y1", -6).attr("y2", innerHeight).attr("stroke", "currentColor").attr("stroke-width", 1.5);
  const items = (Object.keys(STATE_LABELS) as LaneState[]).map((s) => ({ label: STATE_LABELS[s].split(" (")[0], color: STATE_COLORS[s] }));
  renderSwatches(svg.append("g").attr("transform", `translate(8,${height - 40})`), items);
  svg.append("text").attr("x", 8).attr("y", height - 8).attr("fill", "currentColor").attr("font-size", 11).attr("class", "timeline-key")
    .text(`✕ connection closed   ◆ probe discarded it   - - backoff   bars: attempts (green ok, red failed)${model.commands.length > commands.length ? `   (first ${commands.length} of ${model.commands.length} commands shown)` : ""}`);

  const setTime = (t: number) => {
    const px = Math.max(0, Math.min(iw, x(t)));
    clipRect.attr("width", px >= iw ? iw + 120 : px + 2);
    playhead.attr("x1", px).attr("x2", px).attr("data-time", t);
  };
  setTime(domain[1]);
  return { setTime, domain };
}
