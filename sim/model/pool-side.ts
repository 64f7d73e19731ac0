import { assert } from "../engine/assert.ts";
import type { ProbeOutcome } from "../probes/index.ts";
import { CONN_STATE_NAMES, ConnState, ErrorKind, Where } from "./codes.ts";
import { Phase } from "./commands.ts";
import { E_TURN_GRANTED, E_PROBE_DONE, E_SERVER_IDLE_CLOSE, E_MIDDLEBOX_DROP, P_SERVER, P_NETWORK, P_CLIENT } from "./events.ts";
import { BadCheckout, RetryPolicy } from "./params.ts";
import { SimState } from "./sim-state.ts";

/**
 * Pool.Get, Put, Remove and the turn queue (go-redis internal/pool/pool.go): which idle
 * connection a command gets, what the checks on it cost, and where it goes afterwards.
 */
export abstract class PoolSide extends SimState {
  // ---- Pool.Get (internal/pool/pool.go) ----

  /** With a turn held: start a Get (the per-Get probe count starts over). */
  protected beginGet(cmd: number): void {
    const p = this.p;
    const c = this.cmds;
    c.checked[cmd] = 0;
    // database/sql: the last attempt uses alwaysNewConn.
    if (p.retryPolicy === RetryPolicy.freshLastAttempt && p.maxRetries > 0 && c.attempt[cmd] === p.maxRetries) {
      this.dialForCommand(cmd);
      return;
    }
    this.getConn(cmd);
  }

  /** Pop idle connections and check each; a connection that fails a check costs no retry. */
  protected getConn(cmd: number): void {
    const p = this.p;
    const c = this.cmds;
    while (this.idle.length > 0) {
      // v9.15+: at most getAttempts idle connections are tried, then Get dials.
      if (p.probesPerGetMax > 0 && c.checked[cmd] >= p.probesPerGetMax) break;
      const conn = this.popIdle();
      c.checked[cmd]++;
      if (this.expired(conn)) {
        this.closeConn(conn);
        if (p.onBadCheckout === BadCheckout.next) continue;
        return this.afterBadCheckout(cmd);
      }
      if (!this.probing) {
        this.conns.usedAt[conn] = this.now;
        this.handOut(cmd, conn);
        return;
      }
      const v = this.runProbe(conn);
      if (v.costUs > 0) {
        // A round-trip probe (PING): the connection is out of the pool until the answer.
        c.phase[cmd] = Phase.probe;
        c.conn[cmd] = conn;
        c.result[cmd] = v.dead ? 1 : 0;
        c.opStartedAt[cmd] = this.now;
        this.conns.where[conn] = Where.inUse;
        this.conns.command[conn] = cmd;
        this.heap.push(this.now + v.costUs, P_NETWORK, E_PROBE_DONE, cmd, ++c.gen[cmd]);
        return;
      }
      if (v.dead) {
        this.probeDiscard(conn);
        if (p.onBadCheckout === BadCheckout.next) continue;
        return this.afterBadCheckout(cmd);
      }
      this.conns.usedAt[conn] = this.now;
      this.handOut(cmd, conn);
      return;
    }
    this.dialForCommand(cmd);
  }

  protected probeDone(cmd: number): void {
    const conn = this.cmds.conn[cmd];
    this.cmds.conn[cmd] = -1;
    if (this.cmds.result[cmd] === 1) {
      this.probeDiscard(conn);
      if (this.p.onBadCheckout === BadCheckout.next) this.getConn(cmd);
      else this.afterBadCheckout(cmd);
      return;
    }
    this.conns.usedAt[conn] = this.now;
    this.handOut(cmd, conn);
  }

  /** redis-py reconnects the connection object it checked out; database/sql returns ErrBadConn. */
  protected afterBadCheckout(cmd: number): void {
    if (this.p.onBadCheckout === BadCheckout.redial) this.dialForCommand(cmd);
    else this.attemptFailed(cmd, ErrorKind.badConn, true);
  }

  protected popIdle(): number {
    const conn = this.p.fifo ? this.idle.popFront() : this.idle.popBack();
    this.idleLen--;
    this.checkMinIdleConns();
    return conn;
  }

  /**
   * isHealthyConn's first checks: max lifetime, then max idle time (≤ v9.14 keeps usedAt in whole
   * Unix seconds, so a connection looks idle up to 1 s longer); then a CMAP pool generation.
   */
  protected expired(conn: number): boolean {
    const p = this.p;
    const k = this.conns;
    if (p.maxLifetimeUs > 0 && this.now - k.createdAt[conn] >= p.maxLifetimeUs) {
      this.r.expiredDiscarded++;
      this.log("expiredDiscarded", conn, -1, "maxLifetime");
      return true;
    }
    if (p.maxIdleTimeUs > 0) {
      const res = p.idleClockResolutionUs;
      const usedAt = res > 0 ? Math.floor(k.usedAt[conn] / res) * res : k.usedAt[conn];
      if (this.now - usedAt >= p.maxIdleTimeUs) {
        this.r.expiredDiscarded++;
        this.log("expiredDiscarded", conn, -1, "maxIdleTime");
        return true;
      }
    }
    if (k.generation[conn] < this.poolGeneration) {
      this.r.perishedDiscarded++;
      this.log("expiredDiscarded", conn, -1, "perished");
      return true;
    }
    return false;
  }

  /** connCheck or a peer's probe; counts it and returns the shared verdict object. */
  protected runProbe(conn: number): ProbeOutcome {
    const s = this.subject;
    const p = this.p;
    s.state = this.conns.state[conn];
    s.tls = p.tls;
    s.idleUs = this.now - this.conns.usedAt[conn];
    s.pendingBytes = this.probe.readsPendingBytes && this.rngProbes.chance(p.pendingBytesProbability);
    this.probe.check(s, this.verdict);
    if (this.verdict.ran) this.r.probes++;
    return this.verdict;
  }

  protected probeDiscard(conn: number): void {
    const state = this.conns.state[conn];
    this.r.probesCaught++;
    if (state === ConnState.healthy || state === ConnState.readonly) this.r.needlessCloses++;
    if (this.trace !== null) this.log("probeDiscarded", conn, -1, CONN_STATE_NAMES[state]);
    this.closeConn(conn);
  }

  protected handOut(cmd: number, conn: number): void {
    const k = this.conns;
    k.where[conn] = Where.inUse;
    k.command[conn] = cmd;
    k.useGen[conn]++;
    this.cmds.conn[cmd] = conn;
    const state = k.state[conn];
    if (state !== ConnState.healthy) {
      const s = this.r.staleHandedOut;
      if (state === ConnState.closed) s.closed++;
      else if (state === ConnState.reset || state === ConnState.timedOut) s.reset++;
      else if (state === ConnState.resetOnUse) s.resetOnUse++;
      else if (state === ConnState.blackholed) s.blackholed++;
      else s.readonly++;
    }
    if (this.trace !== null) this.log("connTaken", conn, cmd, CONN_STATE_NAMES[state]);
    this.startIo(cmd, conn);
  }


  /** MongoDB CMAP clear(): bump the generation; older connections perish at checkout/check-in. */
  protected clearPool(): void {
    this.poolGeneration++;
    this.r.poolClears++;
    this.log("poolCleared");
  }

  // ---- Put/Remove/CloseConn and turns ----

  protected putConn(conn: number): void {
    const p = this.p;
    if (!this.conns.pooled[conn] || this.conns.generation[conn] < this.poolGeneration) {
      if (this.conns.generation[conn] < this.poolGeneration) this.r.perishedDiscarded++;
      this.removeConn(conn);
    } else if (p.maxIdle === 0 || this.idleLen < p.maxIdle) {
      this.idleLen++;
      this.toIdle(conn);
      if (this.trace !== null) this.log("connReturned", conn, this.conns.command[conn]);
    } else {
      this.removeConn(conn);
    }
    this.freeTurn();
  }

  /** Into the idle list; the idle spell's server-side timers start (Redis timeout, middlebox). */
  protected toIdle(conn: number): void {
    const p = this.p;
    const k = this.conns;
    k.where[conn] = Where.idle;
    this.idle.push(conn);
    if (p.serverIdleTimeoutUs > 0) this.heap.push(this.now + p.serverIdleTimeoutUs, P_SERVER, E_SERVER_IDLE_CLOSE, conn, k.useGen[conn]);
    if (p.middleboxDropUs > 0) this.heap.push(this.now + p.middleboxDropUs, P_SERVER, E_MIDDLEBOX_DROP, conn, k.useGen[conn]);
  }

  /** CloseConn from Get: removed and closed; the caller keeps its turn. */
  protected closeConn(conn: number): void {
    this.removeConn(conn);
  }

  protected removeConn(conn: number): void {
    const k = this.conns;
    if (this.trace !== null) this.log("connClosed", conn, -1, CONN_STATE_NAMES[k.state[conn]]);
    k.close(conn);
    this.r.connections.closed++;
    if (k.pooled[conn]) {
      this.poolSize--;
      this.checkMinIdleConns();
    }
  }

  protected freeTurn(): void {
    // Go hands a freed buffered-channel slot to the longest-waiting sender (runtime sendq is FIFO).
    const c = this.cmds;
    while (this.waiters.length > 0) {
      const cmd = this.waiters.popFront();
      const gen = this.waiters.popFront();
      if (c.gen[cmd] !== gen) continue; // that wait timed out already
      c.phase[cmd] = Phase.dial;
      this.heap.push(this.now, P_CLIENT, E_TURN_GRANTED, cmd, ++c.gen[cmd]);
      return;
    }
    this.turnsUsed--;
    assert(this.turnsUsed >= 0, "freed a pool turn nobody held");
  }
}
