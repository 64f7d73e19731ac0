/**
 * README's metric reference, generated from the definitions themselves (sim/metrics.ts and the
 * per-event figures of sim/sweep/per-event.ts), so the two cannot drift: test/plan-readme-metrics.test.ts
 * compares README with this output. Regenerate: `npx tsx experiments/cli/metrics-doc.ts`.
 */
import { pathToFileURL } from "node:url";
import { METRICS } from "../../sim/index.ts";
import { PER_EVENT_METRICS } from "../../sim/sweep/index.ts";

/** Window-free figures per disconnect event (the headline of run and plan). */
export const PER_EVENT_DOCS: readonly { name: string; unit: string; doc: string }[] = [
  { name: "failedPerEvent", unit: "commands per event", doc: `Expected failed commands per disconnect event, per instance (× instances across a fleet). \`plan --metric failedPerEvent\` bounds the mean over runs of each run's failed commands ÷ its events (exact by the closed form as ${PER_EVENT_METRICS.failedPerEvent} where it applies), Poisson and fleet runs included: counts are cut at a cap and divided by it (the commands a fixed workload issues; for Poisson arrivals a cap whose cut-off part, ≤ 1% of the target, is added to the bound). With \`--instances\` the target is across the fleet (target ÷ N per instance).` },
  { name: "eventLossProbability", unit: "probability", doc: `P(an event loses ≥ 1 command), per instance; across N instances 1 − (1 − p)^N. \`plan --metric eventLossProbability\` bounds it (as ${PER_EVENT_METRICS.eventLossProbability} with one event per run; with \`--instances\` the target is across the fleet: 1 − (1 − target)^(1/N) per instance).` },
  { name: "extraLatencyMsPerEvent", unit: "ms per event", doc: "Extra time to outcome an event costs: Σ time from issue to outcome (success or final failure) over all commands − the same for the run (same seed) without the disconnect, per event. A command that fails fast ends sooner than its twin's success, so with failures it can be negative; failed commands are counted apart (failedPerEvent). With no failure it is ≥ 0." },
  { name: "extraLatencyMsPerOverlapping", unit: "ms per command", doc: "Extra time to outcome per overlapping command: Σ (time to outcome − the same command's in the run without the disconnect) over the commands that overlap an event, ÷ their number, pooled over runs (95% interval by the delta method). A command overlaps an event when it was in flight at the event's instant (issued before, ended at or after) or the event changed it (its outcome or time to outcome differs from its twin's: the same client's j-th command, or the k-th Poisson arrival). Later commands match their twins exactly, so the window adds none; where the event shifts a random stream later commands draw from (pendingBytesProbability > 0, backoff jitter of retries it did not cause) a later command can differ by chance and count. Not a `plan --metric`: more retries make overlapping commands take longer, not shorter (a command that would fail retries instead), so a bound on it would answer maxRetries 0 whenever any value meets it; plan shows it beside each answer as that answer's cost." },
  { name: "overlappingPerEvent", unit: "commands per event", doc: "Commands that overlap an event (as above), per event, per instance (× instances across a fleet)." },
  { name: "extraLatencyMaxMs", unit: "ms", doc: "Extra latency of the slowest command: its latency minus the twin run's slowest." },
];

export function metricsMarkdown(): string {
  const row = (name: string, kind: string, unit: string, doc: string) => `| \`${name}\` | ${kind} | ${unit || "–"} | ${doc} |`;
  return [
    "| metric | kind | unit | meaning |",
    "|---|---|---|---|",
    ...PER_EVENT_DOCS.map((m) => row(m.name, "per event", m.unit, m.doc)),
    ...METRICS.map((m) => row(m.name, `per run (${m.kind})`, m.unit, m.doc)),
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.stdout.write(metricsMarkdown() + "\n");
