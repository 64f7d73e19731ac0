import type { Engine } from "../engine/engine.ts";
import type { Rng } from "../engine/rng.ts";
import type { CommandLog } from "./command-log.ts";
import type { CommandTable } from "./command-table.ts";
import type { Commands } from "./commands.ts";
import { EventKind as Kinds } from "./events.ts";
import { StartSpread, type WorkloadParams } from "./params.ts";

// Module-local copy of an imported constant (see pool.ts).
const Ev = Kinds;

/**
 * Who issues commands: sequential (one client), concurrent (closed-loop clients with think time,
 * released together but starting one after another over workload.startGap) or Poisson arrivals
 * (open loop). Knows when the workload is over and stops the engine then.
 */
export class Workload {
  private issued = 0;
  private ended = 0;
  /** Commands the workload will issue in all; Infinity while open-loop arrivals go on. */
  private expected = 0;
  /** Free command slots for open-loop arrivals. */
  private readonly freeSlots: number[] = [];
  private w!: WorkloadParams;
  private rng!: Rng;
  private commands!: Pick<Commands, "start">;
  /** Records every finished command when set (sim/sweep/per-event.ts); null in ordinary runs. */
  log: CommandLog | null = null;

  constructor(
    private readonly engine: Engine<number>,
    private readonly cmds: CommandTable,
  ) {}

  /** The role that runs commands: the pool's retry loop, or a multiplexed client. */
  link(roles: { commands: Pick<Commands, "start"> }): void {
    this.commands = roles.commands;
  }

  /** Sizes the command table and schedules the first commands (or the first arrival). */
  start(w: WorkloadParams, rngWorkload: Rng): void {
    this.w = w;
    this.rng = rngWorkload;
    this.issued = 0;
    this.ended = 0;
    const clients = w.kind === "concurrent" ? w.clients : 1;
    this.cmds.reset(Math.max(clients, 16));
    this.freeSlots.length = 0;
    if (w.kind === "poisson") {
      this.expected = Infinity;
      for (let c = this.cmds.cap - 1; c >= 0; c--) this.freeSlots.push(c);
      this.engine.schedule(Ev.arrival, w.startUs, 0, 0);
      return;
    }
    this.expected = clients * w.commands;
    let offsetUs = 0;
    for (let c = 0; c < clients; c++) {
      this.cmds.left[c] = w.commands - 1;
      if (c > 0 && w.kind === "concurrent" && w.startGapUs > 0) offsetUs += this.startGapUs(w);
      this.engine.schedule(Ev.commandStart, w.startUs + Math.round(offsetUs), c, 0);
    }
  }

  /**
   * One gap between consecutive clients' first commands (workload.startSpread), drawn here, in
   * client order, before any event runs: the workload stream has no other draw in a concurrent
   * workload, so the spread moves no other stream and the same seed gives the same starts.
   */
  private startGapUs(w: Extract<WorkloadParams, { kind: "concurrent" }>): number {
    if (w.startSpread === StartSpread.fixed) return w.startGapUs;
    if (w.startSpread === StartSpread.uniform) return this.rng.next() * 2 * w.startGapUs;
    return this.rng.exponential(w.startGapUs);
  }

  /** Issue index of the next command. */
  nextIndex(): number {
    return this.issued++;
  }

  /** A command ended: its client issues the next one (after think time), and the run may be over. */
  commandEnded(cmd: number, failed: boolean): void {
    const w = this.w;
    if (this.log !== null) this.log.record(cmd, this.cmds.index[cmd], this.cmds.startedAtUs[cmd], this.engine.nowUs, failed);
    if (w.kind === "poisson") {
      this.freeSlots.push(cmd);
    } else if (this.cmds.left[cmd] > 0) {
      this.cmds.left[cmd]--;
      const thinkUs = w.kind === "concurrent" ? w.thinkUs : 0;
      this.engine.schedule(Ev.commandStart, this.engine.nowUs + thinkUs, cmd, 0);
    }
    if (++this.ended === this.expected) this.engine.stop();
  }

  /** An open-loop arrival: a command in a free slot (the table grows when none is free), and the next arrival. */
  arrival(): void {
    const w = this.w as Extract<WorkloadParams, { kind: "poisson" }>;
    if (this.freeSlots.length === 0) {
      const old = this.cmds.grow(this.cmds.cap + 1);
      for (let c = this.cmds.cap - 1; c >= old; c--) this.freeSlots.push(c);
    }
    this.commands.start(this.freeSlots.pop()!);
    const nextUs = this.engine.nowUs + Math.round(this.rng.exponential(w.meanGapUs));
    if (nextUs < w.startUs + w.durationUs) this.engine.schedule(Ev.arrival, nextUs, 0, 0);
    else this.lastArrival();
  }

  /** The arrivals are over: the workload ends with its last command, which may have ended already (a synchronous failure). */
  private lastArrival(): void {
    this.expected = this.issued;
    if (this.ended === this.expected) this.engine.stop();
  }
}
