import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario, ScenarioError, type Scenario } from "../sim/index.ts";
import { GO_REDIS_RANGES } from "../sim/profiles/go-redis-versions.ts";
import { profiles } from "../sim/profiles/index.ts";
import { compareVersions, maybeVersion } from "../sim/profiles/semver.ts";
import { findBundle, profileOptionsFor, VERSION_BUNDLES } from "../sim/profiles/versions.ts";

function problems(options: Record<string, unknown>): readonly string[] {
  try {
    resolveScenario(options);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  return [];
}

const at = (profile: string, extra: Record<string, unknown> = {}): Scenario => resolveScenario({ profile, ...extra });

describe("profile: client@version picks the range the version falls in", () => {
  it("every bundle's first version, and a later one in its range, resolve to that bundle", () => {
    for (const b of VERSION_BUNDLES) {
      expect(findBundle(`${b.client}@${b.first}`), b.name).toBe(b);
      expect(findBundle(`${b.client}@v${b.first}`), b.name).toBe(b);
      const next = maybeVersion(b.next)!;
      const last = next[2] > 0 ? `${next[0]}.${next[1]}.${next[2] - 1}` : next[1] > 0 ? `${next[0]}.${next[1] - 1}.9` : `${next[0] - 1}.99.9`;
      if (compareVersions(maybeVersion(last)!, maybeVersion(b.first)!) >= 0) expect(findBundle(`${b.client}@${last}`), last).toBe(b);
    }
  });

  it("go-redis ranges run oldest first, each starting where the last ended, except v9.15.0 (never released)", () => {
    for (let i = 1; i < GO_REDIS_RANGES.length; i++) {
      const gap = GO_REDIS_RANGES[i - 1].next !== GO_REDIS_RANGES[i].first;
      expect(gap, GO_REDIS_RANGES[i].first).toBe(GO_REDIS_RANGES[i].first === "9.15.1");
    }
  });

  it("the old names are aliases: each gives exactly its range's options", () => {
    for (const b of VERSION_BUNDLES.filter((x) => x.alias !== null)) {
      expect(profileOptionsFor(b.alias!), b.alias!).toEqual(profileOptionsFor(b.name));
      expect(profiles[b.alias as keyof typeof profiles].options, b.alias!).toEqual(profileOptionsFor(b.name));
    }
  });

  it("the scenario keeps the name as given (provenance) and still overrides the range's fields", () => {
    const s = at("go-redis@v9.16.0", { retry: { maxRetries: 7 } });
    expect(s.profile).toBe("go-redis@v9.16.0");
    expect(s.retry.maxRetries).toBe(7);
    expect(s.pool.probesPerGetMax).toBe(3);
  });

  it("unknown, unreleased, pre-release and out-of-range versions are a ScenarioError listing the supported ranges", () => {
    const supported = "go-redis@<version> for v9.0.3–v9.14.x, v9.15.1–v9.22.x";
    expect(problems({ profile: "go-redis@9.23.0" })).toEqual([`profile names an unsupported go-redis version; got "go-redis@9.23.0": go-redis 9.23.0 is outside every modelled range. Supported: ${supported}`]);
    expect(problems({ profile: "go-redis@8.11.5" })[0]).toContain("outside every modelled range");
    expect(problems({ profile: "go-redis@9.15.0" })[0]).toContain("v9.15.0 was never released");
    expect(problems({ profile: "go-redis@9.15.0-beta.1" })[0]).toContain("pre-releases and pseudo-versions are not modelled");
    expect(problems({ profile: "redis-py@6.0.0" })).toEqual(['profile names an unsupported redis-py version; got "redis-py@6.0.0": redis-py 6.0.0 is outside every modelled range. Supported: redis-py@<version> for v4.0.0–v4.x, v8.0.0–v8.1.x']);
    expect(problems({ profile: 9 })).toEqual(["profile must be a string; got 9"]);
  });
});

describe("go-redis facts by tag (github.com/redis/go-redis at the tag named)", () => {
  it("v9.1.0 initConn sends HELLO only; v9.2.0 adds two CLIENT SETINFO commands (0b6be62b); v9.5.0 pipelines them with the options (35de49a8); v9.5.1 in a pipeline of their own (5da49b1a) (redis.go initConn)", () => {
    const init = (v: string) => [at(`go-redis@${v}`).network.initRoundTrips, at(`go-redis@${v}`).network.initSetinfo];
    expect(init("9.1.0")).toEqual([1, "none"]);
    expect(init("9.2.0")).toEqual([3, "commands-ignore-errors"]);
    expect(init("9.4.0")).toEqual([3, "commands-ignore-errors"]);
    expect(init("9.5.0")).toEqual([2, "fail-on-any-error"]);
    expect(init("9.5.1")).toEqual([2, "pipeline-ignore-errors"]);
    expect(init("9.5.5")).toEqual([2, "ignore-redis-errors"]);
    expect(init("9.22.0")).toEqual([2, "ignore-redis-errors"]);
  });

  it("TLS unwrapped by connCheck in v9.5.4–v9.5.5 and v9.6.0–v9.6.1 only (internal/pool/conn_check.go connCheck; reverted 90c7274b, ec680aec)", () => {
    const probe = (v: string) => at(`go-redis@${v}`).probe;
    expect(["9.5.3", "9.5.4", "9.5.5", "9.6.0", "9.6.1", "9.6.2", "9.7.0", "9.22.0"].map(probe)).toEqual(["syscall", "read-unwrap-tls", "read-unwrap-tls", "read-unwrap-tls", "read-unwrap-tls", "syscall", "syscall", "syscall"]);
  });

  it("pool timeouts are retried from v9.8.0 (error.go shouldRetry, 4f09082f)", () => {
    expect(at("go-redis@9.7.3").retry.retryOn.poolTimeout).toBe(false);
    expect(at("go-redis@9.8.0").retry.retryOn.poolTimeout).toBe(true);
  });

  it("Get checks at most getAttempts = 3 idle connections from v9.15.1 (internal/pool/pool.go getConn, 0ef6d072)", () => {
    expect(at("go-redis@9.14.1").pool.probesPerGetMax).toBe(0);
    expect(at("go-redis@9.15.1").pool.probesPerGetMax).toBe(3);
  });

  it("usedAt is whole Unix seconds up to v9.16.0, nanoseconds from v9.17.0 (internal/pool/conn.go SetUsedAt, 042610b7)", () => {
    expect(at("go-redis@9.16.0").pool.idleClockResolution).toBe("1s");
    expect(at("go-redis@9.17.0").pool.idleClockResolution).toBe("0s");
  });

  it("dialer retries from v9.15.1 (internal/pool/pool.go dialConn: DialerRetries 5, DialerRetryTimeout 100ms)", () => {
    expect(at("go-redis@9.14.1").network.dialAttempts).toBe(1);
    expect(at("go-redis@9.15.1").network).toMatchObject({ dialAttempts: 5, dialRetryBackoff: "100ms" });
  });

  it("dial timeouts are retried by the command loop from v9.20.0, not v9.19.0 (error.go shouldRetry check order, c615d30b)", () => {
    expect(at("go-redis@9.19.0").retry.retryOn.dialTimeout).toBe(false);
    expect(at("go-redis@9.20.0").retry.retryOn.dialTimeout).toBe(true);
  });

  it("v9.22.0 defaults: ReadTimeout 5s, PoolTimeout 6s, backoff 10ms/1s (options.go init, 5c82f57a)", () => {
    const s = at("go-redis@9.22.0");
    expect([s.network.readTimeout, s.pool.timeout, s.retry.minBackoff, s.retry.maxBackoff]).toEqual(["5s", "6s", "10ms", "1s"]);
    expect(at("go-redis@9.21.0").network.readTimeout).toBe("3s");
  });
});

describe("goVersion: go-redis ≤ v9.21's keep-alive depends on the Go that built it (options.go NewDialer: net.Dialer.KeepAlive = 5m)", () => {
  const ka = (s: Scenario) => [s.network.keepAliveIdle, s.network.keepAliveInterval, s.network.keepAliveCount];

  it("Go ≤ 1.22 sets idle and interval to 5m; Go ≥ 1.23 keeps its 15s interval (net/dial.go defaultTCPKeepAliveInterval); count 9", () => {
    expect(ka(at("go-redis@9.7.0", { goVersion: "1.22" }))).toEqual(["5m", "5m", 9]);
    expect(ka(at("go-redis@9.7.0", { goVersion: "1.23" }))).toEqual(["5m", "15s", 9]);
    expect(ka(at("go-redis@9.7.0"))).toEqual(["5m", "15s", 9]); // default goVersion 1.24
    expect(ka(at("go-redis@9.22.0", { goVersion: "1.24" }))).toEqual(["30s", "5s", 3]); // v9.22.0 KeepAliveConfig
  });

  it("a field the scenario sets still wins over the Go-derived value", () => {
    expect(ka(at("go-redis@9.7.0", { goVersion: "1.22", network: { keepAliveInterval: "1m" } }))).toEqual(["5m", "1m", 9]);
  });

  it("goVersion below go.mod's go line is refused (go.mod: go 1.21 at v9.18.0, go 1.24 at v9.19.0)", () => {
    expect(problems({ profile: "go-redis@9.17.3", goVersion: "1.20" })).toEqual([]);
    expect(problems({ profile: "go-redis@9.18.0", goVersion: "1.20" })).toEqual(["goVersion 1.20 cannot build go-redis 9.18.0: its go.mod needs Go 1.21 or newer; pick goVersion ≥ 1.21"]);
    expect(problems({ profile: "go-redis-9.22", goVersion: "1.23" })).toEqual(["goVersion 1.23 cannot build go-redis-9.22 (go-redis v9.22.0–v9.22.x): its go.mod needs Go 1.24 or newer; pick goVersion ≥ 1.24"]);
  });

  it("a silently dropped idle connection: Go 1.24 keep-alive fails it at 5m + 9 × 15s, so a command at 8m dials; with Go 1.22 (50 min) it meets the dead connection", () => {
    const scenario = (goVersion: string) =>
      at("go-redis@9.7.0", { goVersion, transport: "tcp", pool: { size: 1 }, network: { middleboxIdleTimeout: "0s" }, warmup: { idle: 1 }, disconnects: [{ at: "1s", fraction: 1, mode: "blackhole" }], workload: { kind: "sequential", commands: 1, start: "8m" } });
    const newGo = runScenario(scenario("1.24"));
    const oldGo = runScenario(scenario("1.22"));
    expect(newGo.failed).toBe(0);
    expect(newGo.dials).toBe(1);
    expect(oldGo.attempts).toBeGreaterThan(1); // the first attempt waits ReadTimeout on the dead connection
  });
});

describe("redis-py 8.x against 4.x (github.com/redis/redis-py)", () => {
  it("4.x: retry=None → Retry(NoBackoff(), 0), no handshake, no keep-alive (v4.3.4 redis/client.py Redis.__init__, redis/connection.py)", () => {
    const s = at("redis-py@4.3.4");
    expect([s.retry.maxRetries, s.network.initRoundTrips, s.network.keepAliveIdle]).toEqual([0, 0, "0s"]);
  });

  it("8.x: 10 retries, full jitter 10ms/1s, RESP3 handshake of 4 round trips (v8.0.0 redis/client.py, redis/_defaults.py, on_connect_check_health)", () => {
    const s = at("redis-py@8.1.0");
    expect([s.retry.maxRetries, s.retry.backoff, s.retry.minBackoff, s.retry.maxBackoff, s.network.initRoundTrips]).toEqual([10, "full-jitter", "10ms", "1s", 4]);
    expect(profileOptionsFor("redis-py")).toEqual(profileOptionsFor("redis-py@8.0.0"));
  });

  it("redisPyPool hand-built: a ConnectionPool passed in gives its connections Retry(NoBackoff(), 0) (v8.0.0 redis/connection.py AbstractConnection.__init__)", () => {
    const s = (redisPyPool: string) =>
      at("redis-py@8.1.0", { redisPyPool, transport: "tcp", warmup: { idle: "full" }, disconnects: [{ at: "1s", fraction: 1, mode: "blackhole" }], workload: { kind: "sequential", commands: 1, start: "1100ms" } });
    expect(s("hand-built").retry.maxRetries).toBe(0);
    // can_read() cannot see a silent connection: the read times out (5s); only a retry reconnects.
    const own = runScenario(s("own"));
    expect(own.failed).toBe(0);
    expect(own.attempts).toBe(2);
    const handBuilt = runScenario(s("hand-built"));
    expect(handBuilt.failed).toBe(1);
    expect(handBuilt.errors.timeout).toBe(1);
    expect(at("redis-py@4.3.4", { redisPyPool: "hand-built" }).retry.maxRetries).toBe(0);
  });
});
