import { GO_REDIS_RANGES, type GoRedisTraits } from "./go-redis-versions.ts";
import type { Profile, ProfileOptions } from "./profile.ts";

/** The Go release that built the client, as a scenario names it ("1.22", "1.24"). */
export type GoVersion = string;

/**
 * A go-redis version range's traits (go-redis-versions.ts) as scenario options, for a client
 * built with `goVersion`. Sources, at the tags named in go-redis-versions.ts:
 * - internal/pool/conn_check.go connCheck: a non-blocking 1-byte read, skipped for *tls.Conn
 *   except where the range unwraps TLS (then a consuming read: go-redis #3137).
 * - internal/pool/pool.go getConn: getAttempts; internal/pool/conn.go SetUsedAt: usedAt units;
 *   removeConn / Remove: which closes refill MinIdleConns (v9.15.1, 0ef6d072).
 * - error.go shouldRetry: pool timeouts (v9.8.0+) and dial timeouts (v9.20.0+) retried.
 * - options.go init / NewDialer: MaxRetries 3, backoff, timeouts (PoolTimeout = ReadTimeout + 1s),
 *   ConnMaxIdleTime 30m, DialTimeout 5s, DialerRetries 5 × DialerRetryTimeout 100ms (v9.15.1+).
 */
export function goRedisOptions(t: GoRedisTraits, goVersion: GoVersion): ProfileOptions {
  const v922 = t.defaults === "v9.22";
  return {
    probe: t.tlsProbeUnwrapped ? "read-unwrap-tls" : "syscall",
    pool: {
      order: "lifo",
      maxIdleTime: "30m",
      timeout: v922 ? "6s" : "4s",
      idleClockResolution: t.idleClockSeconds ? "1s" : "0s",
      probesPerGetMax: t.probesPerGetMax,
      refillOnStaleDiscard: t.refillOnStaleDiscard,
      clearOnError: false,
      healthCheckInterval: "0s",
    },
    retry: {
      maxRetries: 3,
      minBackoff: v922 ? "10ms" : "8ms",
      maxBackoff: v922 ? "1s" : "512ms",
      policy: "pool",
      backoff: "go-redis",
      retryOn: { eof: true, reset: true, timeout: true, dialRefused: true, dialTimeout: t.dialTimeoutRetried, poolTimeout: t.poolTimeoutRetried, readonly: true, loading: true },
    },
    network: {
      readTimeout: v922 ? "5s" : "3s",
      writeTimeout: v922 ? "5s" : "3s",
      dialTimeout: "5s",
      initRoundTrips: t.initRoundTrips,
      initRetryLoop: true,
      initSetinfo: t.setinfo,
      initMaintNotifications: t.maintNotifications,
      // internal/pool/pool.go dialConn: DialerRetries 5, DialerRetryTimeout 100ms from v9.15.1; one
      // DialTimeout shared by the attempts (newConn's context) until v9.19.0 (475b50a9).
      dialAttempts: t.dialer === "single" ? 1 : 5,
      dialRetryBackoff: "100ms",
      dialTimeoutShared: t.dialer === "shared-timeout",
      ...goRedisKeepAlive(t, goVersion),
    },
  };
}

/**
 * TCP keep-alive of go-redis's default dialer. ≤ v9.21 sets only net.Dialer.KeepAlive = 5m
 * (options.go NewDialer): Go ≤ 1.22 applies it to both TCP_KEEPIDLE and TCP_KEEPINTVL (count
 * stays at Linux's 9); Go ≥ 1.23 reads it as the idle time and keeps its own defaults for the
 * rest (net/dial.go defaultTCPKeepAliveInterval 15s, defaultTCPKeepAliveCount 9). v9.22.0 sets a
 * whole KeepAliveConfig (30s / 5s / 3), whatever the Go.
 */
export function goRedisKeepAlive(t: GoRedisTraits, goVersion: GoVersion): ProfileOptions {
  if (t.defaults === "v9.22") return { keepAliveIdle: "30s", keepAliveInterval: "5s", keepAliveCount: 3 };
  if (goMinor(goVersion) <= 22) return { keepAliveIdle: "5m", keepAliveInterval: "5m", keepAliveCount: 9 };
  return { keepAliveIdle: "5m", keepAliveInterval: "15s", keepAliveCount: 9 };
}

/** "1.22" → 22. */
export function goMinor(goVersion: GoVersion): number {
  return Number(goVersion.split(".")[1]);
}

/** The Go a profile assumes unless the scenario says otherwise: the release that built the measured clients. */
export const DEFAULT_GO_VERSION: GoVersion = "1.24";

function rangeTraits(first: string): GoRedisTraits {
  const r = GO_REDIS_RANGES.find((x) => x.first === first);
  if (r === undefined) throw new Error(`no go-redis range starts at ${first}`);
  return r.traits;
}

function aliasOf(key: Profile["key"], first: string, doc: string): Profile {
  return { key, doc, options: goRedisOptions(rangeTraits(first), DEFAULT_GO_VERSION) };
}

/** v9.5.1–v9.5.3: TLS connections never probed (`*tls.Conn` is not a syscall.Conn). */
export const goRedis953 = aliasOf("go-redis-9.5.3", "9.5.1", "TLS connections never probed; a failed check costs no retry.");

/** v9.5.4: PR #3047 unwraps *tls.Conn in connCheck and consumes TLS bytes (#3137). */
export const goRedis954 = aliasOf("go-redis-9.5.4", "9.5.4", "Probes TLS too, with a consuming read that can close healthy connections (churn).");

/** v9.7.0–v9.7.1: the unwrap reverted (ec680aec, PR #3154). */
export const goRedis97 = aliasOf("go-redis-9.7", "9.7.0", "The TLS probe fix reverted: as v9.5.3.");

/** v9.15.1–v9.16.x (0ef6d072, PR #3418): getAttempts = 3, peek probe, dialer retries. */
export const goRedis915 = aliasOf("go-redis-9.15", "9.15.1", "At most 3 idle connections checked per Get, then a dial; dialer retries 5 × 100ms.");

/** v9.22.x (5c82f57a, PR #3918): new defaults. */
export const goRedis922 = aliasOf("go-redis-9.22", "9.22.0", "v9.15 plus new defaults: ReadTimeout 5s, backoff 10ms/1s, keep-alive 30s/5s/3, dial errors retried.");
