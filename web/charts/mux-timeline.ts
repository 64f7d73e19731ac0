import { area, curveStepAfter, scaleLinear, type Selection } from "d3";
import type { Swatch } from "./legend.ts";
import type { CommandPhase, MuxCommandRow, MuxTimelineModel, SocketState } from "./mux-timeline-model.ts";
import { OKABE_ITO } from "./palette.ts";
import { addPlayhead, addTimelineBody, createTimelineFrame, DISCONNECT_COLOR, finishTimeline, timelineLabel, type TimelineHandle, type TimelineOptions } from "./timeline-frame.ts";

/** Socket lane colours and meanings: the one table both the lanes and the legend are drawn from. */
export const SOCKET_STYLE: Record<SocketState, { color: string; label: string }> = {
  up: { color: OKABE_ITO[2], label: "socket up" },
  deadUnnoticed: { color: OKABE_ITO[0], label: "dead, not yet noticed" },
  down: { color: OKABE_ITO[4], label: "down, waiting to reconnect" },
  connecting: { color: OKABE_ITO[5], label: "reconnecting" },
  ended: { color: "#999999", label: "closed for good" },
};

/** Where a command waits, on its row and (stacked) in the queue band. */
export const PHASE_STYLE: Record<CommandPhase, { color: string; label: string }> = {
  queued: { color: OKABE_ITO[1], label: "in the offline queue" },
  inFlight: { color: OKABE_ITO[3], label: "written, awaiting reply" },
  // Yellow, not the orange of "dead, not yet noticed": one colour, one meaning.
  unanswered: { color: OKABE_ITO[6], label: "unanswered, awaiting re-send" },
};

/** The re-send mark: a command written again after a reconnect (the server may run it twice). */
export const RESEND_STYLE = { glyph: "↻", color: OKABE_ITO[4], label: "re-sent after reconnect" } as const;

const LANE = 14;
const GAP = 4;
const BAND = 44;
let clipCounter = 0;

/**
 * Draws one multiplexed run: a lane per socket coloured by state (up, dead unnoticed, down,
 * reconnecting), the commands waiting over time (offline queue and unanswered, stacked), and each
 * command's row (queued, in flight, awaiting re-send) with its re-sends marked ↻. Drawn once;
 * setTime moves a clip and shows each label whole or not at all, as the pooled timeline does.
 */
export function renderMuxTimeline(svgElement: SVGSVGElement, model: MuxTimelineModel, options: TimelineOptions = {}): TimelineHandle {
  const frame = createTimelineFrame(svgElement, model, options, {
    className: "chart timeline mux-timeline",
    ariaLabel: `Timeline of one multiplexed run: ${model.sockets.length} socket${model.sockets.length === 1 ? "" : "s"}, ${model.commands.length} commands, at most ${model.depthMax} waiting`,
  });
  const { g, x, xc } = frame;
  const { rows: commands, note } = commandsShown(model, options.commandsMax ?? 40);
  const sockY = new Map(model.sockets.map((s, i) => [s, i * (LANE + GAP)]));
  const bandTop = model.sockets.length * (LANE + GAP) + 22;
  const cmdTop = bandTop + BAND + 26;
  const cmdY = new Map(commands.map((c, i) => [c.cmd, cmdTop + i * (LANE + GAP)]));
  const innerHeight = cmdTop + commands.length * (LANE + GAP);
  const laneLabel = (y: number, text: string, bold = false) => g.append("text").attr("class", "lane-label").attr("x", -8).attr("y", y).attr("text-anchor", "end").attr("fill", "currentColor").attr("font-weight", bold ? "bold" : null).text(text);
  for (const [s, yy] of sockY) laneLabel(yy + 11, `socket ${s}`);
  laneLabel(bandTop + 12, "waiting", true);
  laneLabel(bandTop + 26, `max ${model.depthMax}`);
  laneLabel(cmdTop - 10, "commands", true);
  for (const c of commands) laneLabel(cmdY.get(c.cmd)! + 11, `cmd ${c.cmd}`);

  const { clipRect, body } = addTimelineBody(frame, `mux-timeline-clip-${++clipCounter}`, innerHeight, model.disconnects);
  body.selectAll("rect.socket-span").data(model.socketSpans).join("rect")
    .attr("class", (s) => `socket-span socket-${s.state}`)
    .attr("x", (s) => xc(s.t0)).attr("y", (s) => sockY.get(s.sock)!)
    .attr("width", (s) => Math.max(2, x(s.t1) - xc(s.t0))).attr("height", LANE)
    .attr("fill", (s) => SOCKET_STYLE[s.state].color)
    .append("title").text((s) => `socket ${s.sock}: ${SOCKET_STYLE[s.state].label}, ${ms(s.t0)}–${ms(s.t1)}`);
  drawDepth(body, model, x, bandTop);
  drawCommands(body, commands, x, xc, cmdY);

  const { playhead, labels } = addPlayhead(frame, innerHeight);
  for (const t of model.disconnects) timelineLabel(labels, t, x(t) + 4, bandTop - 6, "server disconnect", "disconnect-label").attr("fill", DISCONNECT_COLOR);
  drawReconnects(labels, model, x, sockY);
  for (const c of commands) {
    for (const w of c.writes.filter((w) => w.resent)) {
      timelineLabel(labels, w.t, x(w.t) - 4, cmdY.get(c.cmd)! + 11, RESEND_STYLE.glyph, "marker marker-resend").attr("fill", RESEND_STYLE.color).attr("font-weight", "bold")
        .append("title").text(`cmd ${c.cmd}: ${RESEND_STYLE.label} at ${ms(w.t)}${w.maybeTwice ? ": the server may have run it already (maybe executed twice)" : ""}`);
    }
    if (c.outcome !== "open") timelineLabel(labels, c.t1, x(c.t1) + 8, cmdY.get(c.cmd)! + 11, endText(c), `command-end command-${c.outcome}`);
  }
  return finishTimeline(frame, { innerHeight, clipRect, playhead, labels }, muxTimelineLegend(note));
}

/** Everything the multiplexed timeline draws, in the colours it draws them. */
export function muxTimelineLegend(note: string | null = null): Swatch[] {
  const items: Swatch[] = (Object.keys(SOCKET_STYLE) as SocketState[]).map((s) => ({ label: SOCKET_STYLE[s].label, color: SOCKET_STYLE[s].color }));
  items.push(...(Object.keys(PHASE_STYLE) as CommandPhase[]).map((p) => ({ label: PHASE_STYLE[p].label, color: PHASE_STYLE[p].color })));
  items.push({ label: RESEND_STYLE.label, color: RESEND_STYLE.color, glyph: RESEND_STYLE.glyph });
  items.push({ label: "server disconnect", color: DISCONNECT_COLOR, dashed: true });
  if (note) items.push({ label: `(${note})`, color: "transparent", glyph: " " });
  return items;
}

/**
 * The rows drawn: every command when they fit, else `max` of them starting with the first one
 * still unfinished at the first disconnect, so the story around the drop is on screen.
 */
export function commandsShown(model: MuxTimelineModel, max: number): { rows: MuxCommandRow[]; note: string | null } {
  const all = model.commands;
  if (all.length <= max) return { rows: all, note: null };
  const drop = model.disconnects[0] ?? -Infinity;
  const first = Math.max(0, Math.min(all.length - max, all.findIndex((c) => c.t1 >= drop)));
  const rows = all.slice(first, first + max);
  return { rows, note: `commands ${rows[0].cmd}–${rows[rows.length - 1].cmd} of ${all.length} shown` };
}

type G = Selection<SVGGElement, unknown, null, undefined>;

function drawDepth(body: G, model: MuxTimelineModel, x: (t: number) => number, bandTop: number): void {
  const y = scaleLinear().domain([0, Math.max(1, model.depthMax)]).range([bandTop + BAND, bandTop]);
  const points = [...model.depth, { ...model.depth[model.depth.length - 1], t: model.t1 }];
  body.append("line").attr("x1", x(model.t0)).attr("x2", x(model.t1)).attr("y1", bandTop + BAND).attr("y2", bandTop + BAND).attr("stroke", "currentColor").attr("opacity", 0.4);
  const layer = (cls: string, color: string, lo: (d: (typeof points)[number]) => number, hi: (d: (typeof points)[number]) => number) =>
    body.append("path").attr("class", `depth depth-${cls}`).attr("fill", color).attr("d", area<(typeof points)[number]>().curve(curveStepAfter).x((d) => x(d.t)).y0((d) => y(lo(d))).y1((d) => y(hi(d)))(points));
  layer("unanswered", PHASE_STYLE.unanswered.color, () => 0, (d) => d.unanswered).append("title").text("commands unanswered at the drop, awaiting their re-send");
  layer("queued", PHASE_STYLE.queued.color, (d) => d.unanswered, (d) => d.unanswered + d.queued).append("title").text("commands in the offline queue");
}

function drawCommands(body: G, commands: readonly MuxCommandRow[], x: (t: number) => number, xc: (t: number) => number, cmdY: ReadonlyMap<number, number>): void {
  const spans = commands.flatMap((c) => c.phases.map((p) => ({ cmd: c.cmd, ...p })));
  body.selectAll("rect.phase").data(spans).join("rect")
    .attr("class", (p) => `phase phase-${p.state}`)
    .attr("x", (p) => xc(p.t0)).attr("y", (p) => cmdY.get(p.cmd)! + 2)
    .attr("width", (p) => Math.max(3, x(p.t1) - xc(p.t0))).attr("height", LANE - 4)
    .attr("fill", (p) => PHASE_STYLE[p.state].color)
    .append("title").text((p) => `cmd ${p.cmd}: ${PHASE_STYLE[p.state].label}, ${ms(p.t0)}–${ms(p.t1)}`);
}

/** "↻ 50 ms" at each scheduled reconnect, set side by side when they would overlap. */
function drawReconnects(labels: G, model: MuxTimelineModel, x: (t: number) => number, sockY: ReadonlyMap<number, number>): void {
  const lastEnd = new Map<number, number>();
  for (const r of model.reconnects) {
    const text = `↻ ${fmtMs(r.delayUs)}`;
    const px = Math.max(x(r.t) + 3, (lastEnd.get(r.sock) ?? -Infinity) + 8);
    lastEnd.set(r.sock, px + text.length * 7);
    timelineLabel(labels, r.t, px, sockY.get(r.sock)! + LANE + 11, text, "reconnect-label")
      .append("title").text(`socket ${r.sock}: reconnect attempt ${r.attempt} scheduled at ${ms(r.t)}, after ${fmtMs(r.delayUs)}`);
  }
}

function endText(c: MuxCommandRow): string {
  const resent = c.writes.filter((w) => w.resent).length;
  const twice = c.writes.some((w) => w.maybeTwice);
  if (c.outcome === "failed") return `✕ ${c.cause ?? "failed"}`;
  return resent === 0 ? "✓" : `✓ re-sent${resent === 1 ? "" : ` ${resent}×`}${twice ? ", maybe 2×" : ""}`;
}

const ms = (us: number) => `${(us / 1000).toFixed(3)} ms`;
const fmtMs = (us: number) => `${Number((us / 1000).toPrecision(4))} ms`;
