/**
 * `npm run figures`: the README's figures, drawn by the web app's own chart code in jsdom from
 * sim/ results: docs/figures/frontier.svg (experiments/sweeps/frontier.json at reduced
 * replications) and docs/figures/incident.svg (its PoolSize 10 slice, with the closed form).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { JSDOM } from "jsdom";
import { buildOutput, closedFormFailure, expandCells, expandTasks, resolveSweep, runTask, withReplications } from "../../sim/sweep/index.ts";
import type { CellResult } from "../../sim/sweep/types.ts";
import { renderHeatmap, type HeatCell } from "../charts/heatmap.ts";
import { renderLineChart, type LineSeries } from "../charts/line-chart.ts";
import { STRATEGY_COLORS } from "../charts/palette.ts";
import { svgText } from "../charts/export.ts";

const ROOT = resolve(import.meta.dirname, "../..");
// FIGURES_OUT lets the test draw into a scratch folder and compare with the committed files.
const OUT = process.env.FIGURES_OUT ?? join(ROOT, "docs/figures");
const REPS = Number(process.env.FIGURE_REPS ?? 200);
const TARGET = 0.001;
const COLORS = { text: "#1b1b1f", background: "#ffffff", font: "system-ui, sans-serif" };

const dom = new JSDOM("<!doctype html><body></body>");
Object.assign(globalThis, { XMLSerializer: dom.window.XMLSerializer });

const file = join(ROOT, "experiments/sweeps/frontier.json");
const raw = JSON.parse(readFileSync(file, "utf8"));
const sweep = withReplications(resolveSweep(raw, { loadBase: (path) => JSON.parse(readFileSync(join(ROOT, path), "utf8")) }), REPS);
const started = Date.now();
const results = expandTasks(sweep).flatMap((task) => runTask(task, sweep));
const cells = buildOutput(sweep, results, { cellCount: results.length }).cells;
const scenarios = new Map(expandCells(sweep).map((c) => [c.index, c.scenario]));
const exact = (c: CellResult) => closedFormFailure(scenarios.get(c.index)!)?.commandFailureRate ?? null;
const [probes, sizes, retries] = sweep.axes.map((a) => a.values as (string | number)[]);
const runs = cells.length * REPS;

mkdirSync(OUT, { recursive: true });
const heat: HeatCell[] = cells.map((c) => {
  const e = c.metrics.commandFailureRate;
  return { panel: String(c.coords[0]), x: Number(c.coords[1]), y: Number(c.coords[2]), mean: e.mean, ci95: e.ci95, reps: c.reps, exact: exact(c) };
});
const frontier = svgElement();
renderHeatmap(frontier, { panels: probes.map(String), xValues: sizes.map(Number), yValues: retries.map(Number), cells: heat }, {
  xLabel: "pool.size (connections)",
  yLabel: "retry.maxRetries (retries)",
  valueLabel: "P(command fails)",
  panelLabel: "probe",
  target: TARGET,
  width: 1000,
  compact: true,
  title: `Incident over TLS: P(command fails) by pool size and MaxRetries, ${REPS} runs per cell, seed 1`,
});
write("frontier.svg", frontier);

const incident = svgElement();
const series: LineSeries[] = probes.map((probe) => {
  const slice = cells.filter((c) => c.coords[0] === probe && c.coords[1] === 10);
  return {
    key: String(probe),
    label: `probe ${probe}`,
    color: STRATEGY_COLORS[String(probe)],
    points: slice.map((c) => ({ x: Number(c.coords[2]), mean: c.metrics.commandFailureRate.mean, ci95: c.metrics.commandFailureRate.ci95, reps: c.reps })),
    closedForm: slice.map((c) => ({ x: Number(c.coords[2]), y: exact(c)! })),
  };
});
renderLineChart(incident, series, { xLabel: "retry.maxRetries (retries)", yLabel: "P(command fails)", width: 900, height: 420, target: TARGET, title: `PoolSize 10 over TLS: P(command fails) vs MaxRetries, ${REPS} runs a point (none = syscall)` });
write("incident.svg", incident);
process.stdout.write(`${runs} runs in ${((Date.now() - started) / 1000).toFixed(1)} s; wrote ${OUT}/frontier.svg and incident.svg\n`);

function svgElement(): SVGSVGElement {
  const el = dom.window.document.createElementNS("http://www.w3.org/2000/svg", "svg") as unknown as SVGSVGElement;
  dom.window.document.body.replaceChildren(el);
  return el;
}

function write(name: string, el: SVGSVGElement): void {
  // Fixed ids and no clip counter here, so the files are byte-stable from run to run.
  writeFileSync(join(OUT, name), svgText(el, COLORS));
}
