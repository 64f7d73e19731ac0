import type { Scenario } from "../../sim/scenario/types.ts";
import { renderTimeline } from "../charts/timeline.ts";
import { buildTimeline, describeEvent, type TimelineModel } from "../charts/timeline-model.ts";
import type { TracedStrategy } from "../worker-protocol.ts";
import type { AppHandle } from "./explore-view.ts";
import { Player } from "./player.ts";
import { timeText, timeUs, type AppState } from "./state.ts";
import { teachNarrative, teachRows, teachScenario, teachStrategies } from "./teach.ts";
import { JobWorker, type WorkerFactory } from "./workers.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/**
 * The Teach tab: the TLS story's four runs traced on one seed (in a worker), the chosen one
 * replayed as a timeline on a time axis shared by all four, and the narrative and table
 * comparing them.
 */
export function createTeachView(app: AppHandle, createWorker: WorkerFactory) {
  const worker = new JobWorker(createWorker);
  let runs: { traced: TracedStrategy; model: TimelineModel }[] | null = null;
  let domain: [number, number] = [0, 1];
  let tracedFor: Scenario | null = null;
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

  function request(scenario: Scenario) {
    tracedFor = scenario;
    $("narrative").textContent = "Tracing one run per strategy…";
    let jobs: { key: string; scenario: Scenario }[];
    try {
      jobs = teachStrategies(scenario).map((t) => ({ key: t.key, scenario: teachScenario(scenario, t) }));
    } catch (e) {
      $("narrative").textContent = `These settings cannot be traced: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    worker.request({ type: "trace", runs: jobs }, (msg) => {
      if (msg.type === "error") $("narrative").textContent = `The trace failed: ${msg.message}`;
      if (msg.type !== "trace") return;
      runs = msg.runs.map((traced) => ({ traced, model: buildTimeline(traced.trace) }));
      domain = sharedDomain(runs.map((r) => r.model));
      showNarrative(scenario, msg.runs);
      shown = null;
      showTimeline(app.state().strategy);
    });
  }

  function showNarrative(scenario: Scenario, traced: TracedStrategy[]) {
    const paragraphs = teachNarrative(scenario, traced);
    $("narrative").replaceChildren(...paragraphs.map(({ key, text }) => {
      const p = Object.assign(document.createElement("p"), { textContent: text });
      if (key) p.dataset.strategy = key;
      return p;
    }));
    const table = $("teach-table");
    const head = ["", "failed", "needless closes", "dials", "p99 ms"];
    const rows = teachRows(teachStrategies(scenario), traced).map((r) => {
      const tr = tableRow("td", [r.label, `${r.failed} / ${r.commands}`, String(r.needlessCloses), String(r.dials), String(Number(r.latencyP99Ms.toPrecision(4)))]);
      tr.dataset.strategy = r.key;
      return tr;
    });
    table.replaceChildren(tableRow("th", head), ...rows);
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
    const { traced, model } = run;
    // At least 560 px wide, so the time axis keeps room on a phone (the box scrolls sideways).
    const width = Math.max(560, Math.min(1200, svg.parentElement!.clientWidth || 900));
    const label = teachStrategies(app.scenario() ?? tracedFor!).find((t) => t.key === strategy)?.label ?? strategy;
    const handle = renderTimeline(svg, model, { width, domain, title: `${label}: ${traced.result.failed} of ${traced.result.commands} commands failed${traced.truncated ? " (trace cut short)" : ""}` });
    const log = $("event-log");
    player = new Player({
      domain: handle.domain,
      times: model.times,
      onTime(t) {
        handle.setTime(t);
        ($("scrub") as HTMLInputElement).value = String(Math.round(player ? player.fraction() * 1000 : 1000));
        $("time").textContent = `${(t / 1000).toFixed(3)} ms`;
        const past = traced.trace.filter((e) => e.atUs <= t).slice(-8);
        log.replaceChildren(...past.map((e) => Object.assign(document.createElement("li"), { textContent: describeEvent(e) })));
      },
      onPlaying(playing) {
        $("play").textContent = playing ? "Pause" : "Play";
        if (!playing) keepTime();
      },
    });
    player.speed = Number(app.state().speed);
    player.seek(keep ?? timeUs(app.state().time) ?? handle.domain[1]);
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
        $("narrative").textContent = "Fix the scenario settings to trace a run.";
        return;
      }
      if (scenario !== tracedFor && JSON.stringify(scenario) !== JSON.stringify(tracedFor)) request(scenario);
      else if (runs && state.strategy !== shown) showTimeline(state.strategy);
    },
  };
}

/** One time axis for every run, so the strategies are compared at the same scale and instants. */
function sharedDomain(models: readonly TimelineModel[]): [number, number] {
  const t0 = Math.min(...models.map((m) => m.t0));
  const t1 = Math.max(...models.map((m) => m.t1));
  const pad = Math.max(1000, (t1 - t0) * 0.03);
  return [t0 - pad, t1 + pad];
}

function tableRow(cell: "th" | "td", values: readonly string[]): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.append(...values.map((v) => Object.assign(document.createElement(cell), { textContent: v })));
  return tr;
}
