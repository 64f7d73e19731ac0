import { Engine, type Handler } from "../engine/engine.ts";
import { Stream, TycheiRng } from "../engine/rng.ts";
import { Checkout } from "./checkout.ts";
import { ConnState } from "./codes.ts";
import type { CommandLog } from "./command-log.ts";
import { CommandTable, Phase } from "./command-table.ts";
import { Commands } from "./commands.ts";
import { ConnectionTable } from "./connection-table.ts";
import { Dialer } from "./dialer.ts";
import { EVENT_PRIORITY, EventKind } from "./events.ts";
import { Exchange } from "./exchange.ts";
import { HealthCheck } from "./health-check.ts";
import { LatencyRecorder } from "./latency.ts";
import type { ModelParams } from "./params.ts";
import { Pool } from "./pool.ts";
import { emptyResult, finishResult, resetResult } from "./result-build.ts";
import type { RunResult } from "./result.ts";
import { Server } from "./server.ts";
import { TraceLog } from "./trace-log.ts";
import type { TraceEvent } from "./trace.ts";
import { Workload } from "./workload.ts";
import { MultiplexedSimulation } from "./multiplexed/simulation.ts";

/** A snapshot of the pool's bookkeeping (connection slots, not ids). */
export interface PoolView {
  nowUs: number;
  turnsUsed: number;
  /** The idle list, front to back. */
  idle: number[];
  /** Idle connections plus MinIdle dials under way (go-redis idleConnsLen). */
  idleCount: number;
  pooledCount: number;
  idleDialsInFlight: number;
  /** Where code per connection slot. */
  where: Uint8Array;
  /** Open connection slots. */
  open: number[];
  /** Per command slot: the connection its exchange or PING is on, or −1. */
  connOfCommand: number[];
}

/**
 * One run of a pooled client under server-side disconnects: the engine (time, queue, loop) and
 * the model's roles, each owning its state and talking to the others through named methods:
 * Workload issues commands; Commands runs the retry loop; Pool keeps turns, the idle list and
 * Put/Remove; Checkout is Pool.Get's checks; Dialer opens connections (and the breaker, MinIdle
 * refills); Exchange is one attempt's I/O; Server is what the server and the network do;
 * HealthCheck is a pool's background check. The connection and command tables are shared typed
 * arrays, passed to the roles that read them. Reusable: run() resets everything, so a Monte Carlo
 * sweep allocates its tables once per worker.
 */
export class Simulation {
  private readonly conns = new ConnectionTable();
  private readonly cmds = new CommandTable();
  private readonly latency = new LatencyRecorder();
  private readonly engine: Engine<EventKind>;
  private readonly pool: Pool;
  private readonly server: Server;
  private readonly dialer: Dialer;
  private readonly checkout: Checkout;
  private readonly exchange: Exchange;
  private readonly commands: Commands;
  private readonly workload: Workload;
  private readonly healthCheck: HealthCheck;
  // One stream per subsystem, reseeded every run.
  private readonly rngWorkload = new TycheiRng();
  private readonly rngDisconnects = new TycheiRng();
  private readonly rngBackoff = new TycheiRng();
  private readonly rngProbes = new TycheiRng();
  /** Made on first use: runs scenarios whose client is multiplexed. */
  private multiplexed: MultiplexedSimulation | null = null;

  constructor() {
    this.engine = new Engine({ handlers: this.handlers(), priorities: EVENT_PRIORITY });
    const { engine, conns, cmds } = this;
    this.pool = new Pool(engine, conns, cmds);
    this.server = new Server(engine, conns);
    this.dialer = new Dialer(engine, cmds, this.pool, this.server);
    this.checkout = new Checkout(engine, conns, cmds, this.pool);
    this.exchange = new Exchange(engine, conns, cmds, this.pool);
    this.commands = new Commands(engine, cmds, this.pool, this.latency);
    this.workload = new Workload(engine, cmds);
    this.healthCheck = new HealthCheck(engine, conns, this.pool, this.checkout, this.dialer);
    const { pool, server, dialer, checkout, exchange, commands, workload } = this;
    pool.link({ dialer, server });
    server.link({ exchange });
    dialer.link({ checkout, commands });
    checkout.link({ commands, dialer, exchange });
    exchange.link({ commands, checkout, server });
    commands.link({ checkout, dialer, workload });
    workload.link({ commands });
  }

  /**
   * Every event kind's handler; a kind without one is a type error. Events for a command carry its
   * generation: one whose generation has moved on (a wait that timed out, say) is dropped here.
   */
  private handlers(): Record<EventKind, Handler> {
    return {
      [EventKind.commandStart]: (cmd) => this.commands.start(cmd),
      [EventKind.attemptStart]: (cmd, g) => { if (this.cmds.gen[cmd] === g) this.commands.startAttempt(cmd); },
      [EventKind.turnGranted]: (cmd, g) => { if (this.cmds.gen[cmd] === g) this.checkout.get(cmd); },
      [EventKind.poolTimeout]: (cmd, g) => { if (this.cmds.gen[cmd] === g) this.commands.poolTimedOut(cmd); },
      [EventKind.dialDone]: (cmd, g) => { if (this.cmds.gen[cmd] === g) this.dialer.dialDone(cmd); },
      [EventKind.dialRejected]: (cmd, g) => { if (this.cmds.gen[cmd] === g) this.dialer.dialRejected(cmd); },
      [EventKind.ioDone]: (cmd, g) => { if (this.cmds.gen[cmd] === g) this.exchange.done(cmd); },
      [EventKind.probeDone]: (cmd, g) => { if (this.cmds.gen[cmd] === g) this.checkout.probeDone(cmd); },
      [EventKind.disconnect]: (index) => this.server.disconnect(index),
      [EventKind.serverUp]: () => this.server.serverUp(),
      [EventKind.serverIdleClose]: (conn, useGen) => this.server.idleSpellEnded(conn, useGen, ConnState.closed),
      [EventKind.middleboxDrop]: (conn, useGen) => this.server.idleSpellEnded(conn, useGen, ConnState.blackholed),
      [EventKind.keepAliveVerdict]: (conn, useGen) => this.server.keepAliveVerdict(conn, useGen),
      [EventKind.healthCheck]: () => this.healthCheck.tick(),
      [EventKind.idleDialDone]: (outcome, epoch) => this.dialer.idleDialDone(outcome, epoch),
      [EventKind.idleDialRejected]: () => this.dialer.idleDialRejected(),
      [EventKind.breakerDialDone]: (outcome, epoch) => this.dialer.breakerDialDone(outcome, epoch),
      [EventKind.breakerRedial]: () => this.dialer.breakerDial(),
      [EventKind.arrival]: () => this.workload.arrival(),
    } satisfies Record<EventKind, Handler>;
  }

  /**
   * Runs one replication. `trace`, when given, receives every step (for the teaching timeline);
   * `log`, every finished command (for the per-event summary); `into`, an earlier result of this
   * pooled model to overwrite instead of a new one (a multiplexed run always returns a new one).
   */
  run(p: ModelParams, seed: number, replication: number, trace: TraceEvent[] | null = null, log: CommandLog | null = null, into: RunResult | null = null): RunResult {
    if (p.multiplexed !== null) return (this.multiplexed ??= new MultiplexedSimulation()).run(p, seed, replication, null, log);
    this.workload.log = log;
    log?.reset();
    const r = this.begin(p, seed, replication, trace, into);
    if (this.engine.run({ eventsMax: p.eventsMax }) === "eventLimit") r.outcome = "eventLimit";
    return this.end(r);
  }

  /**
   * One replication event by event, for checkers (test/invariants.ts): begin(), then step() until
   * it returns false, inspect() between steps, then end(). The same run as run() gives.
   */
  begin(p: ModelParams, seed: number, replication: number, trace: TraceEvent[] | null = null, into: RunResult | null = null): RunResult {
    const r = into === null ? emptyResult() : resetResult(into);
    this.reset(p, r, seed, replication, trace);
    return r;
  }

  /** Handles one event; false when the run is over (workload done, or nothing left). */
  step(): boolean {
    return !this.engine.stopped && this.engine.step() === "stepped";
  }

  /** The pool's bookkeeping as it stands, for invariant checks. */
  inspect(): PoolView {
    const { pool, conns, cmds, dialer, engine } = this;
    return {
      nowUs: engine.nowUs,
      turnsUsed: pool.turnsUsed,
      idle: Array.from({ length: pool.idle.length }, (_, i) => pool.idle.at(i)),
      idleCount: pool.idleCount,
      pooledCount: pool.pooledCount,
      idleDialsInFlight: dialer.idleDialsInFlight,
      where: conns.where.slice(0, conns.cap),
      open: Array.from(conns.openList.subarray(0, conns.openCount)),
      connOfCommand: Array.from({ length: cmds.cap }, (_, c) => (cmds.phase[c] === Phase.io || cmds.phase[c] === Phase.probe ? cmds.conn[c] : -1)),
    };
  }

  /** Fills in what is known only at the end of a run. */
  end(r: RunResult): RunResult {
    const { commands, server, engine } = this;
    const first = server.firstDisconnectAtUs;
    const recoveryUs = first >= 0 && commands.lastFailureAtUs >= first ? commands.lastFailureAtUs - first : 0;
    return finishResult(r, this.latency, commands.perCommand, engine.nowUs, engine.events, this.conns.openCount, recoveryUs);
  }

  /** A new run: every role back to its start, then the start-up events in a fixed order (it breaks same-instant ties). */
  private reset(p: ModelParams, r: RunResult, seed: number, replication: number, events: TraceEvent[] | null): void {
    const trace = events === null ? null : new TraceLog(events, this.engine, this.conns, this.cmds);
    this.engine.reset();
    this.latency.reset();
    this.conns.reset(Math.max(32, p.poolSize * 2 + 8));
    this.pool.reset(p, r, trace);
    this.server.reset(p, trace, this.rngDisconnects.reseed(seed, replication, Stream.disconnects));
    this.dialer.reset(p, r, trace);
    this.checkout.reset(p, r, trace, this.rngProbes.reseed(seed, replication, Stream.probes));
    this.exchange.reset(p, this.rngBackoff); // the init's inner retry loop sleeps like the command's
    this.commands.reset(p, r, trace, this.rngBackoff.reseed(seed, replication, Stream.backoff));
    this.workload.start(p.workload, this.rngWorkload.reseed(seed, replication, Stream.workload));
    this.pool.warmUp(p.warmupIdle);
    this.dialer.refillMinIdle(); // NewConnPool does the same
    this.server.scheduleDisconnects();
    this.healthCheck.start(p, r);
  }
}
