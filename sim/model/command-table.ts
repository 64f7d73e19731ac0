import { growColumns } from "./grow.ts";

/** What a command is doing. */
export const Phase = { idle: 0, waitTurn: 1, dial: 2, io: 3, backoff: 4, probe: 5 } as const;

/**
 * The command table: one slot per command in flight (a client, or an open-loop arrival), in
 * parallel typed arrays shared by the roles that act on commands.
 */
export class CommandTable {
  cap = 0;
  phase = new Uint8Array(0);
  attempt = new Int32Array(0);
  /** Bumped whenever a pending event for the command must be ignored. */
  gen = new Int32Array(0);
  conn = new Int32Array(0);
  /** Issue order, from 0. */
  index = new Int32Array(0);
  /** Commands the slot's client still has to issue (closed-loop workloads). */
  left = new Int32Array(0);
  startedAtUs = new Float64Array(0);
  opStartedAtUs = new Float64Array(0);
  /** Pending dial or exchange outcome: OK or an ErrorKind code. */
  outcome = new Int8Array(0);
  /** Pending round-trip probe verdict: 1 when the connection is dead. */
  probeDead = new Uint8Array(0);
  /** When this attempt's checkout gives up (attempt start + pool.timeout), µs. */
  checkoutDeadlineUs = new Float64Array(0);
  /** Idle connections this Get has checked (v9.15's getAttempts). */
  checked = new Int32Array(0);
  /** The server's down epoch when this command's dial started (a crash during the dial fails it). */
  dialEpoch = new Int32Array(0);
  /** What the command's current retry holds from the retry budget (AWS refunds it on success). */
  budgetHeld = new Float64Array(0);
  /** When the current exchange leaves the new connection's HELLO/SETINFO init for the command itself. */
  initUntilUs = new Float64Array(0);
  /** The current attempt failed inside initConn, before the command was written. */
  failedInInit = new Uint8Array(0);
  /** redis-py: the command keeps its pool turn across a retry. */
  holdsTurn = new Uint8Array(0);
  /** A reply in flight was lost to a disconnect: the server may have run the command. */
  maybeExecuted = new Uint8Array(0);
  /** …and the command was retried afterwards. */
  maybeTwice = new Uint8Array(0);

  /** Ensures room for `min` slots; returns the old capacity. */
  grow(min: number): number {
    const old = this.cap;
    if (min <= old) return old;
    let cap = Math.max(16, old);
    while (cap < min) cap *= 2;
    growColumns(this, cap);
    this.cap = cap;
    return old;
  }

  reset(min: number): void {
    this.grow(min);
    this.phase.fill(0);
    this.gen.fill(0);
    this.left.fill(0);
    this.holdsTurn.fill(0);
  }
}
