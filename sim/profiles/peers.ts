import type { Profile } from "./profile.ts";
import { REDIS_PY_RANGES } from "./redis-py-versions.ts";

/**
 * Go database/sql (src/database/sql/sql.go, Go 1.19 and master `retry`): maxBadConnRetries = 2
 * attempts with cachedOrNewConn, then one with alwaysNewConn (3 attempts, the last on a fresh
 * dial), no backoff; most recently returned free conn first; defaultMaxIdleConns = 2. conn()
 * takes one free conn per attempt: one past MaxLifetime is closed and returns driver.ErrBadConn,
 * which spends an attempt; so does a dead one that the driver's ResetSession catches (modelled
 * on go-sql-driver/mysql, whose CheckConnLiveness is on by default: a non-blocking read on the
 * raw socket). Only ErrBadConn is retried, and drivers return it only when nothing was sent, so
 * an error after the write (EOF, reset, timeout) or a failed dial ends the command.
 * ConnMaxIdleTime is enforced only by the background cleaner; MaxOpenConns is unlimited by
 * default, and pool.size stands for it.
 */
export const databaseSql: Profile = {
  key: "database-sql",
  doc: "Two attempts on pooled connections, the last attempt always on a new one; no backoff.",
  options: {
    probe: "tls-aware",
    pool: { order: "lifo", maxIdle: 2, maxIdleTime: "0s", idleClockResolution: "0s", timeout: "720h", onBadCheckout: "fail-attempt" },
    retry: {
      maxRetries: 2,
      policy: "fresh-last-attempt",
      backoff: "none",
      retryOn: { eof: false, reset: false, timeout: false, dialRefused: false, dialTimeout: false, poolTimeout: false, readonly: false, badConn: true, loading: false },
    },
    // Init errors fail the connect at once: no inner retry loop, no CLIENT SETINFO.
    network: { initRetryLoop: false, initSetinfo: "none" },
  },
};

/**
 * redis-py 8.x (sim/profiles/redis-py-versions.ts has the sources, and 4.x): can_read() on
 * checkout reconnects a dead connection without spending a retry; every retry reconnects the same
 * Connection object, so every retry is a fresh socket. health_check_interval is 0 (off): set
 * probeOptions.healthCheckInterval and the profile's second check (probeOptions.secondCheck "ping-if-due") PINGs.
 */
export const redisPy: Profile = {
  key: "redis-py",
  doc: REDIS_PY_RANGES[1].doc,
  options: REDIS_PY_RANGES[1].options,
};

/**
 * pgx v5 pgxpool (pgxpool/pool.go Acquire, checkHealth; defaults at v5.10.0): Acquire pings a
 * connection idle longer than 1s (ShouldPing default) and destroys it on failure; a background
 * health check every 1m destroys idle conns past MaxConnLifetime (1h) or MaxConnIdleTime (30m),
 * without pinging; MaxConns = max(4, NumCPU); queries are not retried. Acquire waits until the
 * context ends (no pool timeout of its own).
 */
export const pgxpool: Profile = {
  key: "pgxpool",
  doc: "PING before reuse when idle > 1s; background age check every minute; no query retry.",
  options: {
    probe: "ping-if-idle",
    probeOptions: { pingIdleThreshold: "1s" },
    pool: { size: 4, order: "lifo", maxIdleTime: "30m", maxLifetime: "1h", idleClockResolution: "0s", timeout: "720h", healthCheckInterval: "1m", healthCheckPing: false },
    retry: { maxRetries: 0, backoff: "none" },
    // Init errors fail the connect at once: no inner retry loop, no CLIENT SETINFO.
    network: { initRetryLoop: false, initSetinfo: "none" },
  },
};

/**
 * HikariCP 6.0.0 (pool/HikariPool.java getConnection, HikariConfig.java defaults): a borrowed
 * connection idle longer than aliveBypassWindowMs (500ms) is tested with isValid() (a round
 * trip, validationTimeout 5s) and closed if dead; no query retry; maximumPoolSize 10,
 * minimumIdle = maximumPoolSize, connectionTimeout 30s, maxLifetime 30m, keepaliveTime off.
 */
export const hikaricp: Profile = {
  key: "hikaricp",
  doc: "Validity check when idle > 500ms; no query retry; pool kept full.",
  options: {
    probe: "ping-if-idle",
    probeOptions: { pingIdleThreshold: "500ms", pingTimeout: "5s" },
    pool: { size: 10, minIdle: "full", order: "lifo", maxIdleTime: "0s", maxLifetime: "30m", idleClockResolution: "0s", timeout: "30s" },
    retry: { maxRetries: 0, backoff: "none" },
    // Init errors fail the connect at once: no inner retry loop, no CLIENT SETINFO.
    network: { initRetryLoop: false, initSetinfo: "none" },
  },
};

/**
 * MongoDB drivers (mongodb/specifications CMAP and SDAM): a non-timeout network error marks the
 * server Unknown and clears the pool (the generation goes up, older connections are perished and
 * discarded at checkout/check-in); no liveness probe on checkout; retryable reads/writes retry
 * once; maxPoolSize 100, maxIdleTimeMS off, waitQueueTimeoutMS off.
 */
export const mongodbCmap: Profile = {
  key: "mongodb-cmap",
  doc: "First network error clears the whole pool; one retry.",
  options: {
    probe: "none",
    pool: { size: 100, order: "lifo", maxIdleTime: "0s", idleClockResolution: "0s", clearOnError: true, timeout: "720h" },
    retry: { maxRetries: 1, backoff: "none" },
    // Init errors fail the connect at once: no inner retry loop, no CLIENT SETINFO.
    network: { initRetryLoop: false, initSetinfo: "none" },
  },
};
