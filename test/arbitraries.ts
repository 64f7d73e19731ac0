import fc from "fast-check";
import { resolveScenario } from "../sim/index.ts";
import { workloadEndBoundUs } from "./invariants-bounds.ts";

const ms = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((x) => `${x}ms`);

const disconnect = fc.record(
  {
    at: ms(0, 400),
    mode: fc.constantFrom("fin", "rst", "reset-on-use", "blackhole", "readonly"),
    serverDown: fc.oneof(fc.constant("0s"), ms(1, 300)),
    every: fc.oneof(fc.constant("0s"), ms(50, 300)),
    hit: fc.oneof(fc.record({ fraction: fc.double({ min: 0, max: 1, noNaN: true }) }), fc.record({ count: fc.integer({ min: 0, max: 15 }) })),
  },
  { requiredKeys: ["at", "mode", "hit"] },
).map(({ hit, ...d }) => ({ ...d, ...hit }));

const workload = fc.oneof(
  fc.record({ kind: fc.constant("sequential"), commands: fc.integer({ min: 1, max: 30 }), start: ms(0, 300) }),
  fc.record(
    {
      kind: fc.constant("concurrent"),
      clients: fc.integer({ min: 1, max: 6 }),
      commands: fc.integer({ min: 1, max: 10 }),
      think: ms(0, 50),
      start: ms(0, 300),
      startSpread: fc.constantFrom("fixed", "uniform", "exponential"),
      startGap: fc.integer({ min: 0, max: 5000 }).map((x) => `${x}us`),
    },
    { requiredKeys: ["kind", "clients", "commands", "think", "start"] },
  ),
  fc.record({ kind: fc.constant("poisson"), rate: fc.integer({ min: 10, max: 3000 }), duration: ms(10, 400), start: ms(0, 300) }),
);

/**
 * Valid scenario options spanning the model's features, kept small so a run takes microseconds.
 * Only those whose own bound ends them (test/invariants-bounds.ts): a multiplexed client that never
 * fails a queued command, under repeated drops with overlapping down windows, is never answered
 * and runs until eventsMax (200,000,000 events), as the real client would wait forever.
 */
export const scenarioOptions = fc
  .record({
    seed: fc.integer({ min: 0, max: 1000 }),
    transport: fc.constantFrom("tls", "tcp"),
    probe: fc.constantFrom("none", "syscall", "tls-aware", "peek", "read-unwrap-tls", "ping-on-borrow", "ping-if-idle"),
    pendingBytesProbability: fc.constantFrom(0, 0.3, 1),
    pingIdleThreshold: ms(0, 200),
    // The multiplexed clients too: their one socket, offline queue and re-sends under the same faults.
    profile: fc.constantFrom("go-redis-9.5.3", "go-redis-9.15", "go-redis-9.22", "database-sql", "redis-py", "pgxpool", "hikaricp", "mongodb-cmap", "ioredis@5", "ioredis@6", "node-redis@4", "node-redis@5"),
    policy: fc.constantFrom("pool", "fresh-last-attempt", "reconnect"),
    backoff: fc.constantFrom("go-redis", "full-jitter", "none"),
    clearOnError: fc.boolean(),
    onBadCheckout: fc.constantFrom("next", "redial", "fail-attempt"),
    healthCheckInterval: fc.oneof(fc.constant("0s"), ms(20, 300)),
    healthCheckPing: fc.boolean(),
    budget: fc.oneof(
      fc.constant({ kind: "none" }),
      fc.record({ kind: fc.constant("token-bucket"), capacity: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant("ratio"), percent: fc.integer({ min: 0, max: 50 }), minRetriesPerSecond: fc.integer({ min: 0, max: 5 }), window: fc.constantFrom("1s", "10s") }),
      fc.record({ kind: fc.constant("grpc"), maxTokens: fc.integer({ min: 1, max: 10 }), tokenRatio: fc.constantFrom(0.1, 1) }),
    ),
    dialAttempts: fc.integer({ min: 1, max: 3 }),
    keepAliveIdle: fc.constantFrom("0s", "1s"),
    middleboxIdleTimeout: fc.oneof(fc.constant("0s"), ms(10, 1500)),
    size: fc.integer({ min: 1, max: 12 }),
    order: fc.constantFrom("lifo", "fifo"),
    minIdleFrac: fc.constantFrom(0, 0, 0.5, 1),
    maxIdle: fc.integer({ min: 0, max: 6 }),
    maxIdleTime: fc.oneof(fc.constant("0s"), ms(50, 2000)),
    maxLifetime: fc.oneof(fc.constant("0s"), ms(50, 2000)),
    timeout: ms(0, 200),
    probesPerGetMax: fc.constantFrom(0, 0, 1, 3),
    onDialError: fc.constantFrom("fail-attempt", "fail-attempt", "redial"),
    maxRetries: fc.integer({ min: 0, max: 5 }),
    minBackoff: ms(0, 10),
    rtt: ms(0, 5),
    dialTime: ms(0, 10),
    readTimeout: ms(1, 100),
    idleTimeout: fc.oneof(fc.constant("0s"), ms(20, 500)),
    warmupFrac: fc.constantFrom(0, 0.5, 1),
    disconnects: fc.array(disconnect, { maxLength: 3 }),
    workload,
  })
  .map((o) => ({
    profile: o.profile,
    seed: o.seed,
    transport: o.transport,
    probe: o.probe,
    probeOptions: { pendingBytesProbability: o.pendingBytesProbability, pingIdleThreshold: o.pingIdleThreshold },
    pool: {
      size: o.size,
      order: o.order,
      minIdle: Math.floor(o.minIdleFrac * o.size),
      maxIdle: o.maxIdle,
      maxIdleTime: o.maxIdleTime,
      maxLifetime: o.maxLifetime,
      timeout: o.timeout,
      probesPerGetMax: o.probesPerGetMax,
      onDialError: o.onDialError,
      clearOnError: o.clearOnError,
      onBadCheckout: o.onBadCheckout,
      healthCheckInterval: o.healthCheckInterval,
      healthCheckPing: o.healthCheckPing,
    },
    retry: { maxRetries: o.maxRetries, minBackoff: o.minBackoff, maxBackoff: "50ms", policy: o.policy, backoff: o.backoff, budget: o.budget },
    network: {
      rtt: o.rtt,
      dialTime: o.dialTime,
      readTimeout: o.readTimeout,
      dialTimeout: "150ms",
      dialAttempts: o.dialAttempts,
      dialRetryBackoff: "5ms",
      keepAliveIdle: o.keepAliveIdle,
      keepAliveInterval: "1s",
      keepAliveCount: 1,
      middleboxIdleTimeout: o.middleboxIdleTimeout,
    },
    server: { idleTimeout: o.idleTimeout },
    warmup: { idle: Math.floor(o.warmupFrac * o.size) },
    disconnects: o.disconnects,
    workload: o.workload,
  }))
  .filter((o) => Number.isFinite(workloadEndBoundUs(resolveScenario(o))));
