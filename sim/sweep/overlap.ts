import type { CommandLog } from "../model/command-log.ts";
import { maybeDurationUs } from "../scenario/duration.ts";
import type { Scenario } from "../scenario/types.ts";
import { t95 } from "../stats.ts";

/**
 * The commands that overlap a disconnect event, and the extra time to outcome they pay.
 *
 * A command overlaps an event when it was in flight at the event's instant (issued before it,
 * not yet ended), or the event changed it: its outcome or its time to outcome (issue → success or
 * final failure) differs from the same command's in the twin run without the disconnect (same
 * seed and replication: the j-th command of the same client for closed-loop workloads, the k-th
 * arrival for Poisson ones). Both parts are window-free: once the event has played out, later
 * commands match their twins exactly (integer µs), so more commands per run add none. A command
 * the event delayed only by queueing (a pool turn held by a retrying one, a dial the emptied pool
 * needs later) counts, since its time changed; one on a connection the event missed does not,
 * unless it was in flight. Caveat, stated in README: where the event shifts a random stream that
 * later commands draw from (read-unwrap-tls's pendingBytesProbability > 0, backoff jitter of
 * retries the event did not cause), a later command can differ from its twin by chance and count.
 */
export class OverlapMeter {
  private twinUs = new Float64Array(0);
  private twinFailed = new Uint8Array(0);
  private seen = new Int32Array(0);
  private perSlot = new Int32Array(0);

  /** Σ (time to outcome − twin's) in ms over one run's overlapping commands, and their count. */
  measure(s: Scenario, run: CommandLog, twin: CommandLog, eventsUs: readonly number[]): { extraMs: number; count: number } {
    const size = this.prepare(s, run, twin);
    const twinKeys = this.keys(s, twin);
    this.seen.fill(0, 0, size);
    for (let i = 0; i < twin.n; i++) {
      const k = twinKeys[i];
      this.twinUs[k] = twin.endUs[i] - twin.startUs[i];
      this.twinFailed[k] = twin.failed[i];
      this.seen[k] = 1;
    }
    const keys = this.keys(s, run);
    let extraUs = 0;
    let count = 0;
    for (let i = 0; i < run.n; i++) {
      const k = keys[i];
      if (this.seen[k] === 0) continue; // a command its twin never finished (a run cut off at eventsMax)
      const us = run.endUs[i] - run.startUs[i];
      const changed = run.failed[i] !== this.twinFailed[k] || us !== this.twinUs[k];
      if (changed || inFlight(run.startUs[i], run.endUs[i], eventsUs)) {
        extraUs += us - this.twinUs[k];
        count++;
      }
    }
    return { extraMs: extraUs / 1000, count };
  }

  private prepare(s: Scenario, run: CommandLog, twin: CommandLog): number {
    const w = s.workload;
    const size = w.kind === "poisson" ? 1 + Math.max(maxIndex(run), maxIndex(twin)) : (w.kind === "concurrent" ? w.clients : 1) * w.commands;
    if (this.twinUs.length < size) {
      this.twinUs = new Float64Array(size);
      this.twinFailed = new Uint8Array(size);
      this.seen = new Int32Array(size);
    }
    return size;
  }

  /** Matching keys: the arrival order for Poisson; client × commands + the client's j-th command otherwise (a client's commands end in order). */
  private keys(s: Scenario, log: CommandLog): Int32Array {
    const w = s.workload;
    if (w.kind === "poisson") return log.index.subarray(0, log.n);
    const clients = w.kind === "concurrent" ? w.clients : 1;
    if (this.perSlot.length < clients) this.perSlot = new Int32Array(clients);
    this.perSlot.fill(0, 0, clients);
    const keys = new Int32Array(log.n);
    for (let i = 0; i < log.n; i++) {
      const c = log.slot[i];
      keys[i] = c * w.commands + this.perSlot[c]++;
    }
    return keys;
  }
}

function maxIndex(log: CommandLog): number {
  let m = -1;
  for (let i = 0; i < log.n; i++) if (log.index[i] > m) m = log.index[i];
  return m;
}

function inFlight(startUs: number, endUs: number, eventsUs: readonly number[]): boolean {
  for (const t of eventsUs) if (startUs < t && t <= endUs) return true;
  return false;
}

/** Instants (µs) of the disconnect events that fired in a run ending at `endUs`: each schedule's firings up to its `until`. */
export function eventTimesUs(s: Scenario, endUs: number): number[] {
  const times: number[] = [];
  for (const d of s.disconnects) {
    const at = us(d.at);
    const every = us(d.every);
    const last = Math.min(endUs, us(d.until) > 0 ? us(d.until) : Infinity);
    if (at > endUs) continue;
    if (every <= 0) times.push(at);
    else for (let t = at; t <= last; t += every) times.push(t);
  }
  return times;
}

/** Running sums of per-run (extra, count) pairs: the ratio Σ extra / Σ count with a delta-method 95% interval. */
export class RatioSum {
  private n = 0;
  private x = 0;
  private y = 0;
  private xx = 0;
  private yy = 0;
  private xy = 0;

  add(x: number, y: number): void {
    this.n++;
    this.x += x;
    this.y += y;
    this.xx += x * x;
    this.yy += y * y;
    this.xy += x * y;
  }

  /** Mean per unit of y (NaN with none) and its interval: Var(R) ≈ Σ(x − R y)² / (n (n − 1) ȳ²). */
  estimate(): { mean: number; ci95: [number, number] | null } {
    if (this.y === 0) return { mean: NaN, ci95: null };
    const r = this.x / this.y;
    if (this.n < 2) return { mean: r, ci95: null };
    const ss = Math.max(0, this.xx - 2 * r * this.xy + r * r * this.yy);
    const ybar = this.y / this.n;
    const half = t95(this.n - 1) * Math.sqrt(ss / (this.n * (this.n - 1))) / ybar;
    return { mean: r, ci95: [r - half, r + half] };
  }
}

const us = (d: string): number => maybeDurationUs(d)!;
