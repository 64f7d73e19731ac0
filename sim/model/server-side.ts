import { CONN_STATE_NAMES, ConnState, ErrorKind, Where } from "./codes.ts";
import { Phase } from "./commands.ts";
import { DialSide } from "./dial-side.ts";
import { E_IO_DONE, E_PROBE_DONE, E_DISCONNECT, E_SERVER_UP, E_KEEPALIVE_VERDICT, E_HEALTH_CHECK, P_SERVER, P_NETWORK, P_CLIENT, OK } from "./events.ts";

/**
 * What the server and the network do to connections: disconnects and down windows, Redis
 * `timeout`, middlebox idle drops, TCP keep-alive verdicts, and the background health check.
 */
export abstract class ServerSide extends DialSide {
  // ---- The server side and the network ----

  protected disconnect(index: number): void {
    const d = this.p.disconnects[index];
    const k = this.conns;
    const n = k.openCount;
    if (this.firstDisconnectAt < 0) this.firstDisconnectAt = this.now;
    const hits = d.fraction !== null ? Math.floor(d.fraction * n) : Math.min(d.count ?? 0, n);
    if (hits === n) {
      // Every open connection: no draw needed, so the disconnect stream is left untouched.
      for (let i = n - 1; i >= 0; i--) this.hit(k.openList[i], d.state);
    } else if (hits > 0) {
      // Candidates in dial order, so the choice does not depend on the open list's history.
      const ids = Array.from(k.openList.subarray(0, n)).sort((x, y) => k.id[x] - k.id[y]);
      for (let i = 0; i < hits; i++) {
        const j = this.rngDisconnects.int(i, n - 1);
        const pick = ids[j];
        ids[j] = ids[i];
        ids[i] = pick;
        this.hit(pick, d.state);
      }
    }
    if (d.serverDownUs > 0) {
      const until = this.now + d.serverDownUs;
      if (until > this.serverDownUntil) this.serverDownUntil = until;
      this.serverDownHangs = d.downHangs;
      this.downEpoch++;
      if (this.trace !== null) this.log("serverDown", -1, -1, String(d.serverDownUs));
      this.heap.push(until, P_SERVER, E_SERVER_UP, 0, 0);
    }
    if (d.everyUs > 0) {
      const next = this.now + d.everyUs;
      if (d.untilUs === 0 || next <= d.untilUs) this.heap.push(next, P_SERVER, E_DISCONNECT, index, 0);
    }
  }

  /** The server drops one connection. An attempt already waiting on it learns at once or never. */
  protected hit(conn: number, state: number): void {
    const k = this.conns;
    if (k.state[conn] !== ConnState.healthy) return; // a dead connection cannot die again
    k.state[conn] = state;
    if (this.trace !== null) this.log("connHit", conn, -1, CONN_STATE_NAMES[state]);
    if (k.where[conn] === Where.idle) {
      this.scheduleKeepAlive(conn);
      return;
    }
    const cmd = k.command[conn];
    const c = this.cmds;
    if (cmd < 0 || c.conn[cmd] !== conn) return;
    if (c.phase[cmd] === Phase.probe) {
      this.hitDuringPing(cmd, state);
      return;
    }
    if (c.phase[cmd] !== Phase.io || c.result[cmd] !== OK) return;
    if (state === ConnState.readonly) return; // the reply in flight was already on its way
    // The reply was on its way: a FIN or RST ends the read now; a silent loss leaves it to time out.
    // Before the init is done the command was not written yet, so it cannot run twice.
    if (this.now < c.initUntil[cmd]) c.failedInInit[cmd] = 1;
    else c.maybeExecuted[cmd] = 1;
    let at = this.now;
    if (state === ConnState.closed) c.result[cmd] = ErrorKind.eof;
    else if (state === ConnState.reset) c.result[cmd] = ErrorKind.reset;
    else {
      c.result[cmd] = ErrorKind.timeout;
      at = Math.max(at, c.opStartedAt[cmd] + this.p.readTimeoutUs);
    }
    this.heap.push(at, P_NETWORK, E_IO_DONE, cmd, ++c.gen[cmd]);
  }

  /** A PING on its way when the peer dropped the connection: EOF or RST now, else its timeout. */
  protected hitDuringPing(cmd: number, state: number): void {
    const c = this.cmds;
    if (c.result[cmd] === 1 || state === ConnState.readonly) return; // already dead, or a replica still answers PING
    c.result[cmd] = 1;
    const silent = state === ConnState.blackholed || state === ConnState.resetOnUse;
    const at = silent ? Math.max(this.now, c.opStartedAt[cmd] + this.p.pingTimeoutUs) : this.now;
    this.heap.push(at, P_NETWORK, E_PROBE_DONE, cmd, ++c.gen[cmd]);
  }

  /**
   * TCP keep-alive on an idle connection whose peer just went silent. Probes go out keepAliveIdle
   * after the last use, then every interval while answered; the first one after the peer went
   * silent is the first unanswered one. A reset-on-use peer answers it with an RST; a blackholed
   * one never answers, and the kernel fails the socket (ETIMEDOUT) count intervals later. Either
   * way a socket probe then sees it.
   */
  protected scheduleKeepAlive(conn: number): void {
    const p = this.p;
    const k = this.conns;
    if (p.keepAliveIdleUs === 0) return;
    const state = k.state[conn];
    if (state !== ConnState.blackholed && state !== ConnState.resetOnUse) return;
    const firstProbe = k.usedAt[conn] + p.keepAliveIdleUs;
    const nextProbe = this.now <= firstProbe ? firstProbe : firstProbe + Math.ceil((this.now - firstProbe) / p.keepAliveIntervalUs) * p.keepAliveIntervalUs;
    const at = state === ConnState.resetOnUse ? nextProbe : nextProbe + p.keepAliveCount * p.keepAliveIntervalUs;
    this.heap.push(at, P_SERVER, E_KEEPALIVE_VERDICT, conn, k.useGen[conn]);
  }

  protected keepAliveVerdict(conn: number, useGen: number): void {
    const k = this.conns;
    if (k.where[conn] !== Where.idle || k.useGen[conn] !== useGen) return;
    const state = k.state[conn];
    if (state === ConnState.blackholed) k.state[conn] = ConnState.timedOut;
    else if (state === ConnState.resetOnUse) k.state[conn] = ConnState.reset;
    else return;
    if (this.trace !== null) this.log("connHit", conn, -1, CONN_STATE_NAMES[k.state[conn]]);
  }

  /**
   * An idle spell ran long enough for the server (Redis `timeout`: FIN) or a middlebox (silent
   * drop) to act, unless the connection was used since.
   */
  protected idleSpellEnds(conn: number, useGen: number, state: number): void {
    const k = this.conns;
    if (k.where[conn] !== Where.idle || k.useGen[conn] !== useGen || k.state[conn] !== ConnState.healthy) return;
    k.state[conn] = state;
    if (this.trace !== null) this.log("connHit", conn, -1, CONN_STATE_NAMES[state]);
    this.scheduleKeepAlive(conn);
  }

  /**
   * Background health check (pgxpool checkHealth, Jedis evictor): closes idle connections past
   * their lifetime or idle time and, with healthCheckPing, any whose PING fails; then refills.
   */
  protected healthCheck(): void {
    const p = this.p;
    const k = this.conns;
    const doomed: number[] = [];
    this.idle.filter((conn) => {
      let drop = this.expired(conn);
      if (!drop && p.healthCheckPing) {
        const s = k.state[conn];
        drop = s !== ConnState.healthy && s !== ConnState.readonly;
        if (drop) this.r.healthCheckClosed++;
      }
      if (drop) doomed.push(conn);
      return !drop;
    });
    for (const conn of doomed) {
      this.idleLen--;
      this.removeConn(conn);
    }
    this.checkMinIdleConns();
    this.heap.push(this.now + p.healthCheckIntervalUs, P_CLIENT, E_HEALTH_CHECK, 0, 0);
  }
}
