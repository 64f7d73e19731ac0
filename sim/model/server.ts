import type { Engine } from "../engine/engine.ts";
import type { Rng } from "../engine/rng.ts";
import { ConnState as ConnStates, Where as WhereCodes } from "./codes.ts";
import type { ConnectionTable } from "./connection-table.ts";
import { EventKind as Kinds } from "./events.ts";
import type { Exchange } from "./exchange.ts";
import { LoadingWindow } from "./loading-serve.ts";
import type { ModelParams } from "./params.ts";
import type { TraceLog } from "./trace-log.ts";

// Module-local copies of imported constants (see pool.ts).
const Ev = Kinds;
const ConnState = ConnStates;
const Where = WhereCodes;

/**
 * What the server and the network do to connections: disconnects and down windows (with an epoch
 * per crash, so a dial that spans one fails), Redis `timeout` on idle connections, a middlebox
 * that forgets idle flows, and TCP keep-alive verdicts on silent peers. It changes connection
 * states; the exchange in flight on a hit connection learns of it through Exchange.connectionLost.
 */
export class Server {
  /** The server refuses (or blackholes) dials until this time, µs. */
  downUntilUs = 0;
  /** While down, dials hang until dialTimeout rather than being refused. */
  downHangs = false;
  /** Counts server-down starts: a dial that spans one fails, since its handshake met the crash. */
  downEpoch = 0;
  /** A restart's load: LOADING replies, and requests read only at its serve points. */
  readonly loading = new LoadingWindow();
  /** Time of the first disconnect, µs, or −1 before it. */
  firstDisconnectAtUs = -1;
  private rng!: Rng;
  private p!: ModelParams;
  private trace: TraceLog | null = null;
  private exchange!: Exchange;

  constructor(
    private readonly engine: Engine<number>,
    private readonly conns: ConnectionTable,
  ) {}

  link(roles: { exchange: Exchange }): void {
    this.exchange = roles.exchange;
  }

  reset(p: ModelParams, trace: TraceLog | null, rngDisconnects: Rng): void {
    this.p = p;
    this.trace = trace;
    this.rng = rngDisconnects;
    this.downUntilUs = 0;
    this.downHangs = false;
    this.downEpoch = 0;
    this.loading.reset();
    this.firstDisconnectAtUs = -1;
  }

  /** Puts the scenario's disconnects on the calendar. */
  scheduleDisconnects(): void {
    this.p.disconnects.forEach((d, i) => this.engine.schedule(Ev.disconnect, d.atUs, i, 0));
  }

  /** Disconnect `index` strikes: ⌊f·n⌋ (or min(k, n)) of the n open connections, chosen uniformly. */
  disconnect(index: number): void {
    const d = this.p.disconnects[index];
    const k = this.conns;
    const n = k.openCount;
    const nowUs = this.engine.nowUs;
    if (this.firstDisconnectAtUs < 0) this.firstDisconnectAtUs = nowUs;
    const hits = d.fraction !== null ? Math.floor(d.fraction * n) : Math.min(d.count ?? 0, n);
    if (hits === n) {
      // Every open connection: no draw needed, so the disconnect stream is left untouched.
      for (let i = n - 1; i >= 0; i--) this.hit(k.openList[i], d.state);
    } else if (hits > 0) {
      // Candidates in dial order, so the choice does not depend on the open list's history.
      const ids = Array.from(k.openList.subarray(0, n)).sort((x, y) => k.id[x] - k.id[y]);
      for (let i = 0; i < hits; i++) {
        const j = this.rng.int(i, n - 1);
        const pick = ids[j];
        ids[j] = ids[i];
        ids[i] = pick;
        this.hit(pick, d.state);
      }
    }
    if (d.serverDownUs > 0) this.goDown(d.serverDownUs, d.downHangs);
    if (d.loadingUs > 0) this.loading.begin(nowUs + d.serverDownUs, d.loadingUs, d.loadingEventsEveryUs, d.loadingStartsAfterUs);
    if (d.everyUs > 0) {
      const next = nowUs + d.everyUs;
      if (d.untilUs === 0 || next <= d.untilUs) this.engine.schedule(Ev.disconnect, next, index, 0);
    }
  }

  /**
   * `rounds` request–reply round trips in a row from `atUs` on a loading server: each request is
   * read at the server's next serve point. Returns when the last reply arrives and when its request
   * was read (LOADING if before the load's end).
   */
  loadingRounds(atUs: number, rounds: number): { doneUs: number; servedUs: number } {
    let doneUs = atUs;
    let servedUs = atUs;
    for (let k = 0; k < rounds; k++) {
      servedUs = this.loading.servedAtUs(doneUs);
      doneUs = servedUs + this.p.rttUs;
    }
    return { doneUs, servedUs };
  }

  private goDown(downUs: number, hangs: boolean): void {
    const untilUs = this.engine.nowUs + downUs;
    if (untilUs > this.downUntilUs) this.downUntilUs = untilUs;
    this.downHangs = hangs;
    this.downEpoch++;
    if (this.trace !== null) this.trace.serverDown(downUs);
    this.engine.schedule(Ev.serverUp, untilUs, 0, 0);
  }

  /** A down window may have ended (a later crash may have extended it). */
  serverUp(): void {
    if (this.engine.nowUs >= this.downUntilUs && this.trace !== null) this.trace.plain("serverUp");
  }

  /** The server drops one connection. An exchange already waiting on it learns at once or never. */
  private hit(conn: number, state: number): void {
    const k = this.conns;
    if (k.state[conn] !== ConnState.healthy) return; // a dead connection cannot die again
    k.state[conn] = state;
    if (this.trace !== null) this.trace.conn("connHit", conn);
    if (k.where[conn] === Where.idle) this.scheduleKeepAlive(conn);
    else this.exchange.connectionLost(conn, state);
  }

  /** The pool put a connection in its idle list: the server's and the middlebox's idle timers start. */
  idleSpellStarted(conn: number): void {
    const p = this.p;
    const atUs = this.engine.nowUs;
    const useGen = this.conns.useGen[conn];
    if (p.serverIdleTimeoutUs > 0) this.engine.schedule(Ev.serverIdleClose, atUs + p.serverIdleTimeoutUs, conn, useGen);
    if (p.middleboxDropUs > 0) this.engine.schedule(Ev.middleboxDrop, atUs + p.middleboxDropUs, conn, useGen);
  }

  /**
   * An idle spell ran long enough for the server (Redis `timeout`: FIN) or a middlebox (silent
   * drop) to act, unless the connection was used since.
   */
  idleSpellEnded(conn: number, useGen: number, state: number): void {
    const k = this.conns;
    if (k.where[conn] !== Where.idle || k.useGen[conn] !== useGen || k.state[conn] !== ConnState.healthy) return;
    k.state[conn] = state;
    if (this.trace !== null) this.trace.conn("connHit", conn);
    this.scheduleKeepAlive(conn);
  }

  /**
   * TCP keep-alive on an idle connection whose peer just went silent. Probes go out keepAliveIdle
   * after the last use, then every interval while answered; the first one after the peer went
   * silent is the first unanswered one. A reset-on-use peer answers it with an RST; a blackholed
   * one never answers, and the kernel fails the socket (ETIMEDOUT) count intervals later. Either
   * way a socket probe then sees it.
   */
  private scheduleKeepAlive(conn: number): void {
    const p = this.p;
    const k = this.conns;
    if (p.keepAliveIdleUs === 0) return;
    const state = k.state[conn];
    if (state !== ConnState.blackholed && state !== ConnState.resetOnUse) return;
    const nowUs = this.engine.nowUs;
    const firstProbeUs = k.usedAtUs[conn] + p.keepAliveIdleUs;
    const nextProbeUs = nowUs <= firstProbeUs ? firstProbeUs : firstProbeUs + Math.ceil((nowUs - firstProbeUs) / p.keepAliveIntervalUs) * p.keepAliveIntervalUs;
    const atUs = state === ConnState.resetOnUse ? nextProbeUs : nextProbeUs + p.keepAliveCount * p.keepAliveIntervalUs;
    this.engine.schedule(Ev.keepAliveVerdict, atUs, conn, k.useGen[conn]);
  }

  keepAliveVerdict(conn: number, useGen: number): void {
    const k = this.conns;
    if (k.where[conn] !== Where.idle || k.useGen[conn] !== useGen) return;
    const state = k.state[conn];
    if (state === ConnState.blackholed) k.state[conn] = ConnState.timedOut;
    else if (state === ConnState.resetOnUse) k.state[conn] = ConnState.reset;
    else return;
    if (this.trace !== null) this.trace.conn("connHit", conn);
  }
}
