/**
 * The scenario's parameter spec: the single source of truth for every field's meaning, unit,
 * default, range and choices. The resolver validates against it, the CLI's --set and the web
 * app's controls are generated from it, and CSV columns are named by its paths.
 * Defaults are go-redis v9.5 defaults (internal/pool/pool.go, options.go init) unless noted.
 */

export type Leaf =
  | { type: "int"; default: number | null; min: number; max: number; unit?: string; doc: string }
  | { type: "number"; default: number | null; min: number; max: number; unit?: string; doc: string }
  /** `minNonzero`, when given (with min "0s"), is the floor of any value but 0s, which turns the setting off. */
  | { type: "duration"; default: string; min: string; max: string; minNonzero?: string; doc: string }
  /** `accepts`, when given, admits values beyond the listed choices: null for a good one, else why not. */
  | { type: "enum"; default: string; choices: readonly string[]; accepts?: (value: string) => string | null; doc: string }
  | { type: "bool"; default: boolean; doc: string }
  | { type: "intOrFull"; default: number | "full"; min: number; max: number; doc: string };

export type Node = Leaf | Group | List | Union;
export interface Group { type: "group"; fields: Record<string, Node>; doc?: string }
/** An array of groups, e.g. disconnects. */
export interface List { type: "list"; item: Group; default: readonly unknown[]; maxItems: number; doc: string }
/** A group whose fields depend on its `kind` field, e.g. workload. */
export interface Union { type: "union"; variants: Record<string, Group>; default: string; doc: string }

import { GO_VERSIONS, profileNameProblem, REDIS_PY_POOLS, VERSIONED_PROFILE_NAMES } from "../profiles/versions.ts";
import { multiplexedSpec } from "./multiplexed-spec.ts";

const DURATION_MAX = "720h";

export const PROBE_KEYS = ["none", "syscall", "tls-aware", "peek", "read-unwrap-tls", "ping-on-borrow", "ping-if-idle", "ping-if-due"] as const;
/** How a concurrent workload's clients spread their first commands (workload.startSpread). */
export const START_SPREADS = ["fixed", "uniform", "exponential"] as const;
export const DISCONNECT_MODES = ["fin", "rst", "reset-on-use", "blackhole", "readonly"] as const;
export const PROFILE_KEYS = [
  "go-redis-9.5.3",
  "go-redis-9.5.4",
  "go-redis-9.7",
  "go-redis-9.15",
  "go-redis-9.22",
  "database-sql",
  "redis-py",
  "pgxpool",
  "hikaricp",
  "mongodb-cmap",
  "ioredis@5",
  "ioredis@6",
  "node-redis@4",
  "node-redis@5",
] as const;

const retryOn = {
  type: "group",
  doc: "Which error kinds a command retries (go-redis v9.5 error.go shouldRetry).",
  fields: {
    eof: { type: "bool", default: true, doc: "EOF on read (the server's FIN): retried." },
    reset: { type: "bool", default: true, doc: "Connection reset (RST): retried (a non-timeout net error)." },
    timeout: { type: "bool", default: true, doc: "Read/write i/o timeout on an ordinary command: retried (retryTimeout flag set)." },
    dialRefused: { type: "bool", default: true, doc: "Dial refused (server down): retried (a non-timeout net error)." },
    dialTimeout: { type: "bool", default: false, doc: "Dial timeout: not retried in v9.5 (a timeout reached via getConn leaves retryTimeout 0)." },
    poolTimeout: { type: "bool", default: false, doc: "Pool timeout: not retried before v9.8.0 (PR #3298)." },
    readonly: { type: "bool", default: true, doc: "READONLY reply (the node became a replica after a failover): retried, and the connection is closed (error.go shouldRetry, isBadConn)." },
    badConn: { type: "bool", default: true, doc: "A connection found bad at checkout with pool.onBadCheckout \"fail-attempt\" (database/sql driver.ErrBadConn): retried." },
    redisError: { type: "bool", default: false, doc: "A Redis error reply shouldRetry does not name, e.g. ERR unknown subcommand when go-redis v9.5.0's init meets a server without CLIENT SETINFO (server.setinfo false): not retried (error.go shouldRetry)." },
    loading: { type: "bool", default: true, doc: "LOADING reply (a restarted server still loading its dataset): retried, and the connection is kept (go-redis error.go shouldRetry, isBadConn)." },
  },
} as const satisfies Group;

const budget = {
  type: "union",
  default: "none",
  doc: "An optional retry budget in front of every retry (go-redis has none). A retry it refuses ends the command with its last error.",
  variants: {
    none: { type: "group", fields: {} },
    "token-bucket": {
      type: "group",
      doc: "AWS SDK standard retry quota (aws-sdk-go-v2 aws/retry/standard.go).",
      fields: {
        capacity: { type: "int", default: 500, min: 1, max: 1_000_000, unit: "tokens", doc: "Tokens in a full bucket (it starts full)." },
        retryCost: { type: "int", default: 5, min: 0, max: 1_000_000, unit: "tokens", doc: "Tokens a retry takes." },
        timeoutRetryCost: { type: "int", default: 10, min: 0, max: 1_000_000, unit: "tokens", doc: "Tokens a retry after a timeout takes." },
        successIncrement: { type: "int", default: 1, min: 0, max: 1_000_000, unit: "tokens", doc: "Tokens a successful attempt returns (up to capacity)." },
      },
    },
    ratio: {
      type: "group",
      doc: "Finagle RetryBudget / Envoy-style: retries may be a percentage of recent requests, plus a floor.",
      fields: {
        percent: { type: "number", default: 20, min: 0, max: 1000, unit: "%", doc: "Retries allowed as a percentage of requests in the window." },
        minRetriesPerSecond: { type: "number", default: 10, min: 0, max: 1_000_000, unit: "retries/s", doc: "Retries always allowed, whatever the request count." },
        window: { type: "duration", default: "10s", min: "1s", max: "1h", doc: "How far back requests and retries count (Finagle ttl)." },
      },
    },
    grpc: {
      type: "group",
      doc: "gRPC retry throttling (grpc/proposal A6): a token count that failures drain and successes refill.",
      fields: {
        maxTokens: { type: "number", default: 10, min: 1, max: 1000, unit: "tokens", doc: "Starting and maximum token count." },
        tokenRatio: { type: "number", default: 0.1, min: 0, max: 1000, unit: "tokens", doc: "Tokens a success adds; a failed attempt takes 1. Retries only while tokens > maxTokens / 2." },
      },
    },
  },
} as const satisfies Union;

const disconnect = {
  type: "group",
  fields: {
    at: { type: "duration", default: "1s", min: "0s", max: DURATION_MAX, doc: "When the disconnect happens." },
    fraction: { type: "number", default: null, min: 0, max: 1, doc: "Hits exactly floor(fraction × n) of the n open connections, chosen uniformly. Give fraction or count, not both; neither means fraction 1." },
    count: { type: "int", default: null, min: 0, max: 1_000_000, unit: "connections", doc: "Hits exactly min(count, n) open connections, chosen uniformly. Give fraction or count, not both." },
    mode: { type: "enum", default: "fin", choices: DISCONNECT_MODES, doc: "fin: the server closed (EOF waits on the socket); rst: a reset arrived; reset-on-use: the peer forgot the connection silently, the next write draws an RST; blackhole: the peer is gone, nothing ever arrives; readonly: a failover made the node a replica, the socket stays open but commands get READONLY." },
    serverDown: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "How long the server stays down after the disconnect: dials are refused (or hang until dialTimeout in blackhole mode)." },
    loading: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "How long the server then loads its dataset (after serverDown): it accepts connections and runs HELLO and CLIENT SETINFO (redis/redis src/commands/hello.json, client-setinfo.json: flag loading), but answers commands with LOADING." },
    loadingStartsAfter: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "How long after the restarted server begins listening its load starts (within `loading`): it finishes initialising first and answers nobody meanwhile. redis 7.0.15 logs \"Server initialized\" once listening and \"Loading RDB produced by version\" as the load starts (src/server.c main, src/rdb.c rdbLoadRio): 12 ms apart on an idle machine. loadingEventsEvery's points and INFO's loading_eta_seconds count from the load's start." },
    loadingEventsEvery: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "While it loads, the server gets to its clients only this often: a request (a connection's command, ioredis's INFO ready check) is answered at the next such point after the load's start, or when the load ends. Redis runs its event loop only each time the bytes read pass a multiple of loading-process-events-interval-bytes (2 MB: redis 7.0 src/rdb.c rdbLoadProgressCallback), so this is about loading × 2 MB / RDB file size; 0s answers at once." },
    every: { type: "duration", default: "0s", min: "0s", minNonzero: "1ms", max: DURATION_MAX, doc: "Repeat period (rolling replacements); 0s means once. Repeats stop when the workload ends or at `until`. At least 1ms, as pool.healthCheckInterval: finer repeats model no real server and only add events." },
    until: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "Last time a repetition may start; 0s means no limit but the workload's end." },
  },
} as const satisfies Group;

const start = { type: "duration", default: "1100ms", min: "0s", max: DURATION_MAX, doc: "When the first command is issued." } as const;

export const scenarioSpec = {
  type: "group",
  fields: {
    profile: { type: "enum", default: "go-redis-9.5.3", choices: [...PROFILE_KEYS, ...VERSIONED_PROFILE_NAMES], accepts: profileNameProblem, doc: "A client and version whose behaviour and defaults the scenario starts from; any field set in the scenario overrides the profile's. Also go-redis@<version> or redis-py@<version> as in go.mod or requirements.txt (e.g. go-redis@9.16.0): the version range it falls in (docs/go-redis-versions.md)." },
    seed: { type: "int", default: 1, min: 0, max: Number.MAX_SAFE_INTEGER, doc: "Experiment seed; every run's random streams derive from (seed, replication, subsystem)." },
    goVersion: { type: "enum", default: "1.24", choices: GO_VERSIONS, doc: "The Go release that built a go-redis client (later releases behave as 1.25). go-redis ≤ v9.21 sets only net.Dialer.KeepAlive = 5m: Go ≤ 1.22 makes that idle 5m / interval 5m / count 9, Go ≥ 1.23 idle 5m / interval 15s / count 9. Must be at least go.mod's go line (1.21 from v9.18.0, 1.24 from v9.19.0). Default 1.24, the Go of the measured clients." },
    redisPyPool: { type: "enum", default: "own", choices: REDIS_PY_POOLS, doc: "How a redis-py client got its pool. own: redis.Redis(host=...) builds it and hands it its Retry (8.x: 10 retries, 10ms/1s full jitter); hand-built: a ConnectionPool made by hand and passed in, whose connections get Retry(NoBackoff(), 0): no retry, in every version. Other clients ignore it." },
    transport: { type: "enum", default: "tls", choices: ["tls", "tcp"], doc: "tls: the client holds a *tls.Conn, which the go-redis probe cannot see through; tcp: a plain socket." },
    probe: { type: "enum", default: "syscall", choices: PROBE_KEYS, doc: "Health check on Get. none: never; syscall: go-redis's non-blocking 1-byte read, plain TCP only (TLS passes unchecked: the bug); tls-aware: the same read on every connection (the fix); peek: MSG_PEEK under TLS too, pending bytes count as alive; read-unwrap-tls: go-redis v9.5.4's consuming read under TLS, which also closes healthy connections with pending TLS bytes; ping-on-borrow: a PING round trip before every use; ping-if-idle: a PING only when idle longer than probeOptions.pingIdleThreshold; ping-if-due: redis-py's health-check PING, when probeOptions.healthCheckInterval has passed since the connection's last reply (0s: never)." },
    probeOptions: {
      type: "group",
      fields: {
        secondCheck: { type: "enum", default: "none", choices: PROBE_KEYS, doc: "A second check at the same Get, run after probe lets a connection through, or on the new socket when probe found it dead and pool.onBadCheckout is redial. none: no second check. redis-py runs can_read() (tls-aware) then its health-check PING (ping-if-due): the read costs nothing and sees FIN and RST; the PING costs one RTT and also sees a half-open peer (an RST one RTT later) and a blackholed one (after the ping timeout), which the read passes." },
        pendingBytesProbability: { type: "number", default: 0, min: 0, max: 1, doc: "Chance that a healthy TLS connection has unread TLS bytes (post-handshake records) when read-unwrap-tls probes it, which then closes it needlessly. 0 matches redis-server 7.0.15 over TLS 1.3 on loopback, where v9.5.4 closed no healthy connection; the churn of go-redis #3137/#3138 came from production clusters." },
        pingIdleThreshold: { type: "duration", default: "1s", min: "0s", max: DURATION_MAX, doc: "ping-if-idle pings a connection idle longer than this (pgxpool: 1s; HikariCP aliveBypassWindowMs: 500ms)." },
        pingTimeout: { type: "duration", default: "0s", min: "0s", max: "1h", doc: "How long a PING on a silent connection waits; 0s means network.readTimeout." },
        healthCheckInterval: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "redis-py health_check_interval, for ping-if-due: PING before use when more than this has passed since the connection's last reply, and on a new connection's first use; 0s (redis-py's default) never pings." },
      },
    },
    pool: {
      type: "group",
      fields: {
        size: { type: "int", default: 10, min: 1, max: 100_000, unit: "connections", doc: "PoolSize: max open pooled connections and max commands holding one at once (go-redis default 10 × GOMAXPROCS; 10 here)." },
        order: { type: "enum", default: "lifo", choices: ["lifo", "fifo"], doc: "Which idle connection Get takes: lifo (last returned, go-redis default) or fifo (PoolFIFO)." },
        minIdle: { type: "intOrFull", default: 0, min: 0, max: 100_000, doc: "MinIdleConns: background dials keep at least this many idle connections (\"full\" for pool.size)." },
        maxIdle: { type: "int", default: 0, min: 0, max: 100_000, unit: "connections", doc: "MaxIdleConns: Put closes a connection beyond this many idle; 0 means unlimited." },
        maxIdleTime: { type: "duration", default: "30m", min: "0s", max: DURATION_MAX, doc: "ConnMaxIdleTime: Get discards a connection idle this long; 0s disables." },
        maxLifetime: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "ConnMaxLifetime: Get discards a connection this old; 0s disables." },
        timeout: { type: "duration", default: "4s", min: "0s", max: DURATION_MAX, doc: "PoolTimeout: how long a command waits for a free slot before a pool-timeout error (ReadTimeout + 1s)." },
        idleClockResolution: { type: "duration", default: "1s", min: "0s", max: "1h", doc: "Resolution of a connection's last-used time, as maxIdleTime sees it: go-redis ≤ v9.14 stores it in Unix seconds (internal/pool/conn.go SetUsedAt), so 1s; 0s means exact." },
        clearOnError: { type: "bool", default: false, doc: "Clear the whole pool on the first non-timeout network error (MongoDB CMAP: bump the pool generation; older connections are discarded at checkout and check-in)." },
        healthCheckInterval: { type: "duration", default: "0s", min: "0s", minNonzero: "1ms", max: DURATION_MAX, doc: "Every interval, check all idle connections in the background (age and idle time, plus a PING if healthCheckPing); 0s disables (go-redis v9 has none; pgxpool 1m, Jedis evictor 30s). At least 1ms: Java pools schedule it in whole milliseconds (commons-pool2 2.13.1 EvictionTimer.schedule passes period.toMillis() to scheduleWithFixedDelay, which refuses 0; HikariCP housekeepingPeriodMs)." },
        healthCheckPing: { type: "bool", default: false, doc: "The background health check also PINGs each idle connection, catching any dead one (Jedis testWhileIdle)." },
        onBadCheckout: { type: "enum", default: "next", choices: ["next", "redial", "fail-attempt"], doc: "What checkout does with an idle connection it finds expired or dead. next: close it and try the next idle one, no retry spent (go-redis Get); redial: reconnect that connection object at once (redis-py get_connection); fail-attempt: end the attempt with driver.ErrBadConn, spending a retry (database/sql conn())." },
        refillOnStaleDiscard: { type: "bool", default: true, doc: "Closing a connection Get found expired or dead (CloseConn), or one Put finds past maxIdle, refills minIdle at once (go-redis ≤ v9.14: removeConn calls checkMinIdleConns). false: only Remove, after a failed command, refills, once its pool turn is freed (v9.15.1+, 0ef6d072: internal/pool/pool.go Remove)." },
        probesPerGetMax: { type: "int", default: 0, min: 0, max: 1_000_000, doc: "Idle connections checked per Get before it dials instead; 0 means unbounded (≤ v9.14; v9.15+ uses 3)." },
        onDialError: { type: "enum", default: "fail-attempt", choices: ["fail-attempt", "redial"], doc: "What a failed dial for a waiting command does. fail-attempt: the attempt fails with the dial error, spending a retry (go-redis, redis-py); redial: the pool dials again at once, as often as it takes, and the command waits until a dial succeeds or pool.timeout after the attempt began (generic-pool 3.9.0 lib/Pool.js: a factory create error calls _dispense, which creates again while callers wait; acquireTimeoutMillis ends the wait)." },
      },
    },
    retry: {
      type: "group",
      fields: {
        maxRetries: { type: "int", default: 3, min: 0, max: 10_000, unit: "retries", doc: "Retries after the first attempt: a command makes maxRetries + 1 attempts, so 0 means one attempt. Trap: go-redis's Options read 0 as 'default 3' and -1 as 'no retries'; here 0 means none." },
        minBackoff: { type: "duration", default: "8ms", min: "0s", max: DURATION_MAX, doc: "MinRetryBackoff. Before retry k the command sleeps min + uniform[0, min·2^k), capped at maxBackoff." },
        maxBackoff: { type: "duration", default: "512ms", min: "0s", max: DURATION_MAX, doc: "MaxRetryBackoff: the cap on one backoff sleep." },
        policy: { type: "enum", default: "pool", choices: ["pool", "fresh-last-attempt", "reconnect"], doc: "Where a retry's connection comes from. pool: Get from the pool again (go-redis); fresh-last-attempt: the last attempt always dials (database/sql alwaysNewConn); reconnect: the command keeps its slot and every retry dials a new socket (redis-py)." },
        backoff: { type: "enum", default: "go-redis", choices: ["go-redis", "full-jitter", "none"], doc: "go-redis: min + U[0, min·2^k) capped at max; full-jitter: min(max, U[0,1)·min·2^k) (redis-py ExponentialWithJitterBackoff, base = minBackoff); none: retry at once." },
        retryOn,
        budget,
      },
    },
    client: { type: "enum", default: "pooled", choices: ["pooled", "multiplexed"], doc: "pooled: each command borrows a connection from a pool and retries on another (go-redis and peers); multiplexed: every command shares a few sockets that reconnect by themselves, queue commands meanwhile and may re-send them (ioredis, node-redis). For multiplexed clients the multiplexed fields apply and pool, probe and retry do not." },
    multiplexed: multiplexedSpec,
    network: {
      type: "group",
      fields: {
        rtt: { type: "duration", default: "1ms", min: "0s", max: "1h", doc: "Round-trip time of one command on a healthy connection." },
        dialTime: { type: "duration", default: "2ms", min: "0s", max: "1h", doc: "Time to open a connection (TCP plus TLS handshake) when the server is up." },
        tlsContextSetup: { type: "duration", default: "0s", min: "0s", max: "1h", doc: "Time every TLS dial spends building a new TLS context after its TCP connect and before its TLS handshake (transport tls, pooled clients only), outside the dial timeout. redis-py calls ssl.create_default_context() on every connect, loading the CA store (redis/connection.py SSLConnection._connect at v4.3.4, _wrap_socket_with_ssl at v8.1.0; after socket_connect_timeout's connect); 0s for clients that reuse one context (go-redis: one tls.Config)." },
        initRoundTrips: { type: "int", default: 2, min: 0, max: 100, unit: "round trips", doc: "Round trips to initialise a new connection after the dial (go-redis v9 initConn: HELLO 3, then a pipeline of CLIENT SETINFO)." },
        initRetryLoop: { type: "bool", default: true, doc: "The init's commands run through the client's own retry loop on a one-connection pool, holding the pool turn (go-redis every v9: redis.go initConn, newConn(opt, NewSingleConnPool(...)); internal/pool/pool_single.go keeps the first error sticky). A network error there costs the inner backoffs before the attempt fails: maxRetries of them after EOF or a reset, or in a pipeline; one after a single command's read timeout. false: an init error fails the attempt at once (redis-py, the SQL pools)." },
        initSetinfo: { type: "enum", default: "pipeline-ignore-errors", choices: ["none", "commands-ignore-errors", "fail-on-any-error", "pipeline-ignore-errors", "ignore-redis-errors"], doc: "CLIENT SETINFO in the init, taken as its last round trips (after HELLO), and what its errors do (go-redis redis.go initConn). none: not sent (≤ v9.1, redis-py 4.x). commands-ignore-errors: two commands, each with its own retry loop, every error ignored, so the command is then written to a dead connection (v9.2.0–v9.4.x; counts 2 of initRoundTrips). fail-on-any-error: inside the options pipeline, any error fails the init, a server's refusal too (v9.5.0). pipeline-ignore-errors: one pipeline, every error ignored (v9.5.1–v9.5.4, v9.6.0–v9.6.2, v9.7.0–v9.7.1). ignore-redis-errors: a network error fails the init, a Redis error is ignored (v9.5.5, v9.6.3, v9.7.2 and later: CVE-2025-29923; redis-py 5.0+)." },
        initMaintNotifications: { type: "bool", default: false, doc: "initConn also sends CLIENT MAINT_NOTIFICATIONS ON (go-redis v9.15.1+, redis.go initConn, 0ef6d072): one more round trip per new connection while server.maintNotifications; a server that answers with an error turns it off for the whole client after its first reply (auto mode)." },
        dialTimeout: { type: "duration", default: "5s", min: "0s", max: "1h", doc: "DialTimeout: how long a dial to a blackholed server hangs before it fails." },
        readTimeout: { type: "duration", default: "3s", min: "0s", max: "1h", doc: "ReadTimeout: how long a read on a silent (blackholed) connection waits before an i/o timeout." },
        writeTimeout: { type: "duration", default: "3s", min: "0s", max: "1h", doc: "WriteTimeout. Accepted for parity with go-redis; a write here never fills the socket buffer, so it never fires." },
        dialAttempts: { type: "int", default: 1, min: 1, max: 100, unit: "attempts", doc: "Dial attempts inside one dial (go-redis v9.15+ DialerRetries: 5); the breaker counts the dial once." },
        dialRetryBackoff: { type: "duration", default: "100ms", min: "0s", max: "1h", doc: "Sleep after a failed dial attempt (DialerRetryTimeout): between attempts, and after the last one too when dialTimeoutShared." },
        dialTimeoutShared: { type: "bool", default: false, doc: "All attempts of one dial share ONE dialTimeout, and a dialRetryBackoff sleep follows every failure, the last included (go-redis v9.15.1–v9.18.x newConn/dialConn); false: dialTimeout per attempt, no sleep after the last (v9.19.0+)." },
        synRetransmits: { type: "enum", default: "linux", choices: ["linux", "linux-exponential", "none"], doc: "When the kernel resends an unanswered SYN, so a dial pending when a blackhole window ends connects at the next resend. linux: 1s apart for the first five, then doubling (0, 1, 2, 3, 4, 5, 7 s; tcp_syn_linear_timeouts 4, Linux 6.5+); linux-exponential: 0, 1, 3, 7, 15, 31, 63 s (older kernels); none: a pending dial waits for its dialTimeout." },
        keepAliveIdle: { type: "duration", default: "5m", min: "0s", max: DURATION_MAX, doc: "TCP keep-alive: idle time before the first probe, rounded up to whole seconds as Go does; 0s disables keep-alive (go-redis ≤ v9.21: net.Dialer KeepAlive 5m; v9.22: 30s)." },
        keepAliveInterval: { type: "duration", default: "5m", min: "1s", max: DURATION_MAX, doc: "TCP keep-alive: time between unanswered probes, rounded up to whole seconds (go-redis ≤ v9.21: KeepAlive 5m with Go ≤ 1.22, Go's 15s with Go ≥ 1.23; v9.22: 5s)." },
        keepAliveCount: { type: "int", default: 9, min: 1, max: 1000, unit: "probes", doc: "TCP keep-alive: unanswered probes before the kernel fails the socket (Linux default 9; v9.22: 3)." },
        middleboxIdleTimeout: { type: "duration", default: "350s", min: "0s", max: DURATION_MAX, doc: "A load balancer or NAT between client and server silently drops a flow idle this long (default: AWS NLB's 350s; Azure LB 4m); 0s means no middlebox. Keep-alive probes sent more often (keepAliveIdle below it) keep the flow alive." },
      },
    },
    server: {
      type: "group",
      fields: {
        idleTimeout: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "Redis `timeout`: the server closes (FIN) a connection idle this long; 0s disables (redis.conf default)." },
        setinfo: { type: "bool", default: true, doc: "The server knows CLIENT SETINFO (Redis 7.2 and later); false answers it with an error, as Redis < 7.2 does. Only network.initSetinfo fail-on-any-error (go-redis v9.5.0) then fails every new connection's init." },
        maintNotifications: { type: "bool", default: false, doc: "The server accepts CLIENT MAINT_NOTIFICATIONS (Redis Enterprise / Redis Cloud); false answers it with an error, as open-source redis-server 7.x does." },
      },
    },
    warmup: {
      type: "group",
      fields: {
        idle: { type: "intOrFull", default: 0, min: 0, max: 100_000, doc: "Idle connections in the pool at time 0 (a count ≤ pool.size, or \"full\" for pool.size)." },
      },
    },
    disconnects: { type: "list", item: disconnect, default: [], maxItems: 100, doc: "Server-side disconnect events." },
    workload: {
      type: "union",
      default: "sequential",
      doc: "Who issues commands.",
      variants: {
        sequential: {
          type: "group",
          fields: {
            commands: { type: "int", default: 20, min: 1, max: 100_000_000, unit: "commands", doc: "Commands issued one after another, like one goroutine." },
            start,
          },
        },
        concurrent: {
          type: "group",
          fields: {
            clients: { type: "int", default: 4, min: 1, max: 100_000, unit: "clients", doc: "Clients released together at start (spread by startGap)." },
            commands: { type: "int", default: 20, min: 1, max: 100_000_000, unit: "commands", doc: "Commands each client issues in a closed loop." },
            think: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "Pause between one client's commands." },
            start,
            startSpread: { type: "enum", default: "fixed", choices: START_SPREADS, doc: "How the clients' first commands spread after start, client i starting i gaps after client 0 (callers leaving a barrier take connections one after another). fixed: every gap is startGap; uniform: each gap uniform in [0, 2·startGap); exponential: each gap exponential with mean startGap (the skewed gaps measured for Python threads, docs/start-spread.md)." },
            startGap: { type: "duration", default: "0s", min: "0s", max: "1h", doc: "Mean gap between one client's first command and the next client's. 0s (the default) starts every client at the same instant, as before this field existed; measured: tens of µs for goroutines, 100–300 µs for Python threads (docs/start-spread.md)." },
          },
        },
        poisson: {
          type: "group",
          fields: {
            rate: { type: "number", default: 100, min: 0.001, max: 10_000_000, unit: "commands/s", doc: "Mean arrival rate of an open-loop Poisson stream." },
            duration: { type: "duration", default: "60s", min: "1us", max: DURATION_MAX, doc: "How long arrivals continue after start." },
            start,
          },
        },
      },
    },
    limits: {
      type: "group",
      fields: {
        eventsMax: { type: "int", default: 200_000_000, min: 1, max: Number.MAX_SAFE_INTEGER, unit: "events", doc: "Events one run may process; a run that reaches it ends with outcome eventLimit." },
      },
    },
  },
} as const satisfies Group;
