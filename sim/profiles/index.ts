import type { ProfileKey } from "../scenario/types.ts";
import { goRedis915, goRedis922, goRedis953, goRedis954, goRedis97 } from "./go-redis.ts";
import { databaseSql, hikaricp, mongodbCmap, pgxpool, redisPy } from "./peers.ts";
import { ioredis5, ioredis6 } from "./ioredis.ts";
import { nodeRedis4, nodeRedis5 } from "./node-redis.ts";
import type { Profile } from "./profile.ts";

export type { Profile } from "./profile.ts";

/** Every client profile by the key a scenario names it with. */
export const profiles: Record<ProfileKey, Profile> = {
  "go-redis-9.5.3": goRedis953,
  "go-redis-9.5.4": goRedis954,
  "go-redis-9.7": goRedis97,
  "go-redis-9.15": goRedis915,
  "go-redis-9.22": goRedis922,
  "database-sql": databaseSql,
  "redis-py": redisPy,
  pgxpool,
  hikaricp,
  "mongodb-cmap": mongodbCmap,
  "ioredis@5": ioredis5,
  "ioredis@6": ioredis6,
  "node-redis@4": nodeRedis4,
  "node-redis@5": nodeRedis5,
};
