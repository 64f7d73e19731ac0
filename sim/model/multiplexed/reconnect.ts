import type { Rng } from "../../engine/rng.ts";

/**
 * Each multiplexed client's own reconnect formula, by code (the scenario names it). Delays in µs.
 * `attempt` counts as the client itself counts: ioredis's `times` from 1 (++retryAttempts in
 * closeHandler), node-redis's `retries` from 0 (the first failed attempt after a loss).
 */
export const ReconnectKind = { ioredis5: 0, ioredis6: 1, nodeRedis4: 2, nodeRedis5: 3, none: 4 } as const;
export const RECONNECT_NAMES = ["ioredis-5", "ioredis-6", "node-redis-4", "node-redis-5", "none"] as const;

/** node-redis reconnects at once after a ready socket drops; its strategy only spaces failed attempts. */
export function reconnectsAtOnce(kind: number): boolean {
  return kind === ReconnectKind.nodeRedis4 || kind === ReconnectKind.nodeRedis5;
}

/** The delay before the next connection attempt, µs; -1 when the client never reconnects. */
export function reconnectDelayUs(kind: number, attempt: number, rng: Rng): number {
  switch (kind) {
    // ioredis v5.11.1 built/redis/RedisOptions.js retryStrategy: Math.min(times * 50, 2000).
    case ReconnectKind.ioredis5:
      return Math.min(attempt * 50, 2000) * 1000;
    // ioredis v6.0.0 built/redis/RedisOptions.js retryStrategy:
    // Math.min(Math.pow(2, times - 1) * 50, 5000) + floor(random() * 200).
    case ReconnectKind.ioredis6:
      return (Math.min(2 ** (attempt - 1) * 50, 5000) + Math.floor(rng.next() * 200)) * 1000;
    // node-redis v4.7.1 (@redis/client 1.6.1) dist/lib/client/socket.js: Math.min(retries * 50, 500), no jitter.
    case ReconnectKind.nodeRedis4:
      return Math.min(attempt * 50, 500) * 1000;
    // node-redis v5.12.1 (@redis/client 5.12.1) dist/lib/client/socket.js defaultReconnectStrategy:
    // Math.min(Math.pow(2, retries) * 50, 2000) + floor(random() * 200).
    case ReconnectKind.nodeRedis5:
      return (Math.min(2 ** attempt * 50, 2000) + Math.floor(rng.next() * 200)) * 1000;
    default:
      return -1;
  }
}
