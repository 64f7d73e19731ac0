/**
 * A pooled client: generic-pool around node-redis 5 clients that do not reconnect by themselves
 * (reconnectStrategy false), so a connection the server closed stays dead in the pool until used,
 * as in go-redis. The retry loop is the harness's, mirroring poolsim's pooled model (go-redis
 * _process): up to MAX_RETRIES retries, a failed attempt destroys its connection, and retry k
 * first sleeps min + U[0, min·2^k) capped at max (go-redis internal/internal.go RetryBackoff).
 * With `validate`, generic-pool PINGs each connection it hands out (testOnBorrow) and replaces
 * any that fail, without spending a retry.
 */
import { createRequire } from "node:module";
import { createPool, type Pool } from "generic-pool";
import { createClient } from "redis";
import { createRng } from "../../../sim/engine/rng.ts";
import { errorKind } from "./errors.ts";
import { ACQUIRE_TIMEOUT_MS, MAX_BACKOFF_MS, MAX_RETRIES, MIN_BACKOFF_MS, POOL_SIZE } from "./pooled-settings.ts";
import { closeNodeRedis, counter5, nodeRedisOptions, type NodeRedisClient } from "./node-redis.ts";
import { waits } from "./under-test.ts";
import { newCounters, type ClientCounters, type ClientFactory, type ClientUnderTest, type Endpoint } from "./types.ts";

const require = createRequire(import.meta.url);

export const pooled = poolFactory("generic-pool", false);
export const pooledValidated = poolFactory("generic-pool+ping", true);

function poolFactory(name: string, validate: boolean): ClientFactory {
  const version = `${(require("generic-pool/package.json") as { version: string }).version}+redis@${(require("redis/package.json") as { version: string }).version}`;
  return { name, kind: "pooled", version, create: (endpoint) => createPooled(endpoint, validate) };
}

async function createPooled(endpoint: Endpoint, validate: boolean): Promise<ClientUnderTest> {
  const counters = newCounters();
  const pool = createPool<NodeRedisClient>(
    {
      create: () => dial(endpoint, counters),
      destroy: (client) => closeNodeRedis(client),
      validate: async (client) => {
        try {
          return (await client.ping()) === "PONG";
        } catch {
          counters.validateFailures++;
          return false;
        }
      },
    },
    // min 0 and no evictor: no background dials, as in go-redis with MinIdleConns 0.
    { max: POOL_SIZE, min: 0, testOnBorrow: validate, acquireTimeoutMillis: ACQUIRE_TIMEOUT_MS },
  );
  await fill(pool);
  return {
    counters,
    incr: (key) => incrWithRetries(pool, key),
    ...waits(counters),
    async close() {
      await pool.drain();
      await pool.clear();
    },
  };
}

async function dial(endpoint: Endpoint, counters: ClientCounters): Promise<NodeRedisClient> {
  counters.dials++;
  const client = createClient(nodeRedisOptions(endpoint, {}, false)) as unknown as NodeRedisClient;
  let ready = false;
  client.on("error", () => { if (ready) counters.closes++; ready = false; });
  client.on("ready", () => { counters.readies++; counters.readyTimesMs.push(performance.now()); ready = true; });
  await client.connect();
  return client;
}

/** Opens POOL_SIZE connections and returns them all, so the pool starts full of idle connections. */
async function fill(pool: Pool<NodeRedisClient>): Promise<void> {
  const clients = await Promise.all(Array.from({ length: POOL_SIZE }, () => pool.acquire()));
  await Promise.all(clients.map((c) => pool.release(c)));
}

async function incrWithRetries(pool: Pool<NodeRedisClient>, key: string) {
  let kind = "ok";
  for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
    if (attempt > 0) await sleep(backoffMs(attempt));
    let client: NodeRedisClient;
    try {
      client = await pool.acquire();
    } catch (e) {
      // A pool timeout is not retried (go-redis before v9.8.0).
      return { ok: false, kind: errorKind(e), sends: counter5.sends.get(key) ?? 0 };
    }
    try {
      await client.incr(key);
      await pool.release(client);
      return { ok: true, kind: "ok", sends: counter5.sends.get(key) ?? 0 };
    } catch (e) {
      kind = errorKind(e);
      await pool.destroy(client);
    }
  }
  return { ok: false, kind, sends: counter5.sends.get(key) ?? 0 };
}

/** The backoff's jitter comes from the project's seeded generator, so a rerun draws the same sleeps. */
const jitter = createRng(1, 0, 0);

function backoffMs(retry: number): number {
  const d = MIN_BACKOFF_MS + Math.floor(jitter.next() * MIN_BACKOFF_MS * 2 ** retry);
  return Math.min(d, MAX_BACKOFF_MS);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
