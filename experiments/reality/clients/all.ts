/** Every client the reality suite drives, in report order. Importing this loads the real libraries. */
import { ioredis5, ioredis6 } from "./ioredis.ts";
import { nodeRedis4, nodeRedis5 } from "./node-redis.ts";
import { pooled, pooledValidated } from "./pooled.ts";
import type { ClientFactory } from "./types.ts";

export const FACTORIES: readonly ClientFactory[] = [ioredis5, ioredis6, nodeRedis4, nodeRedis5, pooled, pooledValidated];
