/**
 * go-redis v9 as a table of version ranges, each holding what the code at those tags does
 * (github.com/redis/go-redis, read tag by tag with `git show <tag>:<path>`; docs/go-redis-versions.md
 * lists each fact with its file and function). A range is [first, next): the first tag in it and
 * the first tag not in it; `since` names the commit that starts it. sim/profiles/go-redis.ts turns
 * a range's traits into scenario options.
 */

/** How `dialConn` dials (internal/pool/pool.go dialConn, newConn). */
export type GoRedisDialer =
  /** One Dialer call per dialConn (≤ v9.14). */
  | "single"
  /** Up to 5 calls sharing ONE DialTimeout, 100ms sleep after every failure (v9.15.1–v9.18.x). */
  | "shared-timeout"
  /** Up to 5 calls, DialTimeout each, 100ms between, none after the last (v9.19.0+, 475b50a9). */
  | "per-attempt";

/** CLIENT SETINFO in initConn, as the scenario's network.initSetinfo names it. */
export type GoRedisSetinfo = "none" | "commands-ignore-errors" | "fail-on-any-error" | "pipeline-ignore-errors" | "ignore-redis-errors";

export interface GoRedisTraits {
  /** Round trips initConn makes on a new connection with no ClientName and DB 0 (redis.go initConn). */
  initRoundTrips: number;
  /** connCheck unwraps *tls.Conn and reads the TCP socket, consuming TLS bytes (v9.5.4–v9.6.1). */
  tlsProbeUnwrapped: boolean;
  /** How initConn sends CLIENT SETINFO and what its errors do (redis.go initConn). */
  setinfo: GoRedisSetinfo;
  /** initConn sends CLIENT MAINT_NOTIFICATIONS ON (v9.15.1+, 0ef6d072). */
  maintNotifications: boolean;
  /** Idle connections Get checks before it dials; 0 = unbounded (getAttempts = 3 from v9.15.1). */
  probesPerGetMax: number;
  /** usedAt in whole Unix seconds (internal/pool/conn.go SetUsedAt, ≤ v9.16.x). */
  idleClockSeconds: boolean;
  /** A stale connection closed by Get triggers the MinIdleConns refill (CloseConn → removeConn, ≤ v9.14). */
  refillOnStaleDiscard: boolean;
  dialer: GoRedisDialer;
  /** shouldRetry retries ErrPoolTimeout (v9.8.0+, 4f09082f). */
  poolTimeoutRetried: boolean;
  /** shouldRetry retries a dial timeout (v9.20.0+, c615d30b). */
  dialTimeoutRetried: boolean;
  /** Options.init defaults: "v9" (ReadTimeout 3s, backoff 8ms/512ms, KeepAlive 5m) or "v9.22" (5s, 10ms/1s, 30s/5s/3). */
  defaults: "v9" | "v9.22";
}

export interface GoRedisRange {
  first: string;
  next: string;
  /** The commit (and PR) whose change starts this range, and what it changed. */
  since: string;
  traits: GoRedisTraits;
}

const base: GoRedisTraits = {
  initRoundTrips: 2,
  tlsProbeUnwrapped: false,
  setinfo: "pipeline-ignore-errors",
  maintNotifications: false,
  probesPerGetMax: 0,
  idleClockSeconds: true,
  refillOnStaleDiscard: true,
  dialer: "single",
  poolTimeoutRetried: false,
  dialTimeoutRetried: false,
  defaults: "v9",
};

const fixed: GoRedisTraits = { ...base, setinfo: "ignore-redis-errors" };
const v98: GoRedisTraits = { ...fixed, poolTimeoutRetried: true };
const v915: GoRedisTraits = { ...v98, maintNotifications: true, probesPerGetMax: 3, refillOnStaleDiscard: false, dialer: "shared-timeout" };
const v917: GoRedisTraits = { ...v915, idleClockSeconds: false };
const v919: GoRedisTraits = { ...v917, dialer: "per-attempt" };

/** Every supported go-redis range, oldest first, without gaps except v9.15.0 (never released). */
export const GO_REDIS_RANGES: readonly GoRedisRange[] = [
  { first: "9.0.3", next: "9.2.0", since: "3532f2a4 (#2441): the MinIdleConns refill takes a pool turn; initConn sends HELLO only", traits: { ...base, initRoundTrips: 1, setinfo: "none" } },
  { first: "9.2.0", next: "9.5.0", since: "0b6be62b (#2708): initConn sends two CLIENT SETINFO commands after HELLO, their errors ignored", traits: { ...base, initRoundTrips: 3, setinfo: "commands-ignore-errors" } },
  { first: "9.5.0", next: "9.5.1", since: "35de49a8 (#2880): the two CLIENT SETINFO join the options pipeline, whose errors fail the init (a server without SETINFO too)", traits: { ...base, setinfo: "fail-on-any-error" } },
  { first: "9.5.1", next: "9.5.4", since: "5da49b1a (#2915): CLIENT SETINFO in a pipeline of its own, every error ignored", traits: base },
  { first: "9.5.4", next: "9.5.5", since: "0858ed24 (#3047): connCheck unwraps TLS and reads the TCP socket", traits: { ...base, tlsProbeUnwrapped: true } },
  { first: "9.5.5", next: "9.6.0", since: "b413caa3 (#3295, CVE-2025-29923): SETINFO network errors fail init", traits: { ...fixed, tlsProbeUnwrapped: true } },
  { first: "9.6.0", next: "9.6.2", since: "44ba2ee0 (#3066): the TLS unwrap moves to Conn.setSysConn (SETINFO errors still ignored on this line)", traits: { ...base, tlsProbeUnwrapped: true } },
  { first: "9.6.2", next: "9.6.3", since: "90c7274b (#3145): the TLS unwrap reverted", traits: base },
  { first: "9.6.3", next: "9.7.0", since: "80360270 (#3295): SETINFO network errors fail init", traits: fixed },
  { first: "9.7.0", next: "9.7.2", since: "ec680aec (#3154): the TLS unwrap reverted on master", traits: base },
  { first: "9.7.2", next: "9.8.0", since: "0af2b32f (#3295): SETINFO network errors fail init", traits: fixed },
  { first: "9.8.0", next: "9.15.0", since: "4f09082f (#3298): pool timeouts retried", traits: v98 },
  { first: "9.15.1", next: "9.17.0", since: "0ef6d072 (#3418): 3 probes per Get (peek), dialer retries sharing one DialTimeout, MAINT_NOTIFICATIONS", traits: v915 },
  { first: "9.17.0", next: "9.19.0", since: "042610b7 (#3559): usedAt in nanoseconds; ae5434ce (#3518) MaxConcurrentDials; go.mod go 1.21 from v9.18.0", traits: v917 },
  { first: "9.19.0", next: "9.20.0", since: "475b50a9 (#3705): DialTimeout per dial attempt, no sleep after the last; go.mod go 1.24", traits: v919 },
  { first: "9.20.0", next: "9.22.0", since: "c615d30b (#3810): dial timeouts retried by the command loop", traits: { ...v919, dialTimeoutRetried: true } },
  { first: "9.22.0", next: "9.23.0", since: "5c82f57a (#3918): ReadTimeout 5s, backoff 10ms/1s, keep-alive 30s/5s/3", traits: { ...v919, dialTimeoutRetried: true, defaults: "v9.22" } },
];

/** Versions inside the span that name no release, with why. */
export const GO_REDIS_UNRELEASED: Readonly<Record<string, string>> = {
  "9.15.0": "go-redis v9.15.0 was never released (only v9.15.0-beta.1…3 were tagged); the first v9.15 release is v9.15.1",
};

/**
 * The `go` line of go.mod, by the first tag that carries it: the oldest Go that builds those
 * versions (go.mod at v9.0.3, v9.18.0 from 674c7b86 #3640, v9.19.0 from 3b155e94 #3714).
 */
export const GO_MOD_MIN: readonly { first: string; go: string }[] = [
  { first: "9.0.3", go: "1.18" },
  { first: "9.18.0", go: "1.21" },
  { first: "9.19.0", go: "1.24" },
];
