import { growColumns } from "./grow.ts";

/**
 * Every finished command of one run, kept only when asked (the per-event summary's extra latency
 * of the commands that overlap an event, sim/sweep/per-event.ts): a run without a log pays one
 * null check per command. Reusable across runs, like the tables.
 */
export class CommandLog {
  /** Commands recorded, in the order they ended. */
  n = 0;
  /** Command slot (the client, for closed-loop workloads) and issue order, from 0. */
  slot = new Int32Array(64);
  index = new Int32Array(64);
  /** Issue and outcome instants, µs. */
  startUs = new Float64Array(64);
  endUs = new Float64Array(64);
  /** 1 when the command failed. */
  failed = new Uint8Array(64);

  reset(): void {
    this.n = 0;
  }

  record(slot: number, index: number, startUs: number, endUs: number, failed: boolean): void {
    if (this.n === this.slot.length) growColumns(this, this.n * 2);
    const i = this.n++;
    this.slot[i] = slot;
    this.index[i] = index;
    this.startUs[i] = startUs;
    this.endUs[i] = endUs;
    this.failed[i] = failed ? 1 : 0;
  }
}
