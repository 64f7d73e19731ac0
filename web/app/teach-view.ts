import type { Scenario } from "../../sim/scenario/types.ts";
import { buildMuxTimeline, describeMuxEvent, type MuxTimelineModel } from "../charts/mux-timeline-model.ts";
import { renderMuxTimeline } from "../charts/mux-timeline.ts";
import { renderTimeline } from "../charts/timeline.ts";
import type { TimelineHandle, TimelineOptions } from "../charts/timeline-frame.ts";
import { buildTimeline, describeEvent, type TimelineModel } from "../charts/timeline-model.ts";
import type { TracedStrategy } from "../worker-protocol.ts";
import type { AppHandle } from "./explore-view.ts";
import { Player } from "./player.ts";
import { timeText, timeUs, type AppState } from "./state.ts";
import { teachNarrative, teachRows, teachScenario, teachStrategies, type TeachParagraph } from "./teach.ts";
import { COMPARE_LABELS, compareJobs, compareNarrative, compareRows } from "./teach-compare.ts";
import { storyOf, type Story } from "./teach-story.ts";
import { JobWorker, type WorkerFactory } from "./workers.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

type Model = { client: "pooled"; model: TimelineModel } | { client: "multiplexed"; model: MuxTimelineModel };
interface ShownRun {
  traced: TracedStrategy;
  view: Model;
}

/**
 * The Teach tab: one story's runs traced on one seed (in a worker), the chosen one replayed as a
 * timeline on a time axis shared by all of them, and the narrative and table comparing them. Two
 * stories: the go-redis TLS check (bug, fix, revert, now) and pooled against multiplexed clients.
 */
export function createTeachView(app: AppHandle, createWorker: WorkerFactory) {
  const worker = new JobWorker(createWorker);
  let runs: ShownRun[] | null = null;
  let domain: [number, number] = [0, 1];
  let tracedFor: string | null = null;
  let player: Player | null = null;
  let shown: string | null = null;
  const svg = $("timeline") as unknown as SVGSVGElement;

  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="strategy"]')) {
    radio.addEventListener("change", () => app.update({ strategy: radio.value as AppState["strategy"] }, true));
  }
  // The playhead's position goes into the address (no history entry) whenever it comes to rest.
  const keepTime = () => player && app.update({ time: timeText(player.time) }, "replace");
  $("play").addEventListener("click", () => (player?.playing ? player.pause() : player?.play()));
  $("step").addEventListener("click", () => {
    player?.step();
    keepTime();
  });
  $("speed").addEventListener("change", (e) => app.update({ speed: (e.target as HTMLSelectElement).value as AppState["speed"] }, true));
  $("scrub").addEventListener("input", (e) => player?.seekFraction(Number((e.target as HTMLInputElement).value) / 1000));
  $("scrub").addEventListener("change", keepTime);

  function request(story: Story, scenario: Scenario, state: AppState) {
    runs = null;
    $("narrative").textContent = story === "tls" ? "Tracing one run per strategy…" : "Tracing one run per client…";
    $("teach-table").replaceChildren();
    const planned = jobsFor(story, scenario, state);
    if ("message" in planned) {
      $("narrative").textContent = planned.message;
      svg.replaceChildren();
      return;
    }
    worker.request({ type: "trace", runs: planned.jobs }, (msg) => {
      if (msg.type === "error") $("narrative").textContent = `The trace failed: ${msg.message}`;
      if (msg.type !== "trace") return;
      runs = msg.runs.map((traced) => ({ traced, view: traced.client === "pooled" ? { client: "pooled", model: buildTimeline(traced.trace) } : { client: "multiplexed", model: buildMuxTimeline(traced.trace) } }));
      domain = sharedDomain(runs.map((r) => r.view.model));
      showNarrative(story, scenario, msg.runs, planned.problems);
      shown = null;
      showTimeline(app.state().strategy);
    });
  }

  function showNarrative(story: Story, scenario: Scenario, traced: TracedStrategy[], problems: readonly string[]) {
    fillNarrative(story, scenario, traced, problems);
    markChosen(app.state().strategy);
  }

  function markChosen(strategy: string) {
    for (const el of document.querySelectorAll<HTMLElement>("#narrative p[data-strategy], #teach-table tr[data-strategy]")) el.classList.toggle("chosen", el.dataset.strategy === strategy);
  }

  function showTimeline(strategy: string) {
    const run = runs?.find((r) => r.traced.key === strategy);
    if (!run) return;
    shown = strategy;
    markChosen(strategy);
    const keep = player ? player.time : null;
    player?.pause();
    const { traced, view } = run;
    // At least 560 px wide, so the time axis keeps room on a phone (the box scrolls sideways).
    const width = Math.max(560, Math.min(1200, svg.parentElement!.clientWidth || 900));
    const title = `${labelOf(strategy)}: ${traced.result.failed} of ${traced.result.commands} commands failed${traced.truncated ? " (trace cut short)" : ""}`;
    const options: TimelineOptions = { width, domain, title };
    const handle: TimelineHandle = view.client === "pooled" ? renderTimeline(svg, view.model, options) : renderMuxTimeline(svg, view.model, options);
    const describe = (i: number) => (traced.client === "pooled" ? describeEvent(traced.trace[i]) : describeMuxEvent(traced.trace[i]));
    const log = $("event-log");
    player = new Player({
      domain: handle.domain,
      times: view.model.times,
      onTime(t) {
        handle.setTime(t);
        ($("scrub") as HTMLInputElement).value = String(Math.round(player ? player.fraction() * 1000 : 1000));
        $("time").textContent = `${(t / 1000).toFixed(3)} ms`;
        const end = lastAtOrBefore(traced.trace, t);
        log.replaceChildren(...range(Math.max(0, end - 8), end).map((i) => Object.assign(document.createElement("li"), { textContent: describe(i) })));
      },
      onPlaying(playing) {
        $("play").textContent = playing ? "Pause" : "Play";
        if (!playing) keepTime();
      },
    });
    player.speed = Number(app.state().speed);
    player.seek(keep ?? timeUs(app.state().time) ?? handle.domain[1]);
  }

  function labelOf(strategy: string): string {
    if (storyOf(strategy) === "compare") return COMPARE_LABELS[strategy as keyof typeof COMPARE_LABELS] ?? strategy;
    const scenario = app.scenario();
    return (scenario ? teachStrategies(scenario).find((t) => t.key === strategy)?.label : undefined) ?? strategy;
  }

  return {
    sync(state: AppState, visible: boolean) {
      for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="strategy"]')) radio.checked = radio.value === state.strategy;
      ($("speed") as HTMLSelectElement).value = state.speed;
      if (player) player.speed = Number(state.speed);
      // A link or Back/Forward that moves the playhead moves it here too.
      const t = timeUs(state.time);
      if (player && !player.playing && t !== null && timeText(player.time) !== state.time) player.seek(t);
      const scenario = app.scenario();
      if (!visible) return;
      if (scenario === null) {
        tracedFor = null;
        $("narrative").textContent = "Fix the scenario settings to trace a run.";
        return;
      }
      const story = storyOf(state.strategy);
      // The TLS story's runs follow the resolved scenario; the comparison's follow the fields the user set (each client fills in the rest).
      const key = `${story} ${story === "tls" ? JSON.stringify(scenario) : JSON.stringify(state.scenario)}`;
      if (key !== tracedFor) {
        tracedFor = key;
        request(story, scenario, state);
      } else if (runs && state.strategy !== shown) showTimeline(state.strategy);
    },
  };
}

/** The story's paragraphs and its table, each run's numbers from its own trace. */
function fillNarrative(story: Story, scenario: Scenario, traced: readonly TracedStrategy[], problems: readonly string[]): void {
  const runs = traced.map((t) => ({ key: t.key, result: t.result, mux: t.client === "multiplexed" ? t.trace : null }));
  const paragraphs: TeachParagraph[] = story === "tls" ? teachNarrative(scenario, runs) : compareNarrative(scenario, runs);
  if (problems.length > 0) paragraphs.push({ key: null, text: `Not traced, since the current settings do not resolve for them: ${problems.join(" ")}` });
  $("narrative").replaceChildren(...paragraphs.map(({ key, text }) => {
    const p = Object.assign(document.createElement("p"), { textContent: text });
    if (key) p.dataset.strategy = key;
    return p;
  }));
  const table = $("teach-table");
  if (story === "tls") {
    const rows = teachRows(teachStrategies(scenario), runs).map((r) => keyedRow(r.key, [r.label, `${r.failed} / ${r.commands}`, String(r.needlessCloses), String(r.dials), fmt(r.latencyP99Ms)]));
    table.replaceChildren(tableRow("th", ["", "failed", "needless closes", "dials", "p99 ms"]), ...rows);
  } else {
    const rows = compareRows(runs).map((r) => keyedRow(r.key, [r.label, `${r.failed} / ${r.commands}`, String(r.again), String(r.maybeExecutedTwice), String(r.dials), fmt(r.latencyP99Ms)]));
    table.replaceChildren(tableRow("th", ["", "failed", "retries / re-sends", "maybe twice", "dials", "p99 ms"]), ...rows);
  }
}

/** The runs a story traces, or why it cannot. */
function jobsFor(story: Story, scenario: Scenario, state: AppState): { jobs: { key: string; scenario: Scenario }[]; problems: string[] } | { message: string } {
  if (story === "compare") {
    const { jobs, problems } = compareJobs(state.scenario);
    return jobs.length > 0 ? { jobs: jobs.map(({ key, scenario }) => ({ key, scenario })), problems } : { message: `These settings cannot be traced: ${problems.join(" ")}` };
  }
  if (scenario.client === "multiplexed") {
    return { message: `The go-redis TLS story is about go-redis's pool, and profile ${scenario.profile} is a multiplexed client with no pool to go stale. Pick one of the clients under "compare clients" to watch its socket, or a go-redis profile in the scenario settings.` };
  }
  try {
    return { jobs: teachStrategies(scenario).map((t) => ({ key: t.key, scenario: teachScenario(scenario, t) })), problems: [] };
  } catch (e) {
    return { message: `These settings cannot be traced: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** One time axis for every run, so the runs are compared at the same scale and instants. */
function sharedDomain(models: readonly { t0: number; t1: number }[]): [number, number] {
  const t0 = Math.min(...models.map((m) => m.t0));
  const t1 = Math.max(...models.map((m) => m.t1));
  const pad = Math.max(1000, (t1 - t0) * 0.03);
  return [t0 - pad, t1 + pad];
}

/** The number of steps at or before t (steps are in time order). */
function lastAtOrBefore(trace: readonly { atUs: number }[], t: number): number {
  let lo = 0;
  let hi = trace.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (trace[mid].atUs <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const fmt = (x: number) => String(Number(x.toPrecision(4)));

function keyedRow(key: string, values: readonly string[]): HTMLTableRowElement {
  const tr = tableRow("td", values);
  tr.dataset.strategy = key;
  return tr;
}

function tableRow(cell: "th" | "td", values: readonly string[]): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.append(...values.map((v) => Object.assign(document.createElement(cell), { textContent: v })));
  return tr;
}
