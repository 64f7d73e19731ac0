import type { Profile } from "./profile.ts";

/**
 * node-redis: one multiplexed socket per client (pooling only through RedisClientPool: set
 * multiplexed.connections). On a socket error the commands waiting for a reply are rejected, not
 * re-sent (lib/client/index.js: flushWaitingForReply on 'error'); commands not yet written stay in
 * the to-write queue (the offline queue, disableOfflineQueue false, commandsQueueMaxLength
 * unbounded) and go out once ready. After a ready socket drops, the first reconnection attempt is
 * immediate (lib/client/socket.js #onSocketError → #connect); the strategy spaces failed attempts
 * only. connectTimeout 5000 ms; no command timeout by default. Keep-alive: initial delay 5000 ms
 * through Node's setKeepAlive, so libuv 1.46 sets 5 s / 1 s / 10 probes (src/unix/tcp.c). The
 * handshake is one round trip: CLIENT SETINFO LIB-NAME and LIB-VER pipelined (RESP2, no HELLO).
 * No ready check: 'ready' follows the handshake (lib/client/index.js #initiateSocket), so after a
 * restart the queued commands go out while the server loads and fail with its LOADING reply
 * (an ErrorReply; nothing retries it).
 */
const common = {
  client: "multiplexed",
  multiplexed: { connections: 1, offlineQueue: true, offlineQueueMax: 0, resend: false, maxRetriesPerRequest: -1, commandTimeout: "0s", readyCheck: false, maxLoadingRetryTime: "10s" },
  network: { dialTimeout: "5s", initRoundTrips: 1, keepAliveIdle: "5s", keepAliveInterval: "1s", keepAliveCount: 10 },
};

/** node-redis v4.7.1 (@redis/client 1.6.1 dist/lib/client/socket.js): reconnect min(retries·50, 500) ms, no jitter; keepAlive 5000. */
export const nodeRedis4: Profile = {
  key: "node-redis@4",
  doc: "One socket; offline queue; fails unanswered commands when the socket drops; reconnects at once, then min(50·r, 500) ms.",
  options: { ...common, multiplexed: { ...common.multiplexed, reconnect: "node-redis-4" } },
};

/** node-redis v5.12.1 (@redis/client 5.12.1 dist/lib/client/socket.js defaultReconnectStrategy): min(2^retries·50, 2000) + U[0,200) ms; keepAliveInitialDelay 5000. */
export const nodeRedis5: Profile = {
  key: "node-redis@5",
  doc: "One socket; offline queue; fails unanswered commands when the socket drops; reconnects at once, then min(50·2^r, 2000) ms + jitter.",
  options: { ...common, multiplexed: { ...common.multiplexed, reconnect: "node-redis-5" } },
};
