import { maybeDurationUs } from "../scenario/duration.ts";
import { resolveScenario } from "../scenario/resolve.ts";
import type { Scenario } from "../scenario/types.ts";
import { cloneJson, scenarioOptions } from "./expand.ts";

/**
 * The fleet as a capacity planner describes it: instances, a command rate (total or per instance)
 * and workers per instance. One run simulates one instance through one maintenance event that
 * closes every connection; fleet figures scale the per-instance ones (sim/sweep/per-event.ts).
 */
export interface Fleet {
  instances: number;
  /** Commands per second across the whole fleet. */
  ratePerSecond: number;
  /** Goroutines / threads per instance issuing commands: at most this many commands at once. */
  workers: number;
}

/** Idle connections expected when the event hits one instance, and how they were estimated. */
export interface IdleEstimate {
  /** Commands in flight on average: Little's law, L = λ W (per-instance rate × command latency). */
  busy: number;
  /** Connections the pool holds: the peak concurrency it has seen within its idle timeout. */
  open: number;
  /** open − busy, rounded: the idle connections the event makes stale. */
  idle: number;
  why: string;
}

/** The event hits at EVENT_AT into the run; commands keep arriving for WINDOW_AFTER after it. */
const EVENT_AT = "200ms";
const WINDOW_AFTER_MS = 500;

/**
 * Estimate of the idle connections at the moment of the event. go-redis keeps a connection until
 * it has been idle for ConnMaxIdleTime (30 min by default), so the pool holds the peak number of
 * commands that were ever in flight at once within that time, not the average. Each of the
 * `workers` is busy with probability ρ = λ W / workers (Little's law per worker); the peak is the
 * smallest k that fewer than one of the maxIdleTime / W independent looks reaches (binomial
 * tail), capped by the pool size and the workers. Without an idle timeout every worker's
 * connection has been open at some point: min(pool size, workers).
 */
export function estimateIdle(s: Scenario, fleet: Fleet): IdleEstimate {
  const perInstance = fleet.ratePerSecond / fleet.instances;
  const latencyMs = Math.max(us(s.network.rtt) / 1000, 0.001);
  const busy = (perInstance * latencyMs) / 1000;
  const cap = Math.min(s.pool.size, fleet.workers);
  const rho = Math.min(1, busy / fleet.workers);
  const idleTimeUs = us(s.pool.maxIdleTime);
  const looks = idleTimeUs > 0 ? idleTimeUs / 1000 / latencyMs : Infinity;
  let open = cap;
  if (Number.isFinite(looks) && rho < 1) {
    for (let k = 1; k <= cap; k++) {
      if (looks * binomialTail(fleet.workers, rho, k) < 1) {
        open = Math.max(1, k - 1);
        break;
      }
    }
  }
  const idle = Math.max(0, Math.round(open - busy));
  const why =
    `Little's law: ${perInstance} commands/s × ${latencyMs} ms = ${busy.toPrecision(3)} in flight per instance; ` +
    `the pool keeps the peak concurrency seen within maxIdleTime ${s.pool.maxIdleTime} (${open} of at most ${cap}), so ${idle} idle connections meet the event`;
  return { busy, open, idle, why };
}

/**
 * Scenario options for one instance of the fleet: Poisson arrivals at the per-instance rate, the
 * estimated idle connections warm, every connection closed (FIN) at EVENT_AT, and commands for
 * WINDOW_AFTER_MS more, so the event has played out inside the run (the per-event figures do not
 * depend on the window as long as it does).
 */
export function fleetScenarioOptions(baseInput: Record<string, unknown> | Scenario, fleet: Fleet): { options: Record<string, unknown>; idle: IdleEstimate } {
  const base = cloneJson(scenarioOptions(baseInput)) as Record<string, unknown>;
  const idle = estimateIdle(resolveScenario(base), fleet);
  const mode = (resolveScenario(base).disconnects[0]?.mode ?? "fin") as string;
  const durationMs = us(EVENT_AT) / 1000 + WINDOW_AFTER_MS;
  return {
    options: {
      ...base,
      warmup: { idle: idle.idle },
      disconnects: [{ at: EVENT_AT, fraction: 1, mode }],
      workload: { kind: "poisson", rate: fleet.ratePerSecond / fleet.instances, duration: `${durationMs}ms`, start: "0s" },
    },
    idle,
  };
}

/** P(Binomial(n, p) ≥ k). */
function binomialTail(n: number, p: number, k: number): number {
  let term = (1 - p) ** n;
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return Math.max(0, 1 - below);
}

const us = (d: string): number => maybeDurationUs(d)!;

/** "2000/s" or "2000" → 2000; null when not a positive rate. */
export function maybeRate(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text.trim());
  const v = m ? Number(m[1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : null;
}
