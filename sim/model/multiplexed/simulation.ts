import { Engine, type Handler } from "../../engine/engine.ts";
import { createRng, Stream, type Rng } from "../../engine/rng.ts";
import type { CommandLog } from "../command-log.ts";
import { CommandTable } from "../command-table.ts";
import { LatencyRecorder } from "../latency.ts";
import type { ModelParams } from "../params.ts";
import { emptyResult, finishResult } from "../result-build.ts";
import type { RunResult } from "../result.ts";
import { Workload } from "../workload.ts";
import { MuxCommands } from "./commands.ts";
import { MUX_EVENT_PRIORITY, MuxEvent } from "./events.ts";
import { MuxSockets } from "./sockets.ts";
import { MuxTraceLog, type MuxTraceEvent } from "./trace.ts";

/**
 * One run of a multiplexed client (ioredis, node-redis): a few sockets shared by every command
 * instead of a pool. Same engine, workload, disconnects and result as the pooled Simulation, so
 * pooled and multiplexed profiles sit side by side in one sweep on the same seeds.
 */
export class MultiplexedSimulation {
  private readonly cmds = new CommandTable();
  private readonly latency = new LatencyRecorder();
  private readonly engine: Engine<MuxEvent>;
  private readonly sockets: MuxSockets;
  private readonly commands: MuxCommands;
  private readonly workload: Workload;
  private p!: ModelParams;
  private rngDisconnects!: Rng;
  private firstDisconnectAtUs = -1;

  constructor() {
    this.engine = new Engine({ handlers: this.handlers(), priorities: MUX_EVENT_PRIORITY });
    this.sockets = new MuxSockets(this.engine, this.cmds);
    this.commands = new MuxCommands(this.engine, this.cmds, this.latency);
    this.workload = new Workload(this.engine, this.cmds);
    this.sockets.link({ commands: this.commands });
    this.commands.link({ sockets: this.sockets, workload: this.workload });
    this.workload.link({ commands: this.commands });
  }

  private handlers(): Record<MuxEvent, Handler> {
    const current = (handle: (cmd: number) => void): Handler => (cmd, gen) => {
      if (this.cmds.gen[cmd] === gen) handle(cmd);
    };
    return {
      [MuxEvent.commandStart]: (cmd) => this.commands.start(cmd),
      [MuxEvent.arrival]: () => this.workload.arrival(),
      [MuxEvent.disconnect]: (index) => this.disconnect(index),
      [MuxEvent.serverUp]: () => {},
      [MuxEvent.reply]: current((cmd) => this.commands.reply(cmd)),
      [MuxEvent.commandTimeout]: current((cmd) => this.commands.timedOut(cmd)),
      [MuxEvent.connectDone]: (i, gen) => this.sockets.connectDone(i, gen),
      [MuxEvent.reconnectDue]: (i, gen) => this.sockets.reconnectDue(i, gen),
      [MuxEvent.lossNoticed]: (i, gen) => this.sockets.lossNoticed(i, gen),
      [MuxEvent.idleSpellEnded]: (i, gen) => this.sockets.idleSpellEnded(i, gen),
    } satisfies Record<MuxEvent, Handler>;
  }

  /**
   * Runs one replication. `trace`, when given, receives every step (for the teaching timeline);
   * `commandLog`, every finished command (for the per-event summary).
   */
  run(p: ModelParams, seed: number, replication: number, trace: MuxTraceEvent[] | null = null, commandLog: CommandLog | null = null): RunResult {
    const m = p.multiplexed;
    if (m === null) throw new Error("MultiplexedSimulation.run: the scenario is not multiplexed");
    this.workload.log = commandLog;
    commandLog?.reset();
    const r = emptyResult();
    this.p = p;
    this.engine.reset();
    this.latency.reset();
    this.firstDisconnectAtUs = -1;
    this.rngDisconnects = createRng(seed, replication, Stream.disconnects);
    const log = trace === null ? null : new MuxTraceLog(trace, this.engine, this.cmds);
    this.sockets.reset(p, m, r, createRng(seed, replication, Stream.backoff), log);
    this.commands.reset(p, m, r, log);
    this.workload.start(p.workload, createRng(seed, replication, Stream.workload));
    p.disconnects.forEach((d, i) => this.engine.schedule(MuxEvent.disconnect, d.atUs, i, 0));
    const status = this.engine.run({ eventsMax: p.eventsMax });
    if (status === "eventLimit") r.outcome = "eventLimit";
    const first = this.firstDisconnectAtUs;
    const last = this.commands.lastFailureAtUs;
    const recoveryUs = first >= 0 && last >= first ? last - first : 0;
    r.queueWaitMs = this.commands.queuedCommands > 0 ? this.commands.queueWaitSumUs / this.commands.queuedCommands / 1000 : 0;
    // A reconnection still under way when the last command ended is one the client makes too.
    r.reconnects += this.sockets.reconnecting();
    const open = this.sockets.openSockets().length;
    return finishResult(r, this.latency, this.commands.perCommand, this.engine.nowUs, this.engine.events, open, recoveryUs);
  }

  /** Disconnect `index` strikes ⌊f·n⌋ (or min(k, n)) of the n ready sockets, chosen uniformly (as the pooled Server does). */
  private disconnect(index: number): void {
    const d = this.p.disconnects[index];
    const nowUs = this.engine.nowUs;
    if (this.firstDisconnectAtUs < 0) this.firstDisconnectAtUs = nowUs;
    // The down window starts first: node-redis's immediate reconnect must meet the dead server.
    if (d.serverDownUs > 0) this.sockets.goDown(d.serverDownUs, d.downHangs);
    if (d.loadingUs > 0) this.sockets.load(d.serverDownUs, d.loadingUs, d.loadingEventsEveryUs, d.loadingStartsAfterUs);
    const ids = this.sockets.openSockets();
    const n = ids.length;
    const hits = d.fraction !== null ? Math.floor(d.fraction * n) : Math.min(d.count ?? 0, n);
    for (let i = 0; i < hits; i++) {
      // Every socket: no draw, so the disconnect stream is left untouched (as in Server.disconnect).
      const j = hits === n ? i : this.rngDisconnects.int(i, n - 1);
      const pick = ids[j];
      ids[j] = ids[i];
      ids[i] = pick;
      this.sockets.hit(pick, d.state);
    }
    if (d.everyUs > 0) {
      const next = nowUs + d.everyUs;
      if (d.untilUs === 0 || next <= d.untilUs) this.engine.schedule(MuxEvent.disconnect, next, index, 0);
    }
  }
}
