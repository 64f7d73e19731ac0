import fc from "fast-check";

const ms = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((x) => `${x}ms`);

const disconnect = fc.record(
  {
    at: ms(0, 400),
    mode: fc.constantFrom("fin", "rst", "reset-on-use", "blackhole"),
    serverDown: fc.oneof(fc.constant("0s"), ms(1, 300)),
    every: fc.oneof(fc.constant("0s"), ms(50, 300)),
    hit: fc.oneof(fc.record({ fraction: fc.double({ min: 0, max: 1, noNaN: true }) }), fc.record({ count: fc.integer({ min: 0, max: 15 }) })),
  },
  { requiredKeys: ["at", "mode", "hit"] },
).map(({ hit, ...d }) => ({ ...d, ...hit }));

const workload = fc.oneof(
  fc.record({ kind: fc.constant("sequential"), commands: fc.integer({ min: 1, max: 30 }), start: ms(0, 300) }),
  fc.record({ kind: fc.constant("concurrent"), clients: fc.integer({ min: 1, max: 6 }), commands: fc.integer({ min: 1, max: 10 }), think: ms(0, 50), start: ms(0, 300) }),
  fc.record({ kind: fc.constant("poisson"), rate: fc.integer({ min: 10, max: 3000 }), duration: ms(10, 400), start: ms(0, 300) }),
);

/** Valid scenario options spanning the model's features, kept small so a run takes microseconds. */
export const scenarioOptions = fc
  .record({
    seed: fc.integer({ min: 0, max: 1000 }),
    transport: fc.constantFrom("tls", "tcp"),
    probe: fc.constantFrom("none", "syscall", "tls-aware"),
    size: fc.integer({ min: 1, max: 12 }),
    order: fc.constantFrom("lifo", "fifo"),
    minIdleFrac: fc.constantFrom(0, 0, 0.5, 1),
    maxIdle: fc.integer({ min: 0, max: 6 }),
    maxIdleTime: fc.oneof(fc.constant("0s"), ms(50, 2000)),
    maxLifetime: fc.oneof(fc.constant("0s"), ms(50, 2000)),
    timeout: ms(0, 200),
    probesPerGetMax: fc.constantFrom(0, 0, 1, 3),
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
    seed: o.seed,
    transport: o.transport,
    probe: o.probe,
    pool: {
      size: o.size,
      order: o.order,
      minIdle: Math.floor(o.minIdleFrac * o.size),
      maxIdle: o.maxIdle,
      maxIdleTime: o.maxIdleTime,
      maxLifetime: o.maxLifetime,
      timeout: o.timeout,
      probesPerGetMax: o.probesPerGetMax,
    },
    retry: { maxRetries: o.maxRetries, minBackoff: o.minBackoff, maxBackoff: "50ms" },
    network: { rtt: o.rtt, dialTime: o.dialTime, readTimeout: o.readTimeout, dialTimeout: "150ms" },
    server: { idleTimeout: o.idleTimeout },
    warmup: { idle: Math.floor(o.warmupFrac * o.size) },
    disconnects: o.disconnects,
    workload: o.workload,
  }));
