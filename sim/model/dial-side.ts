import { ERROR_KIND_NAMES, ErrorKind } from "./codes.ts";
import { Phase } from "./commands.ts";
import { planDial } from "./dial-plan.ts";
import { E_DIAL_DONE, E_BACKGROUND_DIAL_DONE, E_BREAKER_DIAL_DONE, E_BREAKER_REDIAL, P_NETWORK, P_CLIENT, BREAKER_REDIAL_US, OK, REJECTED } from "./events.ts";
import { PoolSide } from "./pool-side.ts";

/**
 * Opening connections (go-redis newConn, dialConn, tryDial, checkMinIdleConns/addIdleConn): dials
 * for commands, MinIdleConns refills, and the dial breaker.
 */
export abstract class DialSide extends PoolSide {
  // ---- Dialing (newConn/dialConn/tryDial) ----

  protected dialForCommand(cmd: number): void {
    const c = this.cmds;
    const gen = ++c.gen[cmd];
    c.phase[cmd] = Phase.dial;
    if (this.dialErrors >= this.p.poolSize) {
      // The breaker is open: dialConn returns the last dial error without dialing.
      this.r.breakerRejections++;
      c.result[cmd] = this.lastDialError | REJECTED;
      this.heap.push(this.now, P_NETWORK, E_DIAL_DONE, cmd, gen);
      return;
    }
    this.r.dials++;
    this.log("connDialStart", -1, cmd);
    planDial(this.now, this.p, this.serverDownUntil, this.serverDownHangs, this.dial);
    c.result[cmd] = this.dial.result;
    c.dialEpoch[cmd] = this.downEpoch;
    c.opStartedAt[cmd] = this.now;
    this.heap.push(this.now + this.dial.costUs, P_NETWORK, E_DIAL_DONE, cmd, gen);
  }

  protected dialDone(cmd: number): void {
    const c = this.cmds;
    let result = c.result[cmd];
    if (result === OK && c.dialEpoch[cmd] !== this.downEpoch) {
      // The server went down during the handshake: refused, or hanging until dialTimeout.
      if (this.serverDownHangs) {
        c.result[cmd] = ErrorKind.dialTimeout;
        c.dialEpoch[cmd] = this.downEpoch;
        const at = Math.max(this.now, c.opStartedAt[cmd] + this.p.dialTimeoutUs);
        this.heap.push(at, P_NETWORK, E_DIAL_DONE, cmd, ++c.gen[cmd]);
        return;
      }
      result = ErrorKind.dialRefused;
    }
    if (result !== OK) {
      const error = result & ~REJECTED;
      if (error === result) {
        this.dialFailed(error); // a dial was made and failed
        // SDAM: a network error or timeout while establishing a connection clears the pool too.
        if (this.p.clearOnError) this.clearPool();
      }
      this.attemptFailed(cmd, error, true);
      return;
    }
    // newConn: a connection dialed while the pool is full is not pooled and is closed on Put.
    let pooled = false;
    if (this.poolSize < this.p.poolSize) {
      this.poolSize++;
      pooled = true;
    }
    const conn = this.openConn(pooled, false);
    this.log("connDialed", conn, cmd);
    this.handOut(cmd, conn);
  }

  /** A dial failed: count it toward the breaker; the PoolSize-th since it last closed starts tryDial. */
  protected dialFailed(error: number): void {
    this.r.dialFailures++;
    this.lastDialError = error;
    if (this.trace !== null) this.log("dialFailed", -1, -1, ERROR_KIND_NAMES[error]);
    if (++this.dialErrors === this.p.poolSize) {
      this.log("breakerOpen");
      this.breakerDial();
    }
  }

  /** tryDial: dial at once; after a failure sleep 1 s and dial again; a success resets the count. */
  protected breakerDial(): void {
    this.r.dials++;
    planDial(this.now, this.p, this.serverDownUntil, this.serverDownHangs, this.dial);
    this.heap.push(this.now + this.dial.costUs, P_NETWORK, E_BREAKER_DIAL_DONE, this.dial.result, this.downEpoch);
  }

  protected breakerDialDone(result: number, epoch: number): void {
    if (result === OK && epoch !== this.downEpoch) result = this.serverDownHangs ? ErrorKind.dialTimeout : ErrorKind.dialRefused;
    if (result === OK) {
      this.dialErrors = 0;
      this.log("breakerClosed");
      return;
    }
    this.r.dialFailures++;
    this.lastDialError = result;
    this.heap.push(this.now + BREAKER_REDIAL_US, P_CLIENT, E_BREAKER_REDIAL, 0, 0);
  }

  // ---- MinIdleConns (checkMinIdleConns/addIdleConn) ----

  protected checkMinIdleConns(): void {
    const p = this.p;
    if (p.minIdle === 0) return;
    while (this.poolSize < p.poolSize && this.idleLen < p.minIdle) {
      if (this.turnsUsed >= p.poolSize) return; // the non-blocking send on the turn queue failed
      this.turnsUsed++;
      this.poolSize++;
      this.idleLen++;
      // Reported as an event even when the breaker refuses at once: go-redis runs it in a goroutine.
      if (this.dialErrors >= p.poolSize) {
        this.r.breakerRejections++;
        this.heap.push(this.now, P_NETWORK, E_BACKGROUND_DIAL_DONE, this.lastDialError, 0);
        continue;
      }
      this.r.dials++;
      planDial(this.now, p, this.serverDownUntil, this.serverDownHangs, this.dial);
      this.heap.push(this.now + this.dial.costUs, P_NETWORK, E_BACKGROUND_DIAL_DONE, this.dial.result, this.downEpoch + 1);
    }
  }

  protected backgroundDialDone(result: number, epochPlusOne: number): void {
    const dialed = epochPlusOne > 0;
    if (result === OK && dialed && epochPlusOne - 1 !== this.downEpoch) result = this.serverDownHangs ? ErrorKind.dialTimeout : ErrorKind.dialRefused;
    if (result === OK) {
      const conn = this.openConn(true, false);
      this.log("connDialed", conn);
      this.toIdle(conn);
    } else {
      if (dialed) this.dialFailed(result);
      this.poolSize--;
      this.idleLen--;
    }
    this.freeTurn();
  }
}
