/** A multiplexed client's settings in model units (sim/scenario/compile.ts fills them from `multiplexed`). */
export interface MuxParams {
  /** Sockets, each its own client; commands go to them in turn. */
  connections: number;
  /** Commands issued while a socket is not ready wait in its offline queue; false: they fail at once. */
  offlineQueue: boolean;
  /** The offline queue's bound (node-redis commandsQueueMaxLength); 0 means unbounded. */
  offlineQueueMax: number;
  /** Commands without a reply when the socket dropped are written again once it is back (ioredis). */
  resend: boolean;
  /** ioredis maxRetriesPerRequest: queued commands fail when the reconnection attempt count reaches a multiple of this + 1; -1 means never. */
  maxRetriesPerRequest: number;
  /** ReconnectKind code. */
  reconnect: number;
  /** A command fails this long after it was issued if no reply came (ioredis commandTimeout); 0 means never. */
  commandTimeoutUs: number;
  /** ioredis enableReadyCheck: a new connection is ready only once INFO says the server is not loading. */
  readyCheck: boolean;
  /** ioredis maxLoadingRetryTime: the longest wait between two ready checks, µs; 0 means no cap. */
  maxLoadingRetryUs: number;
  /** Client time a refused or failed connection attempt takes before the strategy schedules the next, µs. */
  failedAttemptUs: number;
}
