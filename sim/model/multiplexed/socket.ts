/** Where a multiplexed socket is in its life. */
export const SocketPhase = { ready: 0, connecting: 1, waiting: 2, ended: 3 } as const;

/**
 * One multiplexed socket (one client): its connection's state as the server left it, its phase,
 * and the three queues a command can wait in. Queues hold command slots in order.
 */
export class MuxSocket {
  phase: number = SocketPhase.ready;
  /** ConnState code of the current connection (healthy until the server does something to it). */
  conn = 0;
  /** Bumped on every loss and attempt, so stale events for an old connection are dropped. */
  gen = 0;
  /** Reconnection attempts since the last ready (ioredis retryAttempts, node-redis retries). */
  attempts = 0;
  /** ioredis: a TCP connect succeeded since the loss, so the in-flight queue is no longer the one a flush empties. */
  connectedSinceLoss = false;
  /** Outcome of the attempt in progress: OK or an ErrorKind code. */
  connectOutcome = -1;
  /** Time data last arrived on the connection, µs (keep-alive counts idle time from it). */
  lastRecvUs = 0;
  /** Bumped when an idle spell starts and on every write: an idle timer from an older spell is void. */
  idleGen = 0;
  /** When the current idle spell began (no command in flight since), µs. */
  idleSinceUs = 0;
  /** When the client will learn the current connection is dead, µs; Infinity when nothing is pending. */
  lossAtUs = Infinity;
  /** Written commands waiting for their replies, in write order. */
  readonly inflight: number[] = [];
  /** In flight when the socket dropped; written again once it is back (ioredis prevCommandQueue). */
  readonly resend: number[] = [];
  /** Issued while the socket was not ready (offline queue). */
  readonly offline: number[] = [];

  reset(): void {
    this.phase = SocketPhase.ready;
    this.conn = 0;
    this.gen = 0;
    this.attempts = 0;
    this.connectedSinceLoss = false;
    this.connectOutcome = -1;
    this.lastRecvUs = 0;
    this.idleGen = 0;
    this.idleSinceUs = 0;
    this.lossAtUs = Infinity;
    this.inflight.length = 0;
    this.resend.length = 0;
    this.offline.length = 0;
  }
}

/** Removes `cmd` from `queue` if present; true when it was there. */
export function removeFrom(queue: number[], cmd: number): boolean {
  const i = queue.indexOf(cmd);
  if (i < 0) return false;
  queue.splice(i, 1);
  return true;
}
