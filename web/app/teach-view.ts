import type { Scenario } from "../../sim/scenario/types.ts";
import { renderTimeline } from "../charts/timeline.ts";
import { buildTimeline, describeEvent } from "../charts/timeline-model.ts";
import type { TracedStrategy } from "../worker-protocol.ts";
import type { AppHandle } from "./explore-view.ts";
import { Player } from "./player.ts";
import { STRATEGIES, timeText, timeUs, type AppState } from "./state.ts";
import { teachNarrative, teachRows } from "./teach.ts";
import { JobWorker, type WorkerFactory } from "./workers.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/**
 * The Teach tab: one run traced under each strategy on the same seed (in a worker), the chosen
 * one replayed as a timeline, and the narrative and table comparing the three.
 */
export function createTeachView(app: AppHandle, createWorker: WorkerFactory) {
  const worker = new JobWorker(createWorker);
  let runs: TracedStrategy[] | null = null;
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
    worker.request({ type: "trace", scenario, probes: STRATEGIES }, (msg) => {
      if (msg.type === "error") $("narrative").textContent = `The trace failed: ${msg.message}`;
      if (msg.type !== "trace") return;
      runs = msg.runs;
      showNarrative(scenario, msg.runs);
      showTimeline(app.state().strategy);
    });
  }

  function showNarrative(scenario: Scenario, traced: TracedStrategy[]) {
    const paragraphs = teachNarrative(scenario, traced);
    $("narrative").replaceChildren(...paragraphs.map((text) => Object.assign(document.createElement("p"), { textContent: text })));
    const table = $("teach-table");
    const head = ["strategy", "failed", "stale used", "probe caught", "attempts", "dials"];
    const rows = teachRows(traced).map((r) => [r.probe, `${r.failed} / ${r.commands}`, r.staleHandedOut, r.probesCaught, r.attempts, r.dials].map(String));
    table.replaceChildren(tableRow("th", head), ...rows.map((r) => tableRow("td", r)));
  }

  function showTimeline(strategy: string) {
    const run = runs?.find((r) => r.probe === strategy);
    if (!run) return;
    shown = strategy;
    const keep = player ? player.time : null;
    player?.pause();
    const model = buildTimeline(run.trace);
    const width = Math.max(700, Math.min(1200, svg.parentElement!.clientWidth || 900));
    const handle = renderTimeline(svg, model, { width, title: `probe ${strategy}: ${run.result.failed} of ${run.result.commands} commands failed${run.truncated ? " (trace cut short)" : ""}` });
    const log = $("event-log");
    player = new Player({
      domain: handle.domain,
      times: model.times,
      onTime(t) {
        handle.setTime(t);
        ($("scrub") as HTMLInputElement).value = String(Math.round(player ? player.fraction() * 1000 : 1000));
        $("time").textContent = `${(t / 1000).toFixed(3)} ms`;
        const past = run.trace.filter((e) => e.atUs <= t).slice(-8);
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

function tableRow(cell: "th" | "td", values: readonly string[]): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.append(...values.map((v) => Object.assign(document.createElement(cell), { textContent: v })));
  return tr;
}
