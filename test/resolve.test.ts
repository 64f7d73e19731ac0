import { describe, expect, it } from "vitest";
import { resolveScenario, ScenarioError } from "../sim/index.ts";
import { formatDuration, maybeDurationUs } from "../sim/scenario/duration.ts";
import { setPath } from "../sim/scenario/paths.ts";

function problems(options: unknown): string[] {
  try {
    resolveScenario(options as never);
  } catch (e) {
    if (e instanceof ScenarioError) return [...e.problems];
    throw e;
  }
  return [];
}

describe("resolveScenario defaults", () => {
  it("resolveScenario({}) gives go-redis v9.5 defaults", () => {
    const s = resolveScenario({});
    expect(s.retry).toMatchObject({ maxRetries: 3, minBackoff: "8ms", maxBackoff: "512ms" });
    expect(s.pool).toMatchObject({ size: 10, order: "lifo", timeout: "4s", maxIdleTime: "30m", maxLifetime: "0s" });
    expect(s.network.readTimeout).toBe("3s");
    expect(s.retry.retryOn).toEqual({ eof: true, reset: true, timeout: true, dialRefused: true, dialTimeout: false, poolTimeout: false, readonly: true, badConn: true, loading: true, redisError: false });
    expect(s.profile).toBe("go-redis-9.5.3");
    expect(s.probe).toBe("syscall");
    expect(s.workload).toEqual({ kind: "sequential", commands: 20, start: "1100ms" });
  });

  it("resolveScenario() output is frozen and survives JSON round trips", () => {
    const s = resolveScenario({ disconnects: [{ at: "1s" }] });
    expect(Object.isFrozen(s.pool)).toBe(true);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s.disconnects[0]).toMatchObject({ fraction: 1, count: null, mode: "fin" });
  });

  it("normalizes durations to their canonical text", () => {
    const s = resolveScenario({ network: { rtt: "1000us", dialTime: "0.5s" } });
    expect(s.network.rtt).toBe("1ms");
    expect(s.network.dialTime).toBe("500ms");
  });

  it("key order in the input does not matter", () => {
    const a = resolveScenario({ pool: { size: 4, order: "fifo" }, probe: "none" });
    const b = resolveScenario({ probe: "none", pool: { order: "fifo", size: 4 } });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe("resolveScenario messages name field, value and what is allowed", () => {
  const cases: [string, unknown, string][] = [
    ["integer range", { pool: { size: 0 } }, "pool.size must be an integer from 1 to 100000; got 0"],
    ["integer, not a fraction", { retry: { maxRetries: 1.5 } }, "retry.maxRetries must be an integer from 0 to 10000; got 1.5"],
    ["integer, not a string", { pool: { size: "8" } }, 'pool.size must be an integer from 1 to 100000; got "8"'],
    ["number range", { disconnects: [{ fraction: 1.5 }] }, "disconnects.0.fraction must be a number from 0 to 1; got 1.5"],
    ["seed lower bound", { seed: -1 }, "seed must be an integer ≥ 0; got -1"],
    ["enum", { probe: "tls" }, 'probe must be one of none, syscall, tls-aware, peek, read-unwrap-tls, ping-on-borrow, ping-if-idle, ping-if-due; got "tls"'],
    ["profile", { profile: "go-redis-10" }, 'profile must be one of go-redis-9.5.3, go-redis-9.5.4, go-redis-9.7, go-redis-9.15, go-redis-9.22, database-sql, redis-py, pgxpool, hikaricp, mongodb-cmap, ioredis@5, ioredis@6, node-redis@4, node-redis@5, or go-redis@<version> (v9.0.3–v9.14.x, v9.15.1–v9.22.x) or redis-py@<version> (v4.0.0–v4.x, v8.0.0–v8.1.x); got "go-redis-10"'],
    ["budget kind", { retry: { budget: { kind: "leaky" } } }, 'retry.budget.kind must be one of none, token-bucket, ratio, grpc; got "leaky"'],
    ["budget field", { retry: { budget: { kind: "grpc", maxTokens: 0 } } }, "retry.budget.maxTokens must be a number from 1 to 1000; got 0"],
    ["enum mode", { disconnects: [{ mode: "kill" }] }, 'disconnects.0.mode must be one of fin, rst, reset-on-use, blackhole, readonly; got "kill"'],
    ["duration without unit", { network: { rtt: "1" } }, 'network.rtt must be a duration with a unit (us, ms, s, m, h) such as "1ms" from 0s to 1h; got "1"'],
    ["duration as number", { retry: { minBackoff: 8 } }, 'retry.minBackoff must be a duration with a unit (us, ms, s, m, h) such as "8ms" from 0s to 720h; got 8'],
    ["duration range", { network: { readTimeout: "2h" } }, 'network.readTimeout must be a duration from 0s to 1h; got "2h"'],
    ["health-check interval below its 1ms floor", { pool: { healthCheckInterval: "1us" } }, 'pool.healthCheckInterval must be 0s or a duration from 1ms to 720h; got "1us"'],
    ["disconnect period below its 1ms floor", { disconnects: [{ every: "999us" }] }, 'disconnects.0.every must be 0s or a duration from 1ms to 720h; got "999us"'],
    ["duration below a microsecond", { network: { rtt: "0.5us" } }, 'network.rtt must be a duration with a unit (us, ms, s, m, h) such as "1ms" from 0s to 1h; got "0.5us"'],
    ["bool", { retry: { retryOn: { poolTimeout: "yes" } } }, 'retry.retryOn.poolTimeout must be true or false; got "yes"'],
    ["int or full", { warmup: { idle: "all" } }, 'warmup.idle must be an integer from 0 to 100000 or "full"; got "all"'],
    ["unknown key with a hint", { pool: { sise: 3 } }, "pool.sise is not a known field (did you mean pool.size?); allowed here: size, order, minIdle, maxIdle, maxIdleTime, maxLifetime, timeout, idleClockResolution, clearOnError, healthCheckInterval, healthCheckPing, onBadCheckout, refillOnStaleDiscard, probesPerGetMax, onDialError"],
    ["unknown top-level key", { colour: "red" }, "colour is not a known field; allowed here: profile, seed, goVersion, redisPyPool, transport, probe, probeOptions, pool, retry, client, multiplexed, network, server, warmup, disconnects, workload, limits"],
    ["group not an object", { pool: 5 }, "pool must be an object; got 5"],
    ["scenario not an object", [1], "scenario must be an object; got [1]"],
    ["list not an array", { disconnects: { at: "1s" } }, 'disconnects must be a list (JSON array); got {"at":"1s"}'],
    ["list too long", { disconnects: Array.from({ length: 101 }, () => ({})) }, "disconnects may hold at most 100 items; got 101"],
    ["union kind", { workload: { kind: "burst" } }, 'workload.kind must be one of sequential, concurrent, poisson; got "burst"'],
    ["union variant field", { workload: { kind: "poisson", commands: 5 } }, "workload.commands is not a known field; allowed here: rate, duration, start"],
    ["workload not an object", { workload: "poisson" }, 'workload must be an object; got "poisson"'],
    ["minIdle above size", { pool: { size: 4, minIdle: 5 } }, 'pool.minIdle must be ≤ pool.size (4) or "full"; got 5'],
    ["minIdle neither", { pool: { minIdle: "all" } }, 'pool.minIdle must be an integer from 0 to 100000 or "full"; got "all"'],
    ["warm-up above size", { pool: { size: 4 }, warmup: { idle: 5 } }, 'warmup.idle must be ≤ pool.size (4) or "full"; got 5'],
    ["fraction and count", { disconnects: [{ fraction: 0.5, count: 2 }] }, "disconnects.0 must give fraction or count, not both; got fraction 0.5 and count 2"],
    ["until without every", { disconnects: [{ until: "10s" }] }, 'disconnects.0.until needs disconnects.0.every > 0s; got until "10s" with every "0s"'],
  ];
  for (const [name, options, message] of cases) {
    it(`${name}: ${message}`, () => {
      expect(problems(options)).toEqual([message]);
    });
  }

  it("reports every problem at once", () => {
    const list = problems({ pool: { size: 0, order: "random" }, probe: "x", retry: { maxRetries: -1 } });
    expect(list).toHaveLength(4);
    expect(list.join("\n")).toMatch(/pool.size[\s\S]*pool.order[\s\S]*probe|probe[\s\S]*pool.size/);
  });

  it("ScenarioError's message lists the problems, one a line", () => {
    try {
      resolveScenario({ pool: { size: 0 }, probe: "x" } as never);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message.split("\n")).toHaveLength(2);
    }
  });
});

describe("durations", () => {
  it("maybeDurationUs parses units and refuses bare numbers", () => {
    expect(maybeDurationUs("8ms")).toBe(8000);
    expect(maybeDurationUs("1.5s")).toBe(1_500_000);
    expect(maybeDurationUs("30m")).toBe(1_800_000_000);
    expect(maybeDurationUs("2h")).toBe(7_200_000_000);
    expect(maybeDurationUs("250us")).toBe(250);
    expect(maybeDurationUs("8")).toBeNull();
    expect(maybeDurationUs("-1s")).toBeNull();
    expect(maybeDurationUs(8)).toBeNull();
  });

  it("formatDuration picks the largest whole unit", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(8000)).toBe("8ms");
    expect(formatDuration(1_100_000)).toBe("1100ms");
    expect(formatDuration(3_600_000_000)).toBe("1h");
    expect(formatDuration(1500)).toBe("1500us");
  });
});

describe("resolveScenario refuses prototype-named keys", () => {
  const own = (key: string, value: unknown) => JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`) as Record<string, unknown>;

  it.each(["__proto__", "constructor", "prototype"])("resolveScenario() names %s as an unknown field at any depth", (key) => {
    expect(problems({ ...own(key, 0), seed: 1 })[0]).toMatch(new RegExp(`^${key} is not a known field; allowed here: profile, seed`));
    expect(problems({ pool: own(key, { size: 1 }) })[0]).toMatch(new RegExp(`^pool\\.${key} is not a known field; allowed here: size`));
    expect(problems({ disconnects: [{ at: "1s", ...own(key, 1) }] })[0]).toMatch(new RegExp(`^disconnects\\.0\\.${key} is not a known field`));
    expect(problems({ workload: { kind: "poisson", ...own(key, 1) } })[0]).toMatch(new RegExp(`^workload\\.${key} is not a known field`));
  });

  it.each(["__proto__", "constructor", "prototype", "toString"])("resolveScenario() refuses workload.kind %s as an unknown kind", (kind) => {
    expect(problems({ workload: { kind } })).toEqual([`workload.kind must be one of sequential, concurrent, poisson; got "${kind}"`]);
    expect(problems({ retry: { budget: { kind } } })[0]).toMatch(/^retry\.budget\.kind must be one of none, token-bucket/);
  });

  it("resolveScenario() reads no inherited field and writes nothing to Object.prototype", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    expect(problems(JSON.parse('{"__proto__": {"seed": 5, "polluted": 1}, "pool": {"__proto__": {"size": 3}}}'))).toHaveLength(2);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // An inherited value is not an own one: a field set only on a prototype stays at its default.
    expect(resolveScenario(Object.create({ seed: 7 })).seed).toBe(1);
  });

  it("setPath() refuses a path through __proto__, constructor or prototype and writes nothing", () => {
    for (const path of ["__proto__.polluted", "pool.constructor.polluted", "constructor.prototype.polluted", "disconnects.0.__proto__"]) {
      const root: Record<string, unknown> = { disconnects: [{}] };
      expect(setPath(root, path, 1)).toMatch(/(__proto__|constructor) is not a known field \(in path /);
      expect(root).toEqual({ disconnects: [{}] });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("ScenarioError.issues", () => {
  function issues(options: unknown) {
    try {
      resolveScenario(options as never);
    } catch (e) {
      if (e instanceof ScenarioError) return e.issues;
      throw e;
    }
    throw new Error("resolved");
  }

  it("ScenarioError.issues give each problem's field path and message; problems and the error text are the messages", () => {
    const found = issues({ pool: { size: 0, sise: 1 }, workload: { kind: "x" }, disconnects: [{ at: "1s", fraction: 1, count: 2 }] });
    expect(found.map((i) => i.path)).toEqual([["pool", "sise"], ["pool", "size"], ["workload", "kind"]]);
    expect(found[1].message).toBe("pool.size must be an integer from 1 to 100000; got 0");
    const cross = issues({ disconnects: [{ at: "1s", fraction: 1, count: 2, until: "5s" }], pool: { minIdle: 20 } });
    expect(cross.map((i) => i.path)).toEqual([["pool", "minIdle"], ["disconnects", "0"], ["disconnects", "0", "until"]]);
    const e = new ScenarioError(cross);
    expect(e.problems).toEqual(cross.map((i) => i.message));
    expect(e.message).toBe(cross.map((i) => i.message).join("\n"));
    expect(issues(3)).toEqual([{ path: [], message: "scenario must be an object; got 3" }]);
  });
});

describe("resolveScenario refuses absurd nesting", () => {
  it("resolveScenario() names the field of a value nested 100,000 levels deep, without overflowing the stack", () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = { a: v };
    expect(problems({ pool: { size: v } })).toEqual(["pool.size.a… is nested more than 32 levels deep; nothing in a scenario is"]);
    // The spec's own depth is far below the bound.
    expect(problems({ disconnects: [{ at: "1s", fraction: 0.5 }], retry: { budget: { kind: "ratio", window: "1s" } } })).toEqual([]);
  });
});

describe("floors of periodic settings (minNonzero)", () => {
  it("resolveScenario keeps 0s (off, or once) and accepts the floor itself", () => {
    const s = resolveScenario({ pool: { healthCheckInterval: "1ms" }, disconnects: [{ every: "1ms" }, { every: "0s" }] });
    expect([s.pool.healthCheckInterval, s.disconnects[0].every, s.disconnects[1].every]).toEqual(["1ms", "1ms", "0s"]);
    expect(resolveScenario({ pool: { healthCheckInterval: "0s" } }).pool.healthCheckInterval).toBe("0s");
  });

  it("refuses a multiplexed client that could never reconnect while its commands never give up", () => {
    const never = { profile: "node-redis@5", network: { dialTime: "2ms", rtt: "1ms", dialTimeout: "2999us" } } as const;
    expect(problems(never)).toEqual([
      "network.dialTimeout must be at least a connect's dialTime + initRoundTrips × rtt (3ms) for a multiplexed client whose waiting commands never give up " +
        '(multiplexed.reconnect node-redis-5, which no retry limit counts, commandTimeout 0s): every reconnect would time out and they would wait for ever; got "2999us" (or set multiplexed.commandTimeout > 0s)',
    ]);
    // Any way out makes it a scenario again: a connect that fits, a command timeout, a limit ioredis counts, no queue.
    expect(problems({ ...never, network: { ...never.network, dialTimeout: "3ms" } })).toEqual([]);
    expect(problems({ ...never, multiplexed: { commandTimeout: "1s" } })).toEqual([]);
    expect(problems({ ...never, multiplexed: { reconnect: "ioredis-6", maxRetriesPerRequest: 20 } })).toEqual([]);
    expect(problems({ ...never, multiplexed: { offlineQueue: false, resend: false } })).toEqual([]);
    expect(problems({ ...never, multiplexed: { reconnect: "ioredis-6", maxRetriesPerRequest: -1 } })).toHaveLength(1);
  });
});
