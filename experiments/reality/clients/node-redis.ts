/**
 * node-redis 4 and 5 with their own defaults: one socket, offline queue on (commands issued while
 * reconnecting wait in the to-write queue), no re-send: on a socket error the commands waiting for
 * a reply are rejected (@redis/client lib/client/index.js: flushWaitingForReply on 'error').
 * Sends are counted at the library's socket write (v4 RedisSocket#writeCommand, v5 RedisSocket#write).
 */
import { createRequire } from "node:module";
import { createClient as createClient5 } from "redis";
import { createClient as createClient4 } from "redis4";
import { createSendCounter } from "./send-counter.ts";
import { newCounters, type ClientFactory, type ClientOptions, type ClientUnderTest, type Endpoint } from "./types.ts";
import { underTest } from "./under-test.ts";

const require = createRequire(import.meta.url);
type Create = (options: Record<string, unknown>) => NodeRedisClient;
/** The part of both versions' client the harness uses. */
export interface NodeRedisClient {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  connect(): Promise<unknown>;
  incr(key: string): Promise<number>;
  ping(): Promise<string>;
  isReady: boolean;
  disconnect?(): Promise<void>;
  destroy?(): void;
}

const counter4 = createSendCounter();
export const counter5 = createSendCounter();
wrapWrite(require.resolve("redis4/node_modules/@redis/client/dist/lib/client/socket.js"), "writeCommand", (args) => { for (const a of args as unknown[]) counter4.note(a); });
wrapWrite(require.resolve("@redis/client/dist/lib/client/socket.js"), "write", (iterable) => noteLazily(iterable as Iterable<unknown[]>));

/** v5 writes a lazy iterable and may stop early on back-pressure: note each command only as it is taken. */
function* noteLazily(iterable: Iterable<unknown[]>): Generator<unknown[]> {
  for (const args of iterable) {
    for (const a of args) counter5.note(a);
    yield args;
  }
}

export const nodeRedis4 = factory("node-redis@4", "redis4", createClient4 as unknown as Create, counter4.sends);
export const nodeRedis5 = factory("node-redis@5", "redis", createClient5 as unknown as Create, counter5.sends);

function factory(name: string, pkg: string, create: Create, sends: Map<string, number>): ClientFactory {
  return {
    name,
    kind: "multiplexed",
    version: (require(`${pkg}/package.json`) as { version: string }).version,
    create: (endpoint, options) => createMultiplexed(create, sends, endpoint, options),
  };
}

/** node-redis client options for an endpoint; `reconnect: false` is the pooled harness's choice. */
export function nodeRedisOptions(endpoint: Endpoint, options: ClientOptions, reconnect = true): Record<string, unknown> {
  return {
    socket: {
      host: "127.0.0.1",
      port: endpoint.port,
      ...(endpoint.tls ? { tls: true, ca: endpoint.caPem } : {}),
      ...(reconnect ? {} : { reconnectStrategy: false }),
    },
    ...(options.offlineQueue === false ? { disableOfflineQueue: true } : {}),
  };
}

async function createMultiplexed(create: Create, sends: Map<string, number>, endpoint: Endpoint, options: ClientOptions): Promise<ClientUnderTest> {
  const counters = newCounters();
  const client = create(nodeRedisOptions(endpoint, options));
  // 'error' also fires for every failed reconnect: count a loss only when the client was ready.
  let ready = false;
  client.on("error", () => { if (ready) counters.closes++; ready = false; });
  client.on("reconnecting", () => { counters.reconnectAttempts++; counters.reconnectTimesMs.push(performance.now()); });
  client.on("ready", () => { counters.readies++; counters.readyTimesMs.push(performance.now()); ready = true; });
  await client.connect();
  return underTest(counters, sends, (key) => client.incr(key), () => closeNodeRedis(client));
}

export async function closeNodeRedis(client: NodeRedisClient): Promise<void> {
  try {
    if (client.destroy) client.destroy();
    else await client.disconnect?.();
  } catch { /* already closed */ }
}

/** Wraps a RedisSocket method so `note` sees each write; `note` may return replacement arguments. */
function wrapWrite(path: string, method: string, note: (arg: unknown) => unknown): void {
  const RedisSocket = (require(path) as { default: { prototype: Record<string, (...args: unknown[]) => unknown> } }).default;
  const original = RedisSocket.prototype[method];
  RedisSocket.prototype[method] = function (this: unknown, arg: unknown) {
    const replaced = note(arg);
    return original.call(this, replaced === undefined ? arg : replaced);
  };
}
