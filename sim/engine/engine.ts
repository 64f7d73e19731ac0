import { InvariantError } from "./assert.ts";
import { EventHeap } from "./heap.ts";

/** Handles one event: its two integer payloads (a command slot and a generation, say). */
export type Handler = (a: number, b: number) => void;

/** What step() did: handled one event, or found nothing scheduled (SimPy's EmptySchedule, as a value). */
export type StepStatus = "stepped" | "empty";

/**
 * Why run() returned: the model called stop() (its work is done), nothing was left to handle, or
 * the next event would have been past `eventsMax`.
 */
export type RunStatus = "stopped" | "empty" | "eventLimit";

/**
 * A model's event kinds: small integers, each with its handler and its same-instant priority. The
 * model declares both tables `satisfies Record<EventKind, …>`, so a kind without a handler or a
 * priority is a type error, not a run-time surprise.
 */
export interface EventTable<K extends number> {
  handlers: Record<K, Handler>;
  priorities: Record<K, number>;
}

/**
 * The simulation engine, in the manner of SimPy's Environment: it alone owns simulated time
 * (`nowUs`, integer microseconds), the event queue and the loop. Events are ordered by (time,
 * priority, insertion sequence), so ties resolve the same way every run. Models schedule events
 * and react to them; they never set the clock. Reusable: reset() starts a new run on the same
 * tables, so a Monte Carlo sweep allocates the queue once per worker.
 */
export class Engine<K extends number> {
  /** Simulated time, µs. Moves only forward, and only here. */
  nowUs = 0;
  /** Events handled since reset(). */
  events = 0;
  private stopRequested = false;
  private readonly heap = new EventHeap(256);
  private readonly handlers: Handler[] = [];
  private readonly priorities: Uint8Array;

  constructor(table: EventTable<K>) {
    const kinds = Object.keys(table.handlers).map(Number);
    this.priorities = new Uint8Array(Math.max(...kinds) + 1);
    for (const k of kinds) {
      this.handlers[k] = table.handlers[k as K];
      this.priorities[k] = table.priorities[k as K];
    }
  }

  /** Back to time 0 with nothing scheduled. */
  reset(): void {
    this.nowUs = 0;
    this.events = 0;
    this.stopRequested = false;
    this.heap.clear();
  }

  /** Schedules `kind` at absolute time `atUs` (≥ nowUs) with payloads a and b. */
  schedule(kind: K, atUs: number, a: number, b: number): void {
    // Written so that NaN fails too: a NaN time would silently break the heap's order.
    if (!(atUs >= this.nowUs)) throw new InvariantError(`event ${kind} scheduled at ${atUs} µs, before now (${this.nowUs} µs)`);
    this.heap.push(atUs, this.priorities[kind], kind, a, b);
  }

  /** Time of the next event, µs; Infinity when nothing is scheduled. */
  peekUs(): number {
    return this.heap.peekTime();
  }

  /** Events still scheduled. */
  get pending(): number {
    return this.heap.size;
  }

  /** Ends run() before its next event: the model's work is done. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Whether the model has called stop() since reset(). */
  get stopped(): boolean {
    return this.stopRequested;
  }

  /** Handles the next event, advancing the clock to it. */
  step(): StepStatus {
    if (!this.heap.pop()) return "empty";
    this.dispatch();
    return "stepped";
  }

  /**
   * Handles events until the model stops, nothing is left, or `eventsMax` events have been
   * handled; on the last, the clock shows the time of the first event left unhandled.
   */
  run(options: { eventsMax: number }): RunStatus {
    const heap = this.heap;
    const eventsMax = options.eventsMax;
    while (!this.stopRequested) {
      if (heap.size === 0) return "empty";
      if (this.events >= eventsMax) {
        this.nowUs = heap.peekTime();
        return "eventLimit";
      }
      heap.pop();
      this.dispatch();
    }
    return "stopped";
  }

  private dispatch(): void {
    const heap = this.heap;
    // Time never goes backwards: schedule() admits no event before now.
    this.nowUs = heap.popTime;
    this.events++;
    this.handlers[heap.popKind](heap.popA, heap.popB);
  }
}
