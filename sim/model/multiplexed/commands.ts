import type { Engine } from "../../engine/engine.ts";
import { ErrorKind as ErrorKinds, ERROR_KIND_NAMES } from "../codes.ts";
import type { CommandTable } from "../command-table.ts";
import { growTyped } from "../grow.ts";
import type { LatencyRecorder } from "../latency.ts";
import type { ModelParams } from "../params.ts";
import type { RunResult } from "../result.ts";
import type { Workload } from "../workload.ts";
import { MuxEvent } from "./events.ts";
import type { MuxParams } from "./params.ts";
import { removeFrom, SocketPhase, type MuxSocket } from "./socket.ts";
import type { MuxSockets } from "./sockets.ts";
import type { MuxFailCause, MuxTraceLog } from "./trace.ts";

const ErrorKind = ErrorKinds;
const ERROR_NAMES = ERROR_KIND_NAMES;

/** Ways a multiplexed command fails that no pooled attempt has (not ErrorKind codes). */
export const MuxFailure = {
  /** Issued while the socket was not ready, with the offline queue off or full. */
  offline: 100,
  /** Flushed by ioredis's maxRetriesPerRequest (MaxRetriesPerRequestError). */
  retryLimit: 101,
  /** The client gave up reconnecting (reconnect strategy "none"). */
  closed: 102,
} as const;

/**
 * A multiplexed client's commands: each goes to a socket in turn and is written at once when the
 * socket is ready (pipelined: nothing waits for earlier replies), else waits in the offline queue.
 * One write per send; a command succeeds on its reply and fails on the error its client gives it.
 */
export class MuxCommands {
  /** Time of the last failed command, µs, or −1 (for recoveryMs). */
  lastFailureAtUs = -1;
  /** For sequential workloads: 1 where command i failed. */
  perCommand = new Uint8Array(0);
  queueWaitSumUs = 0;
  queuedCommands = 0;
  /** The socket generation each command was last written under: a reply from an older connection is dropped. */
  private writtenGen = new Int32Array(16);
  /** 1 where the command was last written while the server was loading: its reply is LOADING. */
  private loadingReply = new Uint8Array(16);
  private next = 0;
  private p!: ModelParams;
  private m!: MuxParams;
  private r!: RunResult;
  private sockets!: MuxSockets;
  private workload!: Workload;
  private trace: MuxTraceLog | null = null;

  constructor(
    private readonly engine: Engine<number>,
    private readonly cmds: CommandTable,
    private readonly latency: LatencyRecorder,
  ) {}

  link(roles: { sockets: MuxSockets; workload: Workload }): void {
    this.sockets = roles.sockets;
    this.workload = roles.workload;
  }

  reset(p: ModelParams, m: MuxParams, r: RunResult, trace: MuxTraceLog | null = null): void {
    this.trace = trace;
    this.p = p;
    this.m = m;
    this.r = r;
    this.next = 0;
    this.lastFailureAtUs = -1;
    this.queueWaitSumUs = 0;
    this.queuedCommands = 0;
    const w = p.workload;
    this.perCommand = w.kind === "sequential" ? new Uint8Array(w.commands) : new Uint8Array(0);
  }

  /** A command is issued in slot `cmd`: it goes to the next socket in turn. */
  start(cmd: number): void {
    const c = this.cmds;
    const nowUs = this.engine.nowUs;
    c.index[cmd] = this.workload.nextIndex();
    c.startedAtUs[cmd] = nowUs;
    c.attempt[cmd] = 0;
    c.maybeExecuted[cmd] = 0;
    c.maybeTwice[cmd] = 0;
    c.conn[cmd] = this.next;
    this.next = (this.next + 1) % this.m.connections;
    // ioredis arms commandTimeout in sendCommand, before the offline queue (built/Redis.js).
    if (this.m.commandTimeoutUs > 0) this.engine.schedule(MuxEvent.commandTimeout, nowUs + this.m.commandTimeoutUs, cmd, c.gen[cmd]);
    this.trace?.command("commandIssued", cmd, c.conn[cmd]);
    this.submit(cmd);
  }

  private submit(cmd: number): void {
    const s = this.sockets.get(this.cmds.conn[cmd]);
    if (s.phase === SocketPhase.ready) return this.write(cmd, s);
    if (!this.m.offlineQueue || s.phase === SocketPhase.ended) return this.fail(cmd, s.phase === SocketPhase.ended ? MuxFailure.closed : MuxFailure.offline);
    if (this.m.offlineQueueMax > 0 && s.offline.length >= this.m.offlineQueueMax) return this.fail(cmd, MuxFailure.offline);
    this.cmds.opStartedAtUs[cmd] = this.engine.nowUs;
    s.offline.push(cmd);
    this.trace?.queued(cmd, this.cmds.conn[cmd], s.offline.length);
  }

  /** Writes `cmd` on its ready socket; the socket decides when (and whether) a reply comes. */
  write(cmd: number, s: MuxSocket): void {
    if (cmd >= this.writtenGen.length) {
      this.writtenGen = growTyped(this.writtenGen, this.cmds.cap);
      this.loadingReply = growTyped(this.loadingReply, this.cmds.cap);
    }
    this.writtenGen[cmd] = s.gen;
    // The server reads it at its next serve point: LOADING if that comes before the load's end.
    this.loadingReply[cmd] = this.sockets.loading.servedAtUs(this.engine.nowUs) < this.sockets.loading.untilUs ? 1 : 0;
    this.cmds.attempt[cmd]++;
    this.r.attempts++;
    s.inflight.push(cmd);
    this.trace?.written(cmd, this.cmds.conn[cmd]);
    this.sockets.wrote(s, cmd);
  }

  /** The socket is ready again: re-sends first, then the offline queue, in order (ioredis readyHandler). */
  drain(s: MuxSocket): void {
    const c = this.cmds;
    if (this.trace !== null && s.resend.length + s.offline.length > 0) this.trace.drained(this.sockets.indexOf(s), s.resend.length, s.offline.length);
    for (const cmd of s.resend.splice(0)) {
      if (c.maybeExecuted[cmd] === 1 && c.maybeTwice[cmd] === 0) {
        c.maybeTwice[cmd] = 1;
        this.r.maybeExecutedTwice++;
      }
      this.write(cmd, s);
    }
    const nowUs = this.engine.nowUs;
    for (const cmd of s.offline.splice(0)) {
      this.queueWaitSumUs += nowUs - c.opStartedAtUs[cmd];
      this.queuedCommands++;
      this.write(cmd, s);
    }
  }

  /** The reply to `cmd` arrived, unless it was meant for an older connection or the command is over. */
  reply(cmd: number): void {
    const s = this.sockets.get(this.cmds.conn[cmd]);
    if (this.writtenGen[cmd] !== s.gen || !removeFrom(s.inflight, cmd)) return;
    s.lastRecvUs = this.engine.nowUs;
    if (s.inflight.length === 0) this.sockets.idleSpellStarted(s);
    if (this.sockets.isReadonly(s)) return this.fail(cmd, ErrorKind.readonly);
    // Neither client retries a LOADING reply: ioredis rejects with the ReplyError, node-redis with its ErrorReply.
    if (this.loadingReply[cmd] === 1) return this.fail(cmd, ErrorKind.loading);
    this.trace?.command("commandSucceeded", cmd, this.cmds.conn[cmd]);
    this.finish(cmd, false);
  }

  /** commandTimeout fired: the command fails, wherever it waits (ioredis Command#setTimeout). */
  timedOut(cmd: number): void {
    const s = this.sockets.get(this.cmds.conn[cmd]);
    if (!removeFrom(s.inflight, cmd) && !removeFrom(s.resend, cmd)) removeFrom(s.offline, cmd);
    this.fail(cmd, ErrorKind.timeout, "commandTimeout");
  }

  /** Fails every command in `queue` (emptying it) with `kind`. */
  failAll(queue: number[], kind: number): void {
    for (const cmd of queue.splice(0)) this.fail(cmd, kind);
  }

  /** `cause` names the failure in the trace where `kind` alone is ambiguous (a command timeout is ErrorKind timeout too). */
  fail(cmd: number, kind: number, cause?: MuxFailCause): void {
    const r = this.r;
    this.trace?.failed(cmd, this.cmds.conn[cmd], kind, this.m.offlineQueue, cause);
    if (kind === MuxFailure.offline) r.offlineRejected++;
    else if (kind === MuxFailure.retryLimit) r.retryLimitFailures++;
    else if (kind < ERROR_NAMES.length) r.errors[ERROR_NAMES[kind]]++;
    this.lastFailureAtUs = this.engine.nowUs;
    this.finish(cmd, true);
  }

  private finish(cmd: number, failed: boolean): void {
    const c = this.cmds;
    const r = this.r;
    c.gen[cmd]++;
    r.commands++;
    if (failed) {
      r.failed++;
      const i = c.index[cmd];
      if (i < this.perCommand.length) this.perCommand[i] = 1;
    } else {
      r.succeeded++;
    }
    this.latency.record(this.engine.nowUs - c.startedAtUs[cmd]);
    this.workload.commandEnded(cmd, failed);
  }
}
