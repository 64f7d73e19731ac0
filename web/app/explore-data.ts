import { parseScenario, ScenarioError } from "../../sim/scenario/resolve.ts";
import type { HeatCell, HeatmapData } from "../charts/heatmap.ts";
import type { LineSeries } from "../charts/line-chart.ts";
import { STRATEGY_COLORS } from "../charts/palette.ts";
import { closedFormFailure, type ClosedForm } from "../../sim/sweep/closed-form.ts";
import { cellIndex, cellOptions, type CellResult } from "./cells.ts";
import type { SweepPlan } from "./sweep-def.ts";

/** Sweep results as the heatmap's data: axes are (panel?, x, y), in that order. */
export function heatmapData(plan: SweepPlan, cells: readonly (CellResult | undefined)[], exact: (index: number) => number | null = () => null): HeatmapData {
  const hasPanel = plan.panelValues !== null;
  const heat: HeatCell[] = [];
  for (const c of cells) {
    const e = c?.metrics[plan.metric];
    if (!c || !e) continue;
    const [panel, x, y] = hasPanel ? c.coords : [null, ...c.coords];
    heat.push({ panel: panel === null ? null : String(panel), x: Number(x), y: Number(y), mean: e.mean, ci95: e.ci95, reps: c.reps, exact: exact(c.index) });
  }
  return { panels: plan.panelValues ?? [null], xValues: plan.xValues, yValues: plan.yValues, cells: heat };
}

/**
 * Sweep results as lines against one sweep axis (`against`: "y", MaxRetries by default, or "x"):
 * one line per panel value at one value of the other axis ("panel"), or one line per value of
 * the other axis in one panel ("x"). `at` picks that slice; the closed form is added to a line
 * when it applies to every one of its points (`exact(index)`: by default resolved here; the page
 * passes the values its workers sent).
 */
export function lineSeries(
  plan: SweepPlan,
  cells: readonly (CellResult | undefined)[],
  lines: "panel" | "x",
  at: string,
  against: "x" | "y" = "y",
  exact: (index: number) => number | null = (index) => closedFormAt(plan, index),
): { series: LineSeries[]; atOptions: [string, string][]; at: string } {
  const panels = plan.panelValues ?? [null];
  const axes = plan.request.axes;
  const [xPath, yPath] = [axes.at(-2)!.path, axes.at(-1)!.path];
  const [along, other, otherPath] = against === "y" ? [plan.yValues, plan.xValues, xPath] : [plan.xValues, plan.yValues, yPath];
  const atOptions: [string, string][] =
    lines === "panel"
      ? other.map((v) => [String(v), `${otherPath} = ${v}`])
      : panels.map((p) => [p ?? "", p === null ? "(one panel)" : `${axes[0].path} = ${p}`]);
  const chosen = atOptions.some(([v]) => v === at) ? at : atOptions[0][0];
  const keys: { key: string; label: string; panel: string | null; fixed: number }[] =
    lines === "panel"
      ? panels.map((p) => ({ key: p ?? "all", label: p ?? "all", panel: p, fixed: Number(chosen) }))
      : other.map((v) => ({ key: String(v), label: `${otherPath} = ${v}`, panel: chosen === "" ? null : chosen, fixed: v }));
  const series = keys.map(({ key, label, panel, fixed }) => {
    const points: LineSeries["points"] = [];
    const closed: { x: number; y: number }[] = [];
    let closedOk = true;
    const fi = other.indexOf(fixed);
    along.forEach((value, vi) => {
      const coords = against === "y" ? [fi, vi] : [vi, fi];
      if (plan.panelValues) coords.unshift(plan.panelValues.indexOf(panel!));
      const index = cellIndex(plan.request, coords);
      const c = cells[index];
      const e = c?.metrics[plan.metric];
      if (c && e) points.push({ x: value, mean: e.mean, ci95: e.ci95, reps: c.reps });
      const cf = closedOk ? exact(index) : null;
      if (cf === null) closedOk = false;
      else closed.push({ x: value, y: cf });
    });
    const color = lines === "panel" && panel !== null && axes[0].path === "probe" ? STRATEGY_COLORS[panel] : undefined;
    return { key, label, points, color, closedForm: closedOk ? closed : undefined };
  });
  return { series, atOptions, at: chosen };
}

/** Metrics sim/sweep's closed form gives exactly (the keys of ClosedForm). */
export const EXACT_METRICS: readonly string[] = ["failedCommands", "commandFailureRate", "anyCommandFailed", "firstCommandFailed"] satisfies (keyof ClosedForm)[];

/** The exact value of the plotted metric at a cell, where sim/sweep has a closed form for it. */
export function closedFormAt(plan: SweepPlan, index: number): number | null {
  if (!EXACT_METRICS.includes(plan.metric)) return null;
  const coords = coordsAt(plan, index);
  try {
    const form = closedFormFailure(parseScenario(cellOptions(plan.request, coords)));
    return form ? form[plan.metric as keyof ClosedForm] : null;
  } catch (e) {
    if (e instanceof ScenarioError) return null;
    throw e;
  }
}

function coordsAt(plan: SweepPlan, index: number): unknown[] {
  const coords: unknown[] = [];
  let rest = index;
  for (let i = plan.request.axes.length - 1; i >= 0; i--) {
    const values = plan.request.axes[i].values;
    coords[i] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  return coords;
}
