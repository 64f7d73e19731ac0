import type { Profile } from "./profile.ts";

/**
 * ioredis: one multiplexed socket per client (no pool). Defaults from built/redis/RedisOptions.js
 * and built/redis/event_handler.js at the tags named below (read in the installed packages):
 * enableOfflineQueue true, autoResendUnfulfilledCommands true, maxRetriesPerRequest 20 (counted in
 * reconnection attempts: closeHandler flushes when retryAttempts % (20 + 1) === 0),
 * connectTimeout 10000 ms, commandTimeout unset. The handshake is two round trips: the CLIENT
 * SETINFO pair (with HELLO 3 in v6, whose protocol default is 3) sent together, then the INFO
 * ready check (enableReadyCheck true), repeated while INFO says loading:1 after loading_eta_seconds
 * (at most maxLoadingRetryTime, 10000 ms; built/Redis.js _readyCheck), commands waiting meanwhile.
 * Keep-alive goes through Node's socket.setKeepAlive(true, keepAlive); libuv 1.46 (Node 20) then
 * sets TCP_KEEPIDLE to the delay, TCP_KEEPINTVL 1 s and TCP_KEEPCNT 10 (src/unix/tcp.c
 * uv__tcp_keepalive). v5's keepAlive 0 makes TCP_KEEPIDLE 0, which Linux refuses (EINVAL) before
 * the other two are set: the socket keeps the kernel defaults 7200 s / 75 s / 9 (seen with `ss -o`).
 */
const ioredis5Options = {
  client: "multiplexed",
  multiplexed: { connections: 1, offlineQueue: true, offlineQueueMax: 0, resend: true, maxRetriesPerRequest: 20, commandTimeout: "0s", readyCheck: true, maxLoadingRetryTime: "10s", reconnect: "ioredis-5" },
  network: { dialTimeout: "10s", initRoundTrips: 2, keepAliveIdle: "7200s", keepAliveInterval: "75s", keepAliveCount: 9 },
};

/** ioredis v5.11.1: retryStrategy min(times·50, 2000) ms, no jitter; keepAlive 0. */
export const ioredis5: Profile = {
  key: "ioredis@5",
  doc: "One socket; offline queue; re-sends unanswered commands after reconnecting (min(50·n, 2000) ms); fails queued commands every 21 reconnection attempts.",
  options: ioredis5Options,
};

/** ioredis v6.0.0, as v5 but for: retryStrategy min(50·2^(times−1), 5000) + U[0,200) ms; keepAlive 30000. */
export const ioredis6: Profile = {
  key: "ioredis@6",
  doc: "One socket; offline queue; re-sends unanswered commands after reconnecting (min(50·2^(n−1), 5000) ms + jitter); fails queued commands every 21 reconnection attempts.",
  options: {
    ...ioredis5Options,
    multiplexed: { ...ioredis5Options.multiplexed, reconnect: "ioredis-6" },
    network: { ...ioredis5Options.network, keepAliveIdle: "30s", keepAliveInterval: "1s", keepAliveCount: 10 },
  },
};
