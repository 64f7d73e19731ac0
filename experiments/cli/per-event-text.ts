import type { Scenario } from "../../sim/index.ts";
import { describeWindow, type PerEventEstimate, type PerEventSummary } from "../../sim/sweep/index.ts";
import { fmt } from "./format.ts";

/**
 * The headline of `run`: the window-free figures per disconnect event, then the window that every
 * per-command rate in the table below depends on.
 */
export function perEventLines(s: Scenario, e: PerEventSummary): string[] {
  const est = (x: PerEventEstimate) => `${fmt(x.mean)} ${x.ci95 ? `[${fmt(x.ci95[0])}, ${fmt(x.ci95[1])}]` : ""}`.trim();
  const loss = e.lossProbability ? `; P(event loses ≥ 1 command) ${est(e.lossProbability)}` : "";
  return [
    `per disconnect event (${fmt(e.eventsPerRun)} per run, one instance): failed commands ${est(e.failedPerEvent)}${loss}`,
    `extra time to outcome, against the same runs without the disconnect: all commands ${est(e.extraLatencyMsPerEvent)} ms/event; per overlapping command ${est(e.extraLatencyMsPerOverlapping)} ms (${est(e.overlappingPerEvent)} per event: in flight at the event or changed by it); slowest command +${est(e.extraLatencyMaxMs)} ms`,
    `window: ${describeWindow(s)}, ${fmt(e.window.durationMs)} ms simulated on average; per-command rates and latency percentiles below are over this window`,
  ];
}
