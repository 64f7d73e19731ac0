import { METRIC_NAMES } from "../../sim/metrics.ts";
import type { Scenario } from "../../sim/scenario/types.ts";
import { download, downloadCsv, downloadPng, downloadSvg } from "../charts/export.ts";
import { formatCount } from "../charts/format.ts";
import { renderHeatmap } from "../charts/heatmap.ts";
import { renderLineChart } from "../charts/line-chart.ts";
import { buildOutput, cellsToCsv } from "../../sim/sweep/output.ts";
import type { ClosedForm } from "../../sim/sweep/closed-form.ts";
import type { CellResult, ResolvedSweep } from "../../sim/sweep/types.ts";
import { cliCommand } from "./cli-command.ts";
import { closedFormAt, EXACT_METRICS, heatmapData, lineSeries } from "./explore-data.ts";
import { FIELD_BY_PATH } from "./fields.ts";
import { axisLabel, metricLabel } from "./labels.ts";
import { parseTarget } from "./plan-target.ts";
import { valueAt } from "./scenario-text.ts";
import { resolveScenario } from "../../sim/scenario/resolve.ts";
import type { AppState } from "./state.ts";
import { AXIS_PATHS, PANEL_PATHS, planSweep, RUNS_CONFIRM, type SweepPlan, type SweepTexts } from "./sweep-def.ts";
import { createRedraw } from "./redraw.ts";
import { SweepRunner, type WorkerFactory } from "./workers.ts";

export interface AppHandle {
  state(): AppState;
  scenario(): Scenario | null;
  /** Applies a change; `push` makes it a history entry, "replace" only updates the address. */
  update(patch: Partial<AppState>, push: boolean | "replace"): void;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/**
 * Explore runs its sweep by itself the first time it is shown, so the heatmap is there when a
 * person arrives; only sweeps this small (the default, 528 cells × 200 runs, is 105,600) start
 * unasked. Later changes wait for Run, so typing never starts a sweep.
 */
export const AUTO_RUNS_MAX = 200_000;

/**
 * The Explore tab: the sweep form, the run with its progress bar and Cancel, and the heatmap or
 * line chart redrawn as cells arrive (about five times a second).
 */
export function createExploreView(app: AppHandle, createWorker: WorkerFactory) {
  const runner = new SweepRunner(createWorker);
  let results: { plan: SweepPlan; sweep: ResolvedSweep | null; cells: (CellResult | undefined)[]; exact: Map<number, number | null> } | null = null;
  // The chart and the progress bar are redrawn together while cells stream in.
  const redraw = createRedraw(() => {
    showProgress();
    draw();
  });
  /** Cells done of the sweep running, shown with the next redraw. */
  let shownProgress: { done: number; total: number } | null = null;
  let autoRunChecked = false;
  const svg = $<HTMLElement>("chart") as unknown as SVGSVGElement;
  fillSelect($("x-path"), AXIS_PATHS.map((p) => [p, p]));
  fillSelect($("y-path"), AXIS_PATHS.map((p) => [p, p]));
  fillSelect($("panel-path"), [["", "(one panel)"], ...PANEL_PATHS.map((p) => [p, p] as [string, string])]);
  fillSelect($("metric"), METRIC_NAMES.map((m) => [m, metricLabel(m)]));

  const form = $<HTMLFormElement>("sweep-form");
  const readSweep = (): SweepTexts => {
    const v = (id: string) => ($(id) as HTMLInputElement).value;
    return {
      x: { path: v("x-path"), from: v("x-from"), to: v("x-to"), step: v("x-step") },
      y: { path: v("y-path"), from: v("y-from"), to: v("y-to"), step: v("y-step") },
      panel: v("panel-path"),
      panelValues: v("panel-values"),
      reps: v("reps"),
      metric: v("metric"),
    };
  };
  $("panel-path").addEventListener("change", () => {
    // New panel field: its values are all of its choices, written out so the user can narrow them.
    const leaf = FIELD_BY_PATH.get(($("panel-path") as HTMLSelectElement).value)?.leaf;
    ($("panel-values") as HTMLInputElement).value = leaf?.type === "enum" ? leaf.choices.join(",") : "";
  });
  form.addEventListener("input", () => app.update({ sweep: readSweep() }, false));
  form.addEventListener("change", () => app.update({ sweep: readSweep() }, true));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void run();
  });
  $("cancel").addEventListener("click", () => {
    runner.cancel();
    setRunning(false);
    // What arrived before Cancel is shown now, not at a redraw that would overwrite the note.
    redraw.cancel();
    showProgress();
    draw();
    $("progress-text").textContent += " — cancelled";
  });
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="chart"]')) {
    radio.addEventListener("change", () => app.update({ chart: radio.value as AppState["chart"] }, true));
  }
  $("lines-by").addEventListener("change", (e) => app.update({ lines: (e.target as HTMLSelectElement).value as AppState["lines"], lineAt: "" }, true));
  $("line-against").addEventListener("change", (e) => app.update({ against: (e.target as HTMLSelectElement).value as AppState["against"], lineAt: "" }, true));
  $("line-at").addEventListener("change", (e) => app.update({ lineAt: (e.target as HTMLSelectElement).value }, true));
  $("log").addEventListener("change", (e) => app.update({ log: (e.target as HTMLInputElement).checked }, true));
  $("export-svg").addEventListener("click", () => downloadSvg(svg, `poolsim-${app.state().chart}.svg`));
  $("export-png").addEventListener("click", () => void downloadPng(svg, `poolsim-${app.state().chart}.png`));
  $("export-csv").addEventListener("click", () => {
    if (!results?.sweep) return;
    const done = results.cells.filter((c): c is CellResult => c !== undefined);
    // sim/sweep's own formatter: the same bytes as the CLI's --format csv (marked incomplete if cut short).
    downloadCsv(cellsToCsv(buildOutput(results.sweep, done, { cellCount: results.plan.cells })), "poolsim-sweep.csv");
  });

  $("export-sweep").addEventListener("click", () => {
    const plan = shownPlan();
    if (!plan) return;
    const text = JSON.stringify({ doc: "Exported from the poolsim web app.", ...plan.request }, null, 2) + "\n";
    download("poolsim-sweep.json", new Blob([text], { type: "application/json" }));
  });
  $("copy-cli").addEventListener("click", () => {
    const plan = shownPlan();
    if (!plan) return;
    const command = cliCommand(plan.request);
    $("cli-command").textContent = command;
    $("cli-command-row").hidden = false;
    // The clipboard may be refused (no permission, plain http): the command stays on screen to copy by hand.
    navigator.clipboard?.writeText(command).catch(() => undefined);
  });

  /**
   * planSweep for the state's texts, kept for the next call with the same texts: a tab switch or
   * a Run asks for it three times, and each resolves the sweep's corner cells.
   */
  let lastPlan: { key: string; planned: ReturnType<typeof planSweep> } | null = null;
  function planFor(state: AppState): ReturnType<typeof planSweep> {
    const key = JSON.stringify([state.scenario, state.sweep]);
    if (lastPlan?.key !== key) lastPlan = { key, planned: planSweep(state.scenario, state.sweep) };
    return lastPlan.planned;
  }

  /** The sweep behind the results on screen, so the CLI reproduces exactly what is shown; the form's settings when nothing has run yet. */
  function shownPlan(): SweepPlan | null {
    if (results) return results.plan;
    const state = app.state();
    const planned = app.scenario() ? planFor(state) : null;
    return planned && "plan" in planned ? planned.plan : null;
  }

  /** The first time Explore is shown, runs its sweep when it is valid and small (AUTO_RUNS_MAX). */
  function maybeAutoRun(state: AppState): boolean {
    if (autoRunChecked || state.tab !== "explore") return false;
    autoRunChecked = true;
    const planned = app.scenario() ? planFor(state) : null;
    if (!planned || !("plan" in planned) || planned.plan.runs > AUTO_RUNS_MAX) return false;
    void run();
    return true;
  }

  async function run(): Promise<void> {
    const state = app.state();
    const planned = app.scenario() ? planFor(state) : null;
    if (!planned || !("plan" in planned)) return;
    const plan = planned.plan;
    if (plan.runs > RUNS_CONFIRM && !(await confirmBig(plan))) return;
    results = { plan, sweep: null, cells: new Array(plan.cells), exact: new Map() };
    redraw.cancel();
    shownProgress = null;
    setRunning(true);
    const progress = $<HTMLProgressElement>("progress");
    progress.value = 0;
    const started = performance.now();
    runner.run(plan.request, {
      onPrepared(sweep) {
        results!.sweep = sweep;
      },
      onCells(cells, closedForms, done, total) {
        const exactKey = EXACT_METRICS.includes(plan.metric) ? (plan.metric as keyof ClosedForm) : null;
        cells.forEach((cell, i) => {
          results!.cells[cell.index] = cell;
          results!.exact.set(cell.index, exactKey && closedForms[i] ? closedForms[i]![exactKey] : null);
        });
        shownProgress = { done, total };
        redraw.schedule();
      },
      onDone() {
        setRunning(false);
        const seconds = (performance.now() - started) / 1000;
        redraw.cancel();
        progress.value = 1;
        $("progress-text").textContent = `${plan.cells} cells, ${formatCount(plan.runs)} runs in ${seconds.toFixed(1)} s`;
        form.dataset.done = "true";
        draw();
      },
      onError(message) {
        setRunning(false);
        redraw.cancel();
        $("progress-text").textContent = `stopped: ${message}`;
      },
    });
  }

  function setRunning(running: boolean) {
    form.dataset.done = "false";
    $<HTMLButtonElement>("cancel").disabled = !running;
    refreshRunButton();
  }

  function refreshRunButton() {
    const state = app.state();
    const planned = planFor(state);
    const errors = "errors" in planned ? planned.errors : new Map();
    for (const key of ["x", "y", "panel", "reps", "metric"] as const) {
      const el = $(`${key}-error`);
      el.textContent = (errors.get(key) ?? []).join(" ");
      el.hidden = !errors.has(key);
    }
    const size = "plan" in planned ? `${planned.plan.cells} cells × ${state.sweep.reps} runs` : "";
    const run = $<HTMLButtonElement>("run");
    run.disabled = runner.running || app.scenario() === null || "errors" in planned;
    run.title = app.scenario() === null ? "Fix the scenario settings first" : size;
  }

  function showProgress() {
    if (!shownProgress) return;
    const { done, total } = shownProgress;
    $<HTMLProgressElement>("progress").value = done / total;
    $("progress-text").textContent = `${done} / ${total} cells`;
  }

  /** What the chart area shows before any chart is drawn: the empty note and the line options. */
  function toggleChartParts(state: AppState) {
    $("chart-empty").hidden = results !== null;
    document.querySelector<HTMLElement>(".line-options")!.hidden = state.chart !== "lines";
  }

  function draw() {
    const state = app.state();
    toggleChartParts(state);
    if (!results) return;
    const { plan, cells } = results;
    const target = parseTarget(state.target);
    const targetValue = typeof target === "number" && plan.metric === "commandFailureRate" ? target : undefined;
    const width = Math.max(640, Math.min(1100, svg.parentElement!.clientWidth || 900));
    // Workers send each finished cell's closed form; a cell not run yet (a line's) is resolved here, once.
    const exact = (index: number) => {
      if (!results!.exact.has(index)) results!.exact.set(index, closedFormAt(plan, index));
      return results!.exact.get(index)!;
    };
    if (state.chart === "heatmap") {
      renderHeatmap(svg, heatmapData(plan, cells, exact), {
        xLabel: axisLabel(plan.request.axes.at(-2)!.path),
        yLabel: axisLabel(plan.request.axes.at(-1)!.path),
        valueLabel: metricLabel(plan.metric),
        panelLabel: plan.panelValues ? plan.request.axes[0].path : undefined,
        target: targetValue,
        width,
        title: `${metricLabel(plan.metric)}, ${plan.request.replications} runs per cell, seed ${String((plan.request.base as { seed?: number }).seed ?? 1)}`,
      });
    } else {
      const { series, atOptions, at } = lineSeries(plan, cells, state.lines, state.lineAt || ownValue(plan, state), state.against, exact);
      fillSelect($("line-at"), atOptions);
      ($("line-at") as HTMLSelectElement).value = at;
      const alongPath = plan.request.axes.at(state.against === "y" ? -1 : -2)!.path;
      fillSelect($("line-against"), (["x", "y"] as const).map((k) => [k, plan.request.axes.at(k === "y" ? -1 : -2)!.path]));
      ($("line-against") as HTMLSelectElement).value = state.against;
      renderLineChart(svg, series, {
        xLabel: axisLabel(alongPath),
        yLabel: metricLabel(plan.metric),
        log: state.log,
        width,
        target: targetValue,
        title: `${metricLabel(plan.metric)} against ${alongPath}`,
      });
    }
  }

  return {
    /** Shows the state in the form and redraws. */
    sync(state: AppState) {
      const set = (id: string, value: string) => {
        const el = $(id) as HTMLInputElement;
        if (el.value !== value) el.value = value;
      };
      for (const key of ["x", "y"] as const) {
        for (const part of ["path", "from", "to", "step"] as const) set(`${key}-${part}`, state.sweep[key][part]);
      }
      set("panel-path", state.sweep.panel);
      set("panel-values", state.sweep.panelValues);
      set("reps", state.sweep.reps);
      set("metric", state.sweep.metric);
      for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="chart"]')) radio.checked = radio.value === state.chart;
      set("lines-by", state.lines);
      ($("log") as HTMLInputElement).checked = state.log;
      // The first show's sweep starts before anything else here, so its workers load meanwhile.
      const autoRan = maybeAutoRun(state);
      refreshRunButton();
      if (autoRan) {
        // The chart waits for the redraw scheduled here (about 200 ms on, with the cells come by
        // then). Chromium starts a worker only once the page's thread takes the browser's answer
        // to new Worker(); drawing the empty chart here held that answer back 50-70 ms on a
        // 2-core machine, and both workers with it.
        toggleChartParts(state);
        redraw.schedule();
        return;
      }
      draw();
    },
  };
}

/**
 * Lines per panel value slice the other axis at the scenario's own value when the sweep holds it
 * (pool.size 10 in the incident), not at its first value.
 */
function ownValue(plan: SweepPlan, state: AppState): string {
  if (state.lines !== "panel") return "";
  const path = plan.request.axes.at(state.against === "y" ? -2 : -1)!.path;
  try {
    return String(valueAt(resolveScenario(plan.request.base), path) ?? "");
  } catch {
    return "";
  }
}

function fillSelect(select: HTMLElement, options: readonly (readonly [string, string])[]): void {
  const el = select as HTMLSelectElement;
  const current = el.value;
  el.replaceChildren(...options.map(([value, text]) => Object.assign(document.createElement("option"), { value, textContent: text })));
  if (options.some(([v]) => v === current)) el.value = current;
}

function confirmBig(plan: SweepPlan): Promise<boolean> {
  const dialog = $<HTMLDialogElement>("confirm-dialog");
  $("confirm-text").textContent = `This sweep is ${formatCount(plan.cells)} cells × ${formatCount(plan.request.replications)} replications = ${formatCount(plan.runs)} runs, above the ${formatCount(RUNS_CONFIRM)} that run without asking. It may take minutes; the page stays usable and Cancel stops it.`;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "run"), { once: true });
    dialog.showModal();
  });
}
