import type { Selection } from "d3";
import type { Swatch } from "./legend.ts";
import { OKABE_ITO, STATE_COLORS } from "./palette.ts";
import { addPlayhead, addTimelineBody, createTimelineFrame, DISCONNECT_COLOR, finishTimeline, timelineLabel, type TimelineHandle, type TimelineOptions } from "./timeline-frame.ts";
import type { AttemptBar, LaneState, Marker, TimelineModel } from "./timeline-model.ts";

const STATE_LABELS: Record<LaneState, string> = {
  idle: "idle",
  inUse: "in use",
  stale: "stale (dropped by server, still pooled)",
  staleInUse: "stale, handed to a command",
  dialing: "dialing",
};

/** Attempt bars by outcome: the one table both the bars and the legend are drawn from. */
export const ATTEMPT_STYLE: Record<AttemptBar["outcome"], { color: string; label: string }> = {
  succeeded: { color: STATE_COLORS.inUse, label: "attempt ok" },
  failed: { color: STATE_COLORS.staleInUse, label: "attempt failed" },
  open: { color: "#999999", label: "attempt under way" },
};

type MarkKind = "closed" | "probeDiscarded" | "needlessClose" | "expiredDiscarded";

/** Connection marks: glyph, colour and meaning, for the lanes and the legend alike. */
export const MARK_STYLE: Record<MarkKind, { glyph: string; color: string; label: string }> = {
  closed: { glyph: "✕", color: "currentColor", label: "connection closed" },
  probeDiscarded: { glyph: "◆", color: OKABE_ITO[3], label: "check found it dead (no retry spent)" },
  needlessClose: { glyph: "◇", color: OKABE_ITO[3], label: "check closed a healthy connection" },
  expiredDiscarded: { glyph: "⌛", color: "currentColor", label: "discarded for age or idleness" },
};

const LANE = 14;
const GAP = 4;
/** Marks on one lane closer than this (px) are set side by side instead of on top of each other. */
const MARK_PX = 10;
let clipCounter = 0;

/**
 * Draws one run: a lane per connection coloured by state, the disconnect, each command's
 * attempts (coloured by outcome, with the attempt count), backoff gaps and dials. Everything is
 * drawn once; setTime moves a clip over the bars and shows each label whole or not at all, so
 * replay and scrubbing cost nothing and the playhead never cuts a word in half.
 */
export function renderTimeline(svgElement: SVGSVGElement, model: TimelineModel, options: TimelineOptions = {}): TimelineHandle {
  const frame = createTimelineFrame(svgElement, model, options, {
    className: "chart timeline",
    ariaLabel: `Timeline of one run: ${model.conns.length} connections, ${model.commands.length} commands`,
  });
  const { g, x, xc } = frame;
  const commands = model.commands.slice(0, options.commandsMax ?? 40);
  const shown = new Set(commands.map((c) => c.cmd));
  const connY = new Map(model.conns.map((c, i) => [c, i * (LANE + GAP)]));
  const connsHeight = model.conns.length * (LANE + GAP);
  const cmdTop = connsHeight + 30;
  const cmdY = new Map(commands.map((c, i) => [c.cmd, cmdTop + i * (LANE + GAP)]));
  const innerHeight = cmdTop + commands.length * (LANE + GAP);
  for (const [conn, yy] of connY) g.append("text").attr("class", "lane-label").attr("x", -8).attr("y", yy + 11).attr("text-anchor", "end").attr("fill", "currentColor").text(`conn ${conn}`);
  g.append("text").attr("class", "lane-label").attr("x", -8).attr("y", cmdTop - 10).attr("text-anchor", "end").attr("fill", "currentColor").attr("font-weight", "bold").text("commands");
  for (const c of commands) g.append("text").attr("class", "lane-label").attr("x", -8).attr("y", cmdY.get(c.cmd)! + 11).attr("text-anchor", "end").attr("fill", "currentColor").text(`cmd ${c.cmd}`);

  const { clipRect, body } = addTimelineBody(frame, `timeline-clip-${++clipCounter}`, innerHeight, model.disconnects);
  body.selectAll("rect.segment").data(model.segments).join("rect")
    .attr("class", (s) => `segment state-${s.state}`)
    .attr("x", (s) => xc(s.t0)).attr("y", (s) => connY.get(s.conn)!)
    .attr("width", (s) => Math.max(2, x(s.t1) - xc(s.t0))).attr("height", LANE)
    .attr("fill", (s) => STATE_COLORS[s.state])
    .append("title").text((s) => `conn ${s.conn}: ${STATE_LABELS[s.state]}, ${(s.t0 / 1000).toFixed(3)}–${(s.t1 / 1000).toFixed(3)} ms`);
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
    .attr("fill", (a) => ATTEMPT_STYLE[a.outcome].color)
    .append("title").text((a) => `cmd ${a.cmd} attempt ${a.attempt}${a.conn !== undefined ? ` on conn ${a.conn}` : ""}: ${a.outcome}${a.error ? ` (${a.error})` : ""}`);

  const { playhead, labels } = addPlayhead(frame, innerHeight);
  for (const t of model.disconnects) timelineLabel(labels, t, x(t) + 4, connsHeight + 14, "server disconnect", "disconnect-label").attr("fill", DISCONNECT_COLOR);
  drawMarks(labels, model.markers, x, connY);
  for (const c of commands) {
    if (c.outcome === "open") continue;
    const retries = c.attempts - 1;
    timelineLabel(labels, c.t1, x(c.t1) + 8, cmdY.get(c.cmd)! + 11, c.outcome === "failed" ? `✕ failed after ${c.attempts} attempts` : `✓ ${retries === 0 ? "first try" : `after ${retries} ${retries === 1 ? "retry" : "retries"}`}`, `command-end command-${c.outcome}`);
  }
  const note = model.commands.length > commands.length ? `first ${commands.length} of ${model.commands.length} commands shown` : null;
  return finishTimeline(frame, { innerHeight, clipRect, playhead, labels }, timelineLegend(note));
}

/** Everything the timeline draws, in the colours it draws them: lane states, attempt bars, marks, backoff. */
export function timelineLegend(note: string | null = null): Swatch[] {
  const items: Swatch[] = (Object.keys(STATE_LABELS) as LaneState[]).map((s) => ({ label: STATE_LABELS[s].split(" (")[0], color: STATE_COLORS[s] }));
  items.push(...(["succeeded", "failed"] as const).map((o) => ({ label: ATTEMPT_STYLE[o].label, color: ATTEMPT_STYLE[o].color })));
  items.push(...(["closed", "probeDiscarded", "needlessClose"] as const).map((k) => ({ label: MARK_STYLE[k].label, color: MARK_STYLE[k].color, glyph: MARK_STYLE[k].glyph })));
  items.push({ label: "backoff", color: "currentColor", dashed: true });
  if (note) items.push({ label: `(${note})`, color: "transparent", glyph: " " });
  return items;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

/**
 * Connection marks; marks on one lane within MARK_PX of each other (a ◆ and its ✕ at the same
 * instant) are set side by side, so each stays readable instead of merging into a blob.
 */
function drawMarks(parent: G, markers: readonly Marker[], x: (t: number) => number, connY: ReadonlyMap<number, number>): void {
  const lastX = new Map<number, number>();
  const drawn = markers.filter((mk) => mk.conn !== undefined && markKind(mk) !== null).sort((a, b) => a.conn! - b.conn! || a.t - b.t);
  for (const mk of drawn) {
    const kind = markKind(mk)!;
    const style = MARK_STYLE[kind];
    const px = Math.max(x(mk.t) + 3, (lastX.get(mk.conn!) ?? -Infinity) + MARK_PX);
    lastX.set(mk.conn!, px);
    timelineLabel(parent, mk.t, px, connY.get(mk.conn!)! + 11, style.glyph, `marker marker-${kind}`).attr("fill", style.color)
      .append("title").text(`conn ${mk.conn}: ${style.label} at ${(mk.t / 1000).toFixed(3)} ms${mk.detail ? ` (${mk.detail})` : ""}`);
  }
}

function markKind(mk: Marker): MarkKind | null {
  // A probe that discards a connection the server never dropped closes it needlessly (v9.5.4's consuming read).
  if (mk.kind === "probeDiscarded") return mk.detail === "healthy" || mk.detail === "readonly" ? "needlessClose" : "probeDiscarded";
  return mk.kind === "closed" || mk.kind === "expiredDiscarded" ? mk.kind : null;
}
