/**
 * ioredis 5 and 6 with their own defaults: one socket per client, offline queue on, unfulfilled
 * commands re-sent after a reconnect (autoResendUnfulfilledCommands), maxRetriesPerRequest 20.
 * Sends are counted by wrapping Command#toWritable, which ioredis calls each time it writes a
 * command to a socket (ioredis built/Redis.js sendCommand), so a re-send is seen directly.
 */
import { createRequire } from "node:module";
import IORedis6, { Command as Command6 } from "ioredis";
import IORedis5, { Command as Command5 } from "ioredis5";
import { newCounters, type ClientFactory, type ClientOptions, type ClientUnderTest, type Endpoint } from "./types.ts";
import { underTest } from "./under-test.ts";

const require = createRequire(import.meta.url);
type Constructor = typeof IORedis6;
type CommandClass = { prototype: { toWritable(socket: unknown): unknown; name: string; args: unknown[] } };

export const ioredis5 = factory("ioredis@5", "ioredis5", IORedis5 as unknown as Constructor, Command5 as unknown as CommandClass);
export const ioredis6 = factory("ioredis@6", "ioredis", IORedis6, Command6 as unknown as CommandClass);

function factory(name: string, pkg: string, Redis: Constructor, Command: CommandClass): ClientFactory {
  const sends = countSends(Command);
  return {
    name,
    kind: "multiplexed",
    version: (require(`${pkg}/package.json`) as { version: string }).version,
    create: (endpoint, options) => createClient(Redis, sends, endpoint, options),
  };
}

async function createClient(Redis: Constructor, sends: Map<string, number>, endpoint: Endpoint, options: ClientOptions): Promise<ClientUnderTest> {
  const counters = newCounters();
  const client = new Redis({
    host: "127.0.0.1",
    port: endpoint.port,
    ...(endpoint.tls ? { tls: { ca: endpoint.caPem } } : {}),
    ...(options.maxRetriesPerRequest !== undefined ? { maxRetriesPerRequest: options.maxRetriesPerRequest } : {}),
    ...(options.offlineQueue === false ? { enableOfflineQueue: false } : {}),
    lazyConnect: true,
  });
  client.on("error", () => {});
  client.on("reconnecting", () => { counters.reconnectAttempts++; counters.reconnectTimesMs.push(performance.now()); });
  client.on("ready", () => { counters.readies++; counters.readyTimesMs.push(performance.now()); });
  client.on("close", () => counters.closes++);
  await client.connect();
  return underTest(counters, sends, (key) => client.incr(key), async () => { client.disconnect(false); });
}

/** Wraps toWritable once per ioredis copy; counts writes of INCR per key. */
function countSends(Command: CommandClass): Map<string, number> {
  const sends = new Map<string, number>();
  const original = Command.prototype.toWritable;
  Command.prototype.toWritable = function (this: { name: string; args: unknown[] }, socket: unknown) {
    if (this.name === "incr") {
      const key = String(this.args[0]);
      sends.set(key, (sends.get(key) ?? 0) + 1);
    }
    return original.call(this, socket);
  };
  return sends;
}
