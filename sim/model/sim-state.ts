import { EventHeap } from "../engine/heap.ts";
import type { Rng } from "../engine/rng.ts";
import type { ProbeOutcome, ProbeStrategy, ProbeSubject } from "../probes/index.ts";
import { ErrorKind } from "./codes.ts";
import { Commands } from "./commands.ts";
import { Connections } from "./connections.ts";
import type { DialPlan } from "./dial-plan.ts";
import { OK } from "./events.ts";
import { IntDeque } from "./int-deque.ts";
import { LatencyRecorder } from "./latency.ts";
import type { ModelParams } from "./params.ts";
import type { RunResult } from "./result.ts";
import type { RetryBudgetState } from "./retry-budget.ts";
import type { TraceEvent, TraceType } from "./trace.ts";

/**
 * The state of one run, shared by the layers that act on it: pool (pool-side.ts), dialing
 * (dial-side.ts), the server and network (server-side.ts) and commands (simulation.ts). One class
 * chain rather than separate objects, so the hot path reads fields directly.
 */
export abstract class SimState {
  protected readonly heap = new EventHeap(256);
  protected readonly latency = new LatencyRecorder();
  protected readonly idle = new IntDeque(64);
  protected readonly waiters = new IntDeque(64); // (command, generation) pairs, FIFO
  protected readonly conns = new Connections();
  protected readonly cmds = new Commands();
  protected readonly subject: ProbeSubject = { state: 0, tls: false, idleUs: 0, pendingBytes: false, rttUs: 0, pingTimeoutUs: 0, pingIdleThresholdUs: 0 };
  protected readonly verdict: ProbeOutcome = { ran: false, dead: false, costUs: 0 };
  protected readonly dial: DialPlan = { costUs: 0, result: OK };
  protected p!: ModelParams;
  protected probe!: ProbeStrategy;
  protected budget!: RetryBudgetState;
  protected budgeted = false;
  /** False for probe "none": Get then skips the probe step entirely (the common hot path). */
  protected probing = false;
  protected now = 0;
  protected trace: TraceEvent[] | null = null;

  // Random streams, one per subsystem (common random numbers across sweep cells).
  protected rngWorkload!: Rng;
  protected rngDisconnects!: Rng;
  protected rngBackoff!: Rng;
  protected rngProbes!: Rng;

  // Pool counters, as go-redis keeps them.
  protected turnsUsed = 0;
  protected poolSize = 0; // pooled connections, including minIdle dials under way
  protected idleLen = 0; // idle connections, including minIdle dials under way
  protected dialErrors = 0; // dialErrorsNum: dial failures since the breaker last closed
  protected lastDialError: number = ErrorKind.dialRefused;
  protected poolGeneration = 0;
  protected serverDownUntil = 0;
  protected serverDownHangs = false;
  /** Counts server-down starts: a dial that spans one fails, since its handshake met the crash. */
  protected downEpoch = 0;

  // Workload progress.
  protected freeCmds: number[] = [];
  protected commandsIssued = 0;
  /** Commands the workload will issue in all; Infinity while open-loop arrivals go on. */
  protected commandsExpected = 0;
  protected done = false;
  protected firstDisconnectAt = -1;
  protected lastFailureAt = -1;

  protected r!: RunResult;
  protected perCommand = new Uint8Array(0);

  protected openConn(pooled: boolean, inited: boolean): number {
    const conn = this.conns.open(this.now, pooled, inited, this.poolGeneration);
    const c = this.r.connections;
    c.opened++;
    if (this.conns.openCount > c.maxOpen) c.maxOpen = this.conns.openCount;
    return conn;
  }

  protected log(type: TraceType, conn = -1, cmd = -1, detail?: string): void {
    if (this.trace === null) return;
    const e: TraceEvent = { t: this.now, type };
    if (conn >= 0) e.conn = this.conns.id[conn];
    if (cmd >= 0) {
      e.cmd = this.cmds.index[cmd];
      e.attempt = this.cmds.attempt[cmd];
    }
    if (detail !== undefined) e.detail = detail;
    this.trace.push(e);
  }

  // The contract between the roles below: each is implemented by a later layer.
  protected abstract dialForCommand(cmd: number): void;
  protected abstract checkMinIdleConns(): void;
  protected abstract startIo(cmd: number, conn: number): void;
  protected abstract attemptFailed(cmd: number, error: number, holdsTurn: boolean, retryable?: boolean): void;
}
