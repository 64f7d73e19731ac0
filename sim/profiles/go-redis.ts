import type { Profile, ProfileOptions } from "./profile.ts";

/**
 * go-redis v9.5.3 (github.com/redis/go-redis at v9.5.3):
 * - internal/pool/conn_check.go: connCheck needs syscall.Conn; *tls.Conn is not one, so TLS
 *   connections are never probed; a non-blocking 1-byte read otherwise.
 * - internal/pool/pool.go Get: unbounded popIdle → isHealthyConn loop; usedAt in Unix seconds
 *   (internal/pool/conn.go SetUsedAt).
 * - options.go init: MaxRetries 3, backoff 8ms/512ms, ReadTimeout 3s, PoolTimeout 4s,
 *   ConnMaxIdleTime 30m, DialTimeout 5s; net.Dialer KeepAlive 5m (idle = interval = 5m, Linux count 9).
 * - error.go shouldRetry: pool timeout and dial timeout not retried.
 */
const v953: ProfileOptions = {
  probe: "syscall",
  pool: { order: "lifo", maxIdleTime: "30m", timeout: "4s", idleClockResolution: "1s", probesPerGetMax: 0, clearOnError: false, healthCheckInterval: "0s" },
  retry: {
    maxRetries: 3,
    minBackoff: "8ms",
    maxBackoff: "512ms",
    policy: "pool",
    backoff: "go-redis",
    retryOn: { eof: true, reset: true, timeout: true, dialRefused: true, dialTimeout: false, poolTimeout: false, readonly: true },
  },
  network: { readTimeout: "3s", writeTimeout: "3s", dialTimeout: "5s", dialAttempts: 1, keepAliveIdle: "5m", keepAliveInterval: "5m", keepAliveCount: 9 },
};

export const goRedis953: Profile = { key: "go-redis-9.5.3", doc: "TLS connections never probed; a failed check costs no retry.", options: v953 };

/**
 * go-redis v9.5.4 (and v9.5.5, v9.6.0–v9.6.1): PR #3047 unwraps *tls.Conn with NetConn() in
 * connCheck (internal/pool/conn_check.go at v9.5.4) and reads 1 byte from the TCP socket, which
 * consumes encrypted bytes: a healthy connection with pending TLS records is judged unhealthy
 * (go-redis #3137; reverted by #3138/#3145/#3154).
 */
export const goRedis954: Profile = {
  key: "go-redis-9.5.4",
  doc: "Probes TLS too, with a consuming read that can close healthy connections (churn).",
  options: { ...v953, probe: "read-unwrap-tls" },
};

/**
 * go-redis v9.7.0 (v9.6.2 likewise): the unwrap reverted (ec680aec, PR #3154), so TLS is again
 * unprobed, as in v9.5.3. Pool timeouts become retryable only in v9.8.0 (PR #3298).
 */
export const goRedis97: Profile = { key: "go-redis-9.7", doc: "The TLS probe fix reverted: as v9.5.3.", options: v953 };

const retryOnSince98 = { eof: true, reset: true, timeout: true, dialRefused: true, dialTimeout: false, poolTimeout: true, readonly: true };

/**
 * go-redis v9.15 (commit 0ef6d072, PR #3418): connCheck peeks (recvfrom MSG_PEEK|MSG_DONTWAIT),
 * still on the outer conn only, so TLS stays unprobed; Get tries at most getAttempts = 3 idle
 * connections, then dials and leaves the rest idle (internal/pool/pool.go); dialConn retries the
 * dial DialerRetries = 5 times, DialerRetryTimeout = 100ms apart (options.go init); usedAt in ns.
 */
const v915: ProfileOptions = {
  ...v953,
  pool: { ...(v953.pool as object), idleClockResolution: "0s", probesPerGetMax: 3 },
  retry: { ...(v953.retry as object), retryOn: retryOnSince98 },
  network: { ...(v953.network as object), dialAttempts: 5, dialRetryBackoff: "100ms" },
};
export const goRedis915: Profile = { key: "go-redis-9.15", doc: "At most 3 idle connections checked per Get, then a dial; dialer retries 5 × 100ms.", options: v915 };

/**
 * go-redis v9.22.0 (commit 5c82f57a, PR #3918, options.go): ReadTimeout/WriteTimeout 5s (so
 * PoolTimeout 6s), backoff 10ms/1s, keep-alive idle 30s / interval 5s / count 3; dial op errors
 * are retried even when they time out (error.go, PR #3786/#3787).
 */
export const goRedis922: Profile = {
  key: "go-redis-9.22",
  doc: "v9.15 plus new defaults: ReadTimeout 5s, backoff 10ms/1s, keep-alive 30s/5s/3, dial errors retried.",
  options: {
    ...v915,
    pool: { ...(v915.pool as object), timeout: "6s" },
    retry: { ...(v915.retry as object), minBackoff: "10ms", maxBackoff: "1s", retryOn: { ...retryOnSince98, dialTimeout: true } },
    network: { ...(v915.network as object), readTimeout: "5s", writeTimeout: "5s", keepAliveIdle: "30s", keepAliveInterval: "5s", keepAliveCount: 3 },
  },
};
