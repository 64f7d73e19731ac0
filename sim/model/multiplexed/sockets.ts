import type { Engine } from "../../engine/engine.ts";
import type { Rng } from "../../engine/rng.ts";
import { ConnState as ConnStates, ErrorKind as ErrorKinds, OK } from "../codes.ts";
import type { CommandTable } from "../command-table.ts";
import type { ModelParams } from "../params.ts";
import type { RunResult } from "../result.ts";
import { MuxFailure, type MuxCommands } from "./commands.ts";
import { MuxEvent, TCP_RETRANSMIT_GIVE_UP_US, TCP_RTO_MIN_US } from "./events.ts";
import type { MuxParams } from "./params.ts";
import { LoadingWindow } from "../loading-serve.ts";
import { loadingEtaSeconds, readyCheckRetryUs } from "./loading.ts";
import { reconnectDelayUs, reconnectsAtOnce } from "./reconnect.ts";
import { MuxSocket, SocketPhase } from "./socket.ts";
import type { MuxTraceLog } from "./trace.ts";

const ConnState = ConnStates;
const ErrorKind = ErrorKinds;

/**
 * The multiplexed client's sockets and what happens to them: the client notices a FIN or RST at
 * once (Node reads every socket all the time), a silent peer only through keep-alive, TCP
 * retransmissions or an RST drawn by a write; then it reconnects by its own strategy, re-sends or
 * fails what was in flight, and applies ioredis's maxRetriesPerRequest to what waits.
 */
export class MuxSockets {
  private readonly sockets: MuxSocket[] = [];
  private p!: ModelParams;
  private m!: MuxParams;
  private r!: RunResult;
  private rng!: Rng;
  private downUntilUs = 0;
  private downHangs = false;
  private downEpoch = 0;
  /** A restart's load, after its down window (as the pooled Server's). */
  readonly loading = new LoadingWindow();
  /** Where in its wall-clock second the load began, µs (Redis counts loading time in whole seconds). */
  private loadingPhaseUs = 0;
  /** The down epoch at each socket's current connection attempt. */
  private attemptEpoch: number[] = [];
  private commands!: MuxCommands;
  private trace: MuxTraceLog | null = null;

  constructor(
    private readonly engine: Engine<number>,
    private readonly cmds: CommandTable,
  ) {}

  link(roles: { commands: MuxCommands }): void {
    this.commands = roles.commands;
  }

  /** Every socket connected and idle at time 0, as after warm-up. */
  reset(p: ModelParams, m: MuxParams, r: RunResult, rngReconnect: Rng, trace: MuxTraceLog | null = null): void {
    this.trace = trace;
    this.p = p;
    this.m = m;
    this.r = r;
    this.rng = rngReconnect;
    this.downUntilUs = 0;
    this.downHangs = false;
    this.downEpoch = 0;
    this.loading.reset();
    this.loadingPhaseUs = 0;
    while (this.sockets.length < m.connections) this.sockets.push(new MuxSocket());
    this.sockets.length = m.connections;
    for (const s of this.sockets) s.reset();
    // Connected at time 0, as a pool's warm-up connections are: counted opened, not dialled.
    r.connections.opened = r.connections.maxOpen = m.connections;
    this.attemptEpoch = this.sockets.map(() => 0);
    for (const s of this.sockets) this.idleSpellStarted(s);
  }

  get(i: number): MuxSocket {
    return this.sockets[i];
  }

  /** Socket `s`'s index (for the trace). */
  indexOf(s: MuxSocket): number {
    return this.sockets.indexOf(s);
  }

  /** Sockets with a connection the server could act on. */
  /** A socket became ready again: RunResult.connections counts it as pooled connections are counted. */
  private countOpened(): void {
    const c = this.r.connections;
    c.opened++;
    let ready = 0;
    for (const s of this.sockets) if (s.phase === SocketPhase.ready) ready++;
    if (ready > c.maxOpen) c.maxOpen = ready;
  }

  openSockets(): number[] {
    const open: number[] = [];
    this.sockets.forEach((s, i) => {
      if (s.phase === SocketPhase.ready) open.push(i);
    });
    return open;
  }

  /** Sockets waiting for or making a reconnection attempt. */
  reconnecting(): number {
    return this.sockets.filter((s) => s.phase === SocketPhase.waiting || s.phase === SocketPhase.connecting).length;
  }

  isReadonly(s: MuxSocket): boolean {
    return s.conn === ConnState.readonly;
  }

  /** The server crashed for `downUs`: attempts are refused (or hang, blackholed) until it is back. */
  goDown(downUs: number, hangs: boolean): void {
    const untilUs = this.engine.nowUs + downUs;
    if (untilUs > this.downUntilUs) this.downUntilUs = untilUs;
    this.downHangs = hangs;
    this.downEpoch++;
    this.trace?.serverDown(downUs);
  }

  /**
   * After the down window (if any) the server loads its dataset for `loadingUs`: it accepts
   * connections and runs the handshake but answers commands with LOADING (as the pooled Server).
   */
  load(downUs: number, loadingUs: number, everyUs: number, startsAfterUs: number): void {
    this.loading.begin(this.engine.nowUs + downUs, loadingUs, everyUs, startsAfterUs);
    // Only a ready check reads the wall clock's phase: no draw otherwise, so other streams' runs stay as they were.
    if (this.m.readyCheck) this.loadingPhaseUs = Math.floor(this.rng.next() * 1e6);
  }

  /**
   * Socket `s` has nothing in flight: the server's idle timer (Redis `timeout`, counted from the
   * client's last interaction: clientsCronHandleTimeout, src/server.c up to 5.0, src/timeout.c from
   * 6.0 (7.0.15 line 57)) and a middlebox's start. Redis compares whole seconds (now_ms/1000 −
   * lastinteraction > maxidletime) from clientsCron, so it closes up to ~1 s later than `timeout`
   * (plus the cron's visit); the model closes at `timeout` exactly. Keep-alive
   * probes keep the middlebox's flow only when they come sooner (compile.ts middleboxDropUs), as in the pool.
   */
  idleSpellStarted(s: MuxSocket): void {
    const p = this.p;
    if (p.serverIdleTimeoutUs === 0 && p.middleboxDropUs === 0) return;
    const nowUs = this.engine.nowUs;
    s.idleGen++;
    s.idleSinceUs = nowUs;
    const i = this.sockets.indexOf(s);
    if (p.serverIdleTimeoutUs > 0) this.engine.schedule(MuxEvent.idleSpellEnded, nowUs + p.serverIdleTimeoutUs, i, s.idleGen);
    if (p.middleboxDropUs > 0) this.engine.schedule(MuxEvent.idleSpellEnded, nowUs + p.middleboxDropUs, i, s.idleGen);
  }

  /** An idle spell lasted long enough: Redis closes the connection (FIN), or the middlebox drops the flow silently. */
  idleSpellEnded(i: number, idleGen: number): void {
    const s = this.sockets[i];
    if (s.idleGen !== idleGen || s.inflight.length > 0) return;
    const idleUs = this.engine.nowUs - s.idleSinceUs;
    const p = this.p;
    if (p.serverIdleTimeoutUs > 0 && idleUs >= p.serverIdleTimeoutUs) this.hit(i, ConnState.closed);
    else if (p.middleboxDropUs > 0 && idleUs >= p.middleboxDropUs) this.hit(i, ConnState.blackholed);
  }

  /** A command went onto socket `s`: when its reply comes, or how the dead connection shows. */
  wrote(s: MuxSocket, cmd: number): void {
    const nowUs = this.engine.nowUs;
    s.idleGen++;
    const state = s.conn;
    if (state === ConnState.healthy || state === ConnState.readonly) {
      this.engine.schedule(MuxEvent.reply, this.loading.servedAtUs(nowUs) + this.p.rttUs, cmd, this.cmds.gen[cmd]);
    } else if (state === ConnState.resetOnUse) {
      this.noticeAt(s, nowUs + this.p.rttUs); // the forgotten peer answers the write with an RST
    } else if (state === ConnState.blackholed) {
      this.noticeAt(s, nowUs + TCP_RETRANSMIT_GIVE_UP_US);
    }
  }

  /** The server does `state` to socket i's connection. */
  hit(i: number, state: number): void {
    const s = this.sockets[i];
    if (s.phase !== SocketPhase.ready || s.conn !== ConnState.healthy) return;
    const nowUs = this.engine.nowUs;
    this.trace?.socketHit(i, state);
    if (state === ConnState.closed) return this.lose(i, ErrorKind.eof, true);
    if (state === ConnState.reset) return this.lose(i, ErrorKind.reset, true);
    s.conn = state;
    // A silent peer sends nothing more: replies already on their way are lost with it.
    if (state !== ConnState.readonly) s.gen++;
    const busy = s.inflight.length > 0;
    if (state === ConnState.resetOnUse) {
      // Unacknowledged data is retransmitted and draws the RST; an idle socket waits for keep-alive.
      if (busy) this.noticeAt(s, nowUs + Math.max(this.p.rttUs, TCP_RTO_MIN_US));
      else this.noticeByKeepAlive(s, 0);
    } else if (state === ConnState.blackholed) {
      if (busy) this.noticeAt(s, nowUs + TCP_RETRANSMIT_GIVE_UP_US);
      else this.noticeByKeepAlive(s, this.p.keepAliveCount);
    }
  }

  /** Keep-alive probes start keepAliveIdle after the last data; the verdict comes `count` intervals after the first unanswered one. */
  private noticeByKeepAlive(s: MuxSocket, count: number): void {
    const p = this.p;
    if (p.keepAliveIdleUs === 0) return;
    const nowUs = this.engine.nowUs;
    const firstUs = s.lastRecvUs + p.keepAliveIdleUs;
    const nextUs = nowUs <= firstUs ? firstUs : firstUs + Math.ceil((nowUs - firstUs) / p.keepAliveIntervalUs) * p.keepAliveIntervalUs;
    this.noticeAt(s, nextUs + count * p.keepAliveIntervalUs);
  }

  /** Schedules the client's discovery of a silent death, keeping the earliest. */
  private noticeAt(s: MuxSocket, atUs: number): void {
    if (s.lossAtUs <= atUs) return;
    s.lossAtUs = atUs;
    this.engine.schedule(MuxEvent.lossNoticed, atUs, this.sockets.indexOf(s), s.gen);
  }

  /** The kernel tells the client: an RST (reset-on-use) or ETIMEDOUT (blackholed). */
  lossNoticed(i: number, gen: number): void {
    const s = this.sockets[i];
    if (s.gen !== gen || s.phase !== SocketPhase.ready || this.engine.nowUs !== s.lossAtUs) return;
    this.lose(i, s.conn === ConnState.resetOnUse ? ErrorKind.reset : ErrorKind.timeout, false);
  }

  /**
   * The client saw socket i drop. In-flight commands are re-sent later (ioredis) or fail with the
   * socket's error (node-redis: flushWaitingForReply). `mayHaveRun`: the server may have executed them.
   */
  lose(i: number, kind: number, mayHaveRun: boolean): void {
    const s = this.sockets[i];
    if (s.phase === SocketPhase.ready) this.r.connections.closed++;
    s.gen++;
    s.lossAtUs = Infinity;
    s.connectedSinceLoss = false;
    const inflight = s.inflight.splice(0);
    this.trace?.socketLost(i, kind, inflight.length);
    if (this.m.resend) {
      for (const cmd of inflight) {
        if (mayHaveRun) this.cmds.maybeExecuted[cmd] = 1;
        s.resend.push(cmd);
        this.trace?.unanswered(cmd, i);
      }
    } else {
      for (const cmd of inflight) this.commands.fail(cmd, kind);
    }
    if (reconnectsAtOnce(this.m.reconnect)) {
      s.attempts = 0;
      this.attempt(i);
    } else {
      this.closed(i);
    }
  }

  /** ioredis closeHandler: count the attempt, schedule the next, and flush at the per-request limit. */
  private closed(i: number): void {
    const s = this.sockets[i];
    s.attempts++;
    const delayUs = reconnectDelayUs(this.m.reconnect, s.attempts, this.rng);
    if (delayUs < 0) return this.end(i);
    s.phase = SocketPhase.waiting;
    this.engine.schedule(MuxEvent.reconnectDue, this.engine.nowUs + delayUs, i, s.gen);
    this.trace?.reconnectScheduled(i, s.attempts, delayUs);
    const limit = this.m.maxRetriesPerRequest;
    if (limit >= 0 && s.attempts % (limit + 1) === 0) {
      this.commands.failAll(s.offline, MuxFailure.retryLimit);
      // Until a TCP connect resets ioredis's command queue, the in-flight commands are that same queue.
      if (!s.connectedSinceLoss) this.commands.failAll(s.resend, MuxFailure.retryLimit);
    }
  }

  /** A reconnection attempt failed: ioredis treats it as another close; node-redis waits strategy(retries++). */
  private attemptFailed(i: number): void {
    const s = this.sockets[i];
    if (!reconnectsAtOnce(this.m.reconnect)) return this.closed(i);
    const delayUs = reconnectDelayUs(this.m.reconnect, s.attempts++, this.rng);
    s.phase = SocketPhase.waiting;
    this.engine.schedule(MuxEvent.reconnectDue, this.engine.nowUs + delayUs, i, s.gen);
    this.trace?.reconnectScheduled(i, s.attempts, delayUs);
  }

  reconnectDue(i: number, gen: number): void {
    if (this.sockets[i].gen === gen) this.attempt(i);
  }

  /** One connection attempt: refused or hanging while the server is down, else connected after dial and init. */
  private attempt(i: number): void {
    const s = this.sockets[i];
    const p = this.p;
    const nowUs = this.engine.nowUs;
    s.gen++;
    s.phase = SocketPhase.connecting;
    this.r.dials++;
    this.attemptEpoch[i] = this.downEpoch;
    this.trace?.socket("connectStart", i);
    let doneUs: number;
    if (nowUs < this.downUntilUs) {
      s.connectOutcome = this.downHangs ? ErrorKind.dialTimeout : ErrorKind.dialRefused;
      doneUs = this.downHangs ? nowUs + p.dialTimeoutUs : nowUs + p.rttUs + this.m.failedAttemptUs;
    } else if (p.dialTimeUs + p.initUs > p.dialTimeoutUs) {
      s.connectOutcome = ErrorKind.dialTimeout;
      doneUs = nowUs + p.dialTimeoutUs;
    } else {
      s.connectOutcome = OK;
      doneUs = nowUs + p.dialTimeUs + p.initUs;
    }
    this.engine.schedule(MuxEvent.connectDone, doneUs, i, s.gen);
  }

  connectDone(i: number, gen: number): void {
    const s = this.sockets[i];
    if (s.gen !== gen) return;
    // A crash during the attempt fails it: its handshake met the dead server.
    const outcome = this.attemptEpoch[i] !== this.downEpoch ? ErrorKind.dialRefused : s.connectOutcome;
    if (outcome !== OK) {
      this.r.dialFailures++;
      this.trace?.connectFailed(i, outcome);
      return this.attemptFailed(i);
    }
    if (this.m.readyCheck && this.engine.nowUs < this.loading.untilUs) {
      // The INFO waits for the loading server's next serve point; its reply is read there (connectDone again).
      const servedUs = this.loading.servedAtUs(this.engine.nowUs);
      if (servedUs > this.engine.nowUs) return this.engine.schedule(MuxEvent.connectDone, servedUs, i, s.gen);
      return this.readyCheckLater(i);
    }
    s.phase = SocketPhase.ready;
    s.conn = ConnState.healthy;
    s.attempts = 0;
    s.connectedSinceLoss = true;
    s.lastRecvUs = this.engine.nowUs;
    this.r.reconnects++;
    this.countOpened();
    this.trace?.socket("socketReady", i);
    this.commands.drain(s);
    if (s.inflight.length === 0) this.idleSpellStarted(s);
  }

  /**
   * ioredis _readyCheck: INFO said loading:1, so ask again after loading_eta_seconds (capped at
   * maxLoadingRetryTime); the answer comes a round trip later (or at the next serve point), and
   * connectDone looks again. The ETA is Redis's at the moment it answers: the progress it recorded
   * there (loadingAbsProgress runs just before processEventsWhileBlocked).
   * The socket stays connecting: commands keep waiting in the offline queue.
   */
  private readyCheckLater(i: number): void {
    const s = this.sockets[i];
    const nowUs = this.engine.nowUs;
    const etaS = loadingEtaSeconds(nowUs, this.loading.startUs, this.loading.untilUs, this.loadingPhaseUs);
    const waitUs = readyCheckRetryUs(etaS, this.m.maxLoadingRetryUs);
    this.engine.schedule(MuxEvent.connectDone, nowUs + waitUs + this.p.rttUs, i, s.gen);
  }

  /** The strategy gave up: everything waiting fails with the last error (ioredis "Connection is closed"). */
  private end(i: number): void {
    const s = this.sockets[i];
    s.phase = SocketPhase.ended;
    this.trace?.socket("socketEnded", i);
    this.commands.failAll(s.resend, MuxFailure.closed);
    this.commands.failAll(s.offline, MuxFailure.closed);
  }
}
