/**
 * Inputs for the fuzz property that runs scenarios (test/fuzz-resolve.test.ts): which resolved
 * scenarios are small enough that every run must end `complete`, and a spec-derived generator
 * that mostly produces such scenarios.
 */
import fc from "fast-check";
import type { Scenario } from "../sim/index.ts";
import { maybeDurationUs } from "../sim/scenario/duration.ts";
import { scenarioSpec } from "../sim/scenario/spec.ts";
import { workloadEndBoundUs } from "./invariants-bounds.ts";
import { arbitraryFor } from "./spec-arbitrary.ts";

/**
 * Whether a resolved scenario is small enough for the `complete` property: ≤ 64 connections, its
 * commands (≤ 5,000) issued within 60 s of simulated time, and, by the scenario's own timeouts,
 * retries and backoffs, all of them over within 6 hours (test/invariants-bounds.ts; a pessimistic
 * bound, far above what runs take). A command
 * allowed to retry for years (58 retries of up to 720h backoff) makes a long workload however
 * early it starts, and the periodic machinery that rightly runs meanwhile (go-redis's dial
 * breaker redials every second) may then need more than eventsMax events: a true runaway.
 */
export function smallWorkload(s: Scenario): boolean {
  const w = s.workload;
  const seconds = (d: string) => maybeDurationUs(d)! / 1e6;
  if (s.pool.size > 64 || (s.client === "multiplexed" && s.multiplexed.connections > 64)) return false;
  if (w.kind === "poisson") {
    if (seconds(w.start) + seconds(w.duration) > 60 || w.rate * seconds(w.duration) > 5_000) return false;
  } else {
    const clients = w.kind === "concurrent" ? w.clients : 1;
    const thinkS = w.kind === "concurrent" ? w.commands * seconds(w.think) : 0;
    if (seconds(w.start) + thinkS > 60 || w.commands * clients > 5_000) return false;
  }
  return workloadEndBoundUs(s) <= BOUND_US;
}

/** The latest the last command may end, by workloadEndBoundUs (a pessimistic bound: runs end far sooner). */
const BOUND_US = 6 * 3_600e6;
const CAP_US = 10e6;
const ms = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((x) => `${x}ms`);
/** Small workloads of every kind, so most inputs of the complete property reach the model. */
const smallWorkloadInput = fc.oneof(
  fc.record({ kind: fc.constant("sequential"), commands: fc.integer({ min: 1, max: 100 }), start: ms(0, 5_000) }),
  fc.record({ kind: fc.constant("concurrent"), clients: fc.integer({ min: 1, max: 16 }), commands: fc.integer({ min: 1, max: 40 }), think: fc.oneof(fc.constant("0s"), ms(0, 500)), start: ms(0, 5_000) }),
  fc.record({ kind: fc.constant("poisson"), rate: fc.double({ min: 0.01, max: 2_000, noNaN: true }), duration: ms(1, 20_000), start: ms(0, 5_000) }),
);

/**
 * Spec-derived scenarios (test/spec-arbitrary.ts), mostly with durations up to 10 s, given a small
 * workload and pool, and with the cross-field conflicts the resolver refuses repaired (the
 * property above covers the refusals): so most of them run.
 */
export const runnableInput: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.oneof({ weight: 3, arbitrary: arbitraryFor(scenarioSpec, false, CAP_US) }, { weight: 1, arbitrary: arbitraryFor(scenarioSpec, true, CAP_US) }, { weight: 1, arbitrary: arbitraryFor(scenarioSpec, false) }),
    smallWorkloadInput,
    fc.integer({ min: 1, max: 64 }),
  )
  .map(([options, workload, size]) => (isPlain(options) ? repaired(options, workload, size) : options));

function repaired(options: Record<string, unknown>, workload: unknown, size: number): Record<string, unknown> {
  const o: Record<string, unknown> = { ...options, workload };
  // The generator's limits are not a user's: the run gets the default eventsMax.
  delete o.limits;
  if (isPlain(o.multiplexed) && typeof o.multiplexed.connections === "number" && o.multiplexed.connections > 64) o.multiplexed = { ...o.multiplexed, connections: 1 + (o.multiplexed.connections % 64) };
  o.pool = isPlain(o.pool) ? { ...o.pool, size } : { size };
  const pool = o.pool as Record<string, unknown>;
  if (typeof pool.minIdle === "number" && pool.minIdle > size) pool.minIdle = "full";
  if (isPlain(o.warmup) && typeof o.warmup.idle === "number" && o.warmup.idle > size) o.warmup = { ...o.warmup, idle: "full" };
  if (belowFloor(pool.healthCheckInterval)) pool.healthCheckInterval = "0s";
  if (Array.isArray(o.disconnects)) {
    o.disconnects = o.disconnects.map((d: unknown) => {
      if (!isPlain(d)) return d;
      const out = { ...d };
      if (out.fraction !== undefined && out.count !== undefined) delete out.count;
      if (belowFloor(out.every)) out.every = "0s";
      if (out.every === undefined || out.every === "0s") delete out.until;
      if ((maybeDurationUs(out.loadingStartsAfter) ?? 0) > (maybeDurationUs(out.loading ?? "0s") ?? 0)) out.loadingStartsAfter = out.loading ?? "0s";
      return out;
    });
  }
  return o;
}

/** A duration under the 1 ms floor of the periodic settings (sim/scenario/spec.ts minNonzero), 0s aside. */
function belowFloor(value: unknown): boolean {
  const us = maybeDurationUs(value);
  return us !== null && us > 0 && us < 1_000;
}

export function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
