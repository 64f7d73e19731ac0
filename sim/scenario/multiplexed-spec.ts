import { RECONNECT_NAMES } from "../model/multiplexed/reconnect.ts";
import type { Group } from "./spec.ts";

/**
 * Settings of a multiplexed client (client "multiplexed"). Defaults are ioredis v6.0.0's
 * (built/redis/RedisOptions.js); the profiles in sim/profiles/ioredis.ts and node-redis.ts set
 * each client's own. The socket's connect timeout is network.dialTimeout, its keep-alive
 * network.keepAlive*, its handshake network.initRoundTrips.
 */
export const multiplexedSpec = {
  type: "group",
  fields: {
    connections: { type: "int", default: 1, min: 1, max: 1000, unit: "sockets", doc: "Sockets, each one client with its own queues; commands go to them in turn. 1 for one ioredis or node-redis client; more for node-redis's RedisClientPool or several clients." },
    offlineQueue: { type: "bool", default: true, doc: "Commands issued while the socket is not ready wait for it (ioredis enableOfflineQueue, node-redis !disableOfflineQueue); false: they fail at once." },
    offlineQueueMax: { type: "int", default: 0, min: 0, max: 1_000_000_000, unit: "commands", doc: "Bound on the offline queue; a command beyond it fails at once (node-redis commandsQueueMaxLength). 0 means unbounded (both clients' default)." },
    resend: { type: "bool", default: true, doc: "Commands without a reply when the socket dropped are written again after the reconnect (ioredis autoResendUnfulfilledCommands, default true), so the server may run them twice; false: they fail with the socket's error (node-redis)." },
    maxRetriesPerRequest: { type: "int", default: 20, min: -1, max: 1_000_000, unit: "reconnects", doc: "ioredis maxRetriesPerRequest: waiting commands fail (MaxRetriesPerRequestError) whenever the reconnection attempt count reaches a multiple of this + 1; -1 means never (node-redis has no such limit)." },
    reconnect: { type: "enum", default: "ioredis-6", choices: RECONNECT_NAMES, doc: "Reconnect delay formula. ioredis-5: min(50·n, 2000) ms; ioredis-6: min(50·2^(n−1), 5000) + U[0,200) ms (n from 1); node-redis-4: min(50·r, 500) ms; node-redis-5: min(50·2^r, 2000) + U[0,200) ms (r from 0, after an immediate first attempt); none: never reconnect." },
    commandTimeout: { type: "duration", default: "0s", min: "0s", max: "720h", doc: "A command fails this long after it was issued without a reply (ioredis commandTimeout); 0s means never, both clients' default." },
    readyCheck: { type: "bool", default: true, doc: "A new connection is ready only once INFO says the server has loaded its dataset (ioredis enableReadyCheck, default true): while it loads, commands wait in the offline queue and INFO is asked again after loading_eta_seconds. false: commands go out at once and a loading server answers them with LOADING, which fails them (node-redis, which has no ready check)." },
    failedAttemptTime: { type: "duration", default: "0s", min: "0s", max: "1h", doc: "Time a connection attempt the server refuses costs the client, on top of the round trip, before its strategy schedules the next: making the socket (and a TLS context: Node's tls.connect builds one per call unless given one), the error's event-loop turns. Each failed attempt pushes the rest of the reconnect schedule this much later. Node clients on an idle 2-core machine: about 1–3 ms (experiments/reality); 0s: the formula's own times." },
    maxLoadingRetryTime: { type: "duration", default: "10s", min: "0s", max: "720h", doc: "The longest wait between two ready checks while the server loads (ioredis maxLoadingRetryTime, default 10000 ms); 0s means no cap." },
  },
} as const satisfies Group;
