// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { runScenario, traceMultiplexed, traceScenario } from "../sim/run.ts";
import { parseScenario } from "../sim/scenario/resolve.ts";
import { buildMuxTimeline, describeMuxEvent } from "../web/charts/mux-timeline-model.ts";
import { commandsShown, muxTimelineLegend, PHASE_STYLE, RESEND_STYLE, renderMuxTimeline, SOCKET_STYLE } from "../web/charts/mux-timeline.ts";
import { COMPARE_KEYS } from "../web/app/state.ts";
import { compareJobs, compareNarrative, compareRows, type CompareRun } from "../web/app/teach-compare.ts";
import { storyOf } from "../web/app/teach-story.ts";
import { renderTimeline } from "../web/charts/timeline.ts";
import { buildTimeline } from "../web/charts/timeline-model.ts";

const svg = () => {
  const el = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  document.body.replaceChildren(el);
  return el;
};

/** The incident with one command in flight at the kill and the server down 200 ms (test/golden/mux-inflight-*.trace). */
const inflight = (profile: string) => parseScenario({
  profile, transport: "tls", network: { rtt: "1ms", dialTime: "2ms" },
  disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "200ms" }],
  workload: { kind: "sequential", commands: 20, start: "990500us" },
});
/** Four clients issuing while the server is down: the offline queue fills. */
const queueing = (profile: string) => parseScenario({
  profile, disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "200ms" }],
  workload: { kind: "concurrent", clients: 4, commands: 8, think: "40ms", start: "950ms" },
});

describe("buildMuxTimeline(trace)", () => {
  it("ioredis@5, a command in flight at the kill: the socket goes down, tries at 50, 151 and 302 ms after it, is up at 1306 ms; cmd 9 waits unanswered and is re-sent", () => {
    const m = buildMuxTimeline(traceMultiplexed(inflight("ioredis@5")).trace);
    expect(m.socketSpans.map((s) => [s.state, s.t0, s.t1])).toEqual([
      ["up", 0, 1_000_000], ["down", 1_000_000, 1_050_000], ["connecting", 1_050_000, 1_051_000], ["down", 1_051_000, 1_151_000],
      ["connecting", 1_151_000, 1_152_000], ["down", 1_152_000, 1_302_000], ["connecting", 1_302_000, 1_306_000], ["up", 1_306_000, m.t1],
    ]);
    expect(m.reconnects.map((r) => [r.attempt, r.delayUs])).toEqual([[1, 50_000], [2, 100_000], [3, 150_000]]);
    const cmd9 = m.commands.find((c) => c.cmd === 9)!;
    expect(cmd9.phases.map((p) => [p.state, p.t0, p.t1])).toEqual([["inFlight", 999_500, 1_000_000], ["unanswered", 1_000_000, 1_306_000], ["inFlight", 1_306_000, 1_307_000]]);
    expect(cmd9.writes).toEqual([{ t: 999_500, resent: false, maybeTwice: false }, { t: 1_306_000, resent: true, maybeTwice: true }]);
    expect(m.depth).toEqual([{ t: 0, queued: 0, unanswered: 0 }, { t: 1_000_000, queued: 0, unanswered: 1 }, { t: 1_306_000, queued: 0, unanswered: 0 }]);
    expect(m.disconnects).toEqual([1_000_000]);
  });

  it("node-redis@5 fails the in-flight command with the socket's error and reconnects at once", () => {
    const m = buildMuxTimeline(traceMultiplexed(inflight("node-redis@5")).trace);
    expect(m.commands.find((c) => c.cmd === 9)).toMatchObject({ outcome: "failed", cause: "eof", t1: 1_000_000 });
    expect(m.socketSpans[1]).toMatchObject({ state: "connecting", t0: 1_000_000 });
    expect(m.commands.find((c) => c.cmd === 10)!.phases.map((p) => p.state)).toEqual(["queued", "inFlight"]);
  });

  it("the queue's depth rises with each queued command and falls to 0 when the socket is back", () => {
    const { trace, result } = traceMultiplexed(queueing("ioredis@5"));
    const m = buildMuxTimeline(trace);
    expect(m.depthMax).toBe(4);
    expect(m.depth.find((d) => d.queued === 4)!.t).toBe(1_032_000);
    expect(m.depth[m.depth.length - 1]).toMatchObject({ queued: 0, unanswered: 0 });
    expect(m.commands).toHaveLength(result.commands);
  });

  it("describeMuxEvent(e) puts every step in words with its time", () => {
    const { trace } = traceMultiplexed(inflight("ioredis@5"));
    const lines = trace.map(describeMuxEvent);
    expect(lines).toContain("1000.000 ms  client saw the socket drop (socket 0): eof, 1 unanswered");
    expect(lines).toContain("1000.000 ms  reconnect scheduled (socket 0): attempt 1 in 50.000 ms");
    expect(lines).toContain("1306.000 ms  command RE-SENT (cmd 9, socket 0): write 2, maybe executed twice");
    for (const [i, l] of lines.entries()) expect(l.startsWith(`${(trace[i].atUs / 1000).toFixed(3)} ms  `)).toBe(true);
  });
});

describe("renderMuxTimeline", () => {
  it("draws a socket lane, the queue band and the commands; the legend shows every colour drawn under its name", () => {
    const el = svg();
    const m = buildMuxTimeline(traceMultiplexed(inflight("ioredis@5")).trace);
    renderMuxTimeline(el, m);
    expect(el.querySelectorAll("rect.socket-span")).toHaveLength(m.socketSpans.length);
    expect(el.querySelector("path.depth-unanswered")!.getAttribute("d")).toMatch(/^M/);
    const legend = new Map([...el.querySelectorAll(".timeline-legend .swatches > g")].map((g) => [g.lastElementChild!.textContent, g.firstElementChild!.getAttribute("fill") ?? g.firstElementChild!.getAttribute("stroke")]));
    for (const r of el.querySelectorAll("rect.socket-span, rect.phase, path.depth")) expect([...legend.values()], r.getAttribute("class")!).toContain(r.getAttribute("fill"));
    for (const [state, style] of Object.entries(SOCKET_STYLE)) expect(legend.get(style.label), state).toBe(style.color);
    for (const [phase, style] of Object.entries(PHASE_STYLE)) expect(legend.get(style.label), phase).toBe(style.color);
    const resend = [...el.querySelectorAll("text.marker-resend")];
    expect(resend).toHaveLength(1);
    expect(resend[0].getAttribute("fill")).toBe(RESEND_STYLE.color);
    expect(legend.get(RESEND_STYLE.label)).toBe(RESEND_STYLE.color);
    expect(el.textContent).toContain("↻ 50 ms");
    // One colour, one meaning: no two bar swatches share a colour.
    const bars = muxTimelineLegend().filter((i) => !i.glyph && !i.dashed).map((i) => i.color);
    expect(new Set(bars).size).toBe(bars.length);
    expect(el.textContent).toContain("✓ re-sent, maybe 2×");
  });

  it("shows labels whole: outside the clip, hidden until their time", () => {
    const el = svg();
    const m = buildMuxTimeline(traceMultiplexed(inflight("ioredis@5")).trace);
    const handle = renderMuxTimeline(el, m);
    expect(el.querySelectorAll("[clip-path] text")).toHaveLength(0);
    handle.setTime(1_100_000);
    for (const l of el.querySelectorAll<SVGTextElement>("text[data-t]")) expect(l.getAttribute("visibility"), l.textContent!).toBe(Number(l.dataset.t) <= 1_100_000 ? null : "hidden");
  });

  it("with more commands than rows, shows the ones around the first disconnect and says so", () => {
    const m = buildMuxTimeline(traceMultiplexed(inflight("ioredis@5")).trace);
    const { rows, note } = commandsShown(m, 5);
    expect(rows.map((r) => r.cmd)).toEqual([9, 10, 11, 12, 13]);
    expect(note).toBe("commands 9–13 of 20 shown");
    const el = svg();
    renderMuxTimeline(el, m, { commandsMax: 5 });
    expect(el.textContent).toContain("(commands 9–13 of 20 shown)");
  });
});

describe("teach: compare clients on one seed", () => {
  it("compareJobs(texts) runs the user's settings under each client: only the profile is chosen for them", () => {
    const { jobs, problems } = compareJobs({ "workload.commands": "7" });
    expect(problems).toEqual([]);
    expect(jobs.map((j) => j.key)).toEqual([...COMPARE_KEYS]);
    for (const j of jobs) expect([j.scenario.profile, j.scenario.seed, j.scenario.workload, j.scenario.disconnects]).toEqual([j.key, 1, jobs[0].scenario.workload, jobs[0].scenario.disconnects]);
    expect(jobs.map((j) => j.scenario.client)).toEqual(["pooled", "pooled", "multiplexed", "multiplexed", "multiplexed", "multiplexed"]);
    expect(COMPARE_KEYS.map(storyOf)).toEqual(COMPARE_KEYS.map(() => "compare"));
  });

  const runs = (make: (p: string) => ReturnType<typeof inflight>): CompareRun[] => COMPARE_KEYS.map((key) => {
    const s = make(key);
    if (s.client === "multiplexed") {
      const { result, trace } = traceMultiplexed(s);
      return { key, result, mux: trace };
    }
    return { key, result: traceScenario(s).result, mux: null };
  });

  it("each client's sentence tells its own run: the drop, the reconnect, the re-send or the failure, and its numbers", () => {
    const r = runs(inflight);
    const text = new Map(compareNarrative(inflight("ioredis@5"), r).map((p) => [p.key, p.text]));
    expect(text.get("ioredis@5")).toContain("the socket drops at 1000 ms and the client sees it at once (eof). 1 command was in flight: kept to be re-sent. It reconnects after 50 ms; 2 attempts failed first (the server is down); the socket is back at 1306 ms, 306 ms after the drop.");
    expect(text.get("ioredis@5")).toContain("1 unanswered command was re-sent after the reconnect: maybe executed twice (1).");
    expect(text.get("node-redis@5")).toContain("1 command was in flight and failed with the socket's error. It reconnects at once;");
    expect(text.get("node-redis@5")).toContain("Failed: 1 eof.");
    for (const row of compareRows(r)) {
      const t = text.get(row.key as never)!;
      expect(t, row.key).toContain(`${row.failed} of ${row.commands} commands failed, ${row.dials} dial`);
      expect(row.failed, row.key).toBe(r.find((x) => x.key === row.key)!.result.failed);
    }
    const rows = new Map(compareRows(r).map((x) => [x.key, x]));
    expect([rows.get("ioredis@5")!.again, rows.get("ioredis@5")!.maybeExecutedTwice]).toEqual([1, 1]);
    expect(rows.get("go-redis-9.5.3")!.again).toBe(runScenario(inflight("go-redis-9.5.3")).attempts - rows.get("go-redis-9.5.3")!.commands);
  });

  it("the queue sentence carries the queue's numbers", () => {
    const r = runs(queueing);
    const io = compareNarrative(queueing("ioredis@5"), r).find((p) => p.key === "ioredis@5")!.text;
    const wait = r.find((x) => x.key === "ioredis@5")!.result.queueWaitMs;
    expect(io).toContain(`Meanwhile 4 commands queued in the offline queue (up to 4 at once, ${Number(wait.toPrecision(4))} ms on average).`);
  });
});

describe("pooled and multiplexed timelines side by side", () => {
  it("renderTimeline and renderMuxTimeline given one domain draw the same time axis", () => {
    const pooled = parseScenario({ profile: "go-redis-9.5.3", disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "200ms" }], workload: { kind: "sequential", commands: 20, start: "990500us" } });
    const a = buildTimeline(traceScenario(pooled).trace);
    const b = buildMuxTimeline(traceMultiplexed(inflight("ioredis@5")).trace);
    const domain: [number, number] = [Math.min(a.t0, b.t0) - 1000, Math.max(a.t1, b.t1) + 1000];
    const ticks = (draw: (el: SVGSVGElement) => void) => {
      const el = svg();
      draw(el);
      return [...el.querySelectorAll(".x-axis .tick")].map((t) => `${t.getAttribute("transform")} ${t.textContent}`);
    };
    expect(ticks((el) => renderMuxTimeline(el, b, { domain, width: 700 }))).toEqual(ticks((el) => renderTimeline(el, a, { domain, width: 700 })));
  });
});
