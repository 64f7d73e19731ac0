import { CommandLog } from "../model/command-log.ts";
import type { RunResult } from "../model/result.ts";
import { createRunner } from "../run.ts";
import type { Scenario } from "../scenario/types.ts";
import { Welford, wilson } from "../stats.ts";
import { eventTimesUs, OverlapMeter, RatioSum } from "./overlap.ts";

/**
 * Window-free answers: quantities per disconnect event, which stay the same however many commands
 * the run simulates after the event has played out (a per-command rate falls as the window grows;
 * these do not). One run is one instance; a fleet of n identical, independent instances scales
 * them (see fleetPerEvent).
 *
 * Extra time to outcome compares each run with its twin without disconnects on the same seed and
 * replication (common random numbers): the same commands at the same arrival times, so the
 * difference in total time from issue to outcome is what the event cost. The same twin tells
 * which commands overlap the event (sim/sweep/overlap.ts): those in flight at its instant and those
 * whose outcome or time to outcome it changed; their mean extra time is the per-command cost.
 */
export interface PerEventEstimate {
  mean: number;
  ci95: [number, number] | null;
}

export interface PerEventSummary {
  runs: number;
  /** Disconnect events per run (from the scenario's schedule, within the run): the fewest any run had. */
  eventsPerRun: number;
  /** The most any run had: a schedule that repeats until the run ends fires once more in longer runs. */
  eventsPerRunMax: number;
  /** Expected failed commands per event, per instance. */
  failedPerEvent: PerEventEstimate;
  /** P(an event loses ≥ 1 command), per instance: runs with one event only (else null). */
  lossProbability: PerEventEstimate | null;
  /**
   * Extra time to outcome per event (ms), per instance: Σ over all commands of issue → success or
   * final failure, minus the same without the disconnect. A failed command counts until it fails,
   * and one that fails fast can end sooner than its twin's success, so with failures this can be
   * negative; failures are counted apart (failedPerEvent). With none it is ≥ 0.
   */
  extraLatencyMsPerEvent: PerEventEstimate;
  /** Extra latency of the slowest command (ms): its latency minus the twin run's slowest. */
  extraLatencyMaxMs: PerEventEstimate;
  /**
   * Extra time to outcome per overlapping command (ms): Σ over the commands that overlap an event
   * (in flight at its instant, or changed by it: see sim/sweep/overlap.ts) of their time to
   * outcome minus their twin's, ÷ their number, pooled over runs (each command weighs the same;
   * 95% interval by the delta method). NaN when no command overlapped. Failed commands count until
   * they fail, as in extraLatencyMsPerEvent.
   */
  extraLatencyMsPerOverlapping: PerEventEstimate;
  /** Commands that overlap an event, per event. */
  overlappingPerEvent: PerEventEstimate;
  /** The window behind the per-command rate: commands per run and simulated ms per run (means). */
  window: { commands: number; durationMs: number };
  /**
   * Σ failed / Σ commands over all runs (pooled), stated with its window: it falls as the window
   * grows. The planner instead bounds the mean over runs of each run's failed / commands; the two
   * agree when every run issues the same number of commands (sequential, concurrent workloads).
   */
  commandFailureRate: number;
  /** Means per run: p99 command latency (ms; window-dependent) and dials. */
  latencyP99Ms: number;
  dials: number;
}

/** Per-event figures over `reps` replications (and as many twin runs without disconnects). */
export function perEventSummary(s: Scenario, reps: number, seed = s.seed): PerEventSummary {
  const [runLog, twinLog] = [new CommandLog(), new CommandLog()];
  const run = createRunner(s, seed, runLog);
  const twin = createRunner({ ...s, disconnects: [] }, seed, twinLog);
  const meter = new OverlapMeter();
  const perOverlapping = new RatioSum();
  const [failed, lost, extra, extraMax, commands, duration, p99, dials, overlapping] = Array.from({ length: 9 }, () => new Welford());
  let events = NaN;
  let eventsMax = NaN;
  let failedSum = 0;
  let commandSum = 0;
  for (let i = 0; i < reps; i++) {
    const r = run(i);
    const t = twin(i);
    const times = eventTimesUs(s, r.endMs * 1000);
    const e = times.length;
    events = Number.isNaN(events) ? e : Math.min(events, e);
    eventsMax = Number.isNaN(eventsMax) ? e : Math.max(eventsMax, e);
    const per = Math.max(e, 1);
    failed.add(r.failed / per);
    lost.add(r.failed > 0 ? 1 : 0);
    extra.add((totalLatencyMs(r) - totalLatencyMs(t)) / per);
    extraMax.add(r.latencyMaxMs - t.latencyMaxMs);
    const o = meter.measure(s, runLog, twinLog, times);
    perOverlapping.add(o.extraMs, o.count);
    overlapping.add(o.count / per);
    commands.add(r.commands);
    duration.add(r.endMs);
    p99.add(r.latencyP99Ms);
    dials.add(r.dials);
    failedSum += r.failed;
    commandSum += r.commands;
  }
  const proportion = (w: Welford) => ({ mean: w.mean, ci95: w.n > 0 ? wilson(w.mean, w.n) : null });
  return {
    runs: reps,
    eventsPerRun: events,
    eventsPerRunMax: eventsMax,
    failedPerEvent: estimate(failed),
    lossProbability: events === 1 ? proportion(lost) : null,
    extraLatencyMsPerEvent: estimate(extra),
    extraLatencyMaxMs: estimate(extraMax),
    extraLatencyMsPerOverlapping: perOverlapping.estimate(),
    overlappingPerEvent: estimate(overlapping),
    window: { commands: commands.mean, durationMs: duration.mean },
    commandFailureRate: commandSum > 0 ? failedSum / commandSum : 0,
    latencyP99Ms: p99.n > 0 ? p99.mean : NaN,
    dials: dials.n > 0 ? dials.mean : NaN,
  };
}

function estimate(w: Welford): PerEventEstimate {
  return { mean: w.mean, ci95: w.ci95() };
}

function totalLatencyMs(r: RunResult): number {
  return r.latencyMeanMs * r.commands;
}

/** Disconnect events that fired in a run: each schedule's firings up to its `until` and the run's end. */
export function eventsIn(s: Scenario, r: RunResult): number {
  return eventTimesUs(s, r.endMs * 1000).length;
}

/**
 * A fleet of `instances` identical, independent instances, one maintenance event hitting all of
 * them: expected failed commands add up; P(≥ 1 lost) = 1 − (1 − p)^instances; latency per command
 * is unchanged, total extra time to outcome adds up.
 */
export function fleetPerEvent(e: PerEventSummary, instances: number) {
  const scale = (x: PerEventEstimate): PerEventEstimate => ({ mean: x.mean * instances, ci95: x.ci95 && [x.ci95[0] * instances, x.ci95[1] * instances] });
  const any = (p: number) => 1 - (1 - p) ** instances;
  return {
    failedPerEvent: scale(e.failedPerEvent),
    lossProbability: e.lossProbability && { mean: any(e.lossProbability.mean), ci95: e.lossProbability.ci95 && ([any(e.lossProbability.ci95[0]), any(e.lossProbability.ci95[1])] as [number, number]) },
    extraLatencyMsPerEvent: scale(e.extraLatencyMsPerEvent),
    extraLatencyMaxMs: e.extraLatencyMaxMs,
    // Per overlapping command: a mean over commands, the same on every instance.
    extraLatencyMsPerOverlapping: e.extraLatencyMsPerOverlapping,
    overlappingPerEvent: scale(e.overlappingPerEvent),
  };
}
