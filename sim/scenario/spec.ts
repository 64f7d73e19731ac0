/**
 * The scenario's parameter spec: the single source of truth for every field's meaning, unit,
 * default, range and choices. The resolver validates against it, the CLI's --set and the web
 * app's controls are generated from it, and CSV columns are named by its paths.
 * Defaults are go-redis v9.5 defaults (internal/pool/pool.go, options.go init) unless noted.
 */

export type Leaf =
  | { type: "int"; default: number | null; min: number; max: number; unit?: string; doc: string }
  | { type: "number"; default: number | null; min: number; max: number; unit?: string; doc: string }
  | { type: "duration"; default: string; min: string; max: string; doc: string }
  | { type: "enum"; default: string; choices: readonly string[]; doc: string }
  | { type: "bool"; default: boolean; doc: string }
  | { type: "intOrFull"; default: number | "full"; min: number; max: number; doc: string };

export type Node = Leaf | Group | List | Union;
export interface Group { type: "group"; fields: Record<string, Node>; doc?: string }
/** An array of groups, e.g. disconnects. */
export interface List { type: "list"; item: Group; default: readonly unknown[]; maxItems: number; doc: string }
/** A group whose fields depend on its `kind` field, e.g. workload. */
export interface Union { type: "union"; variants: Record<string, Group>; default: string; doc: string }

const DURATION_MAX = "720h";

export const PROBE_KEYS = ["none", "syscall", "tls-aware"] as const;
export const DISCONNECT_MODES = ["fin", "rst", "reset-on-use", "blackhole"] as const;

const retryOn: Group = {
  type: "group",
  doc: "Which error kinds a command retries (go-redis v9.5 error.go shouldRetry).",
  fields: {
    eof: { type: "bool", default: true, doc: "EOF on read (the server's FIN): retried." },
    reset: { type: "bool", default: true, doc: "Connection reset (RST): retried (a non-timeout net error)." },
    timeout: { type: "bool", default: true, doc: "Read/write i/o timeout on an ordinary command: retried (retryTimeout flag set)." },
    dialRefused: { type: "bool", default: true, doc: "Dial refused (server down): retried (a non-timeout net error)." },
    dialTimeout: { type: "bool", default: false, doc: "Dial timeout: not retried in v9.5 (a timeout reached via getConn leaves retryTimeout 0)." },
    poolTimeout: { type: "bool", default: false, doc: "Pool timeout: not retried before v9.8.0 (PR #3298)." },
  },
};

const disconnect: Group = {
  type: "group",
  fields: {
    at: { type: "duration", default: "1s", min: "0s", max: DURATION_MAX, doc: "When the disconnect happens." },
    fraction: { type: "number", default: null, min: 0, max: 1, doc: "Hits exactly floor(fraction × n) of the n open connections, chosen uniformly. Give fraction or count, not both; neither means fraction 1." },
    count: { type: "int", default: null, min: 0, max: 1_000_000, unit: "connections", doc: "Hits exactly min(count, n) open connections, chosen uniformly. Give fraction or count, not both." },
    mode: { type: "enum", default: "fin", choices: DISCONNECT_MODES, doc: "fin: the server closed (EOF waits on the socket); rst: a reset arrived; reset-on-use: the peer forgot the connection silently, the next write draws an RST; blackhole: the peer is gone, nothing ever arrives." },
    serverDown: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "How long the server stays down after the disconnect: dials are refused (or hang until dialTimeout in blackhole mode)." },
    every: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "Repeat period (rolling replacements); 0s means once. Repeats stop when the workload ends or at `until`." },
    until: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "Last time a repetition may start; 0s means no limit but the workload's end." },
  },
};

const start = { type: "duration", default: "1100ms", min: "0s", max: DURATION_MAX, doc: "When the first command is issued." } as const;

export const scenarioSpec: Group = {
  type: "group",
  fields: {
    seed: { type: "int", default: 1, min: 0, max: Number.MAX_SAFE_INTEGER, doc: "Experiment seed; every run's random streams derive from (seed, replication, subsystem)." },
    transport: { type: "enum", default: "tls", choices: ["tls", "tcp"], doc: "tls: the client holds a *tls.Conn, which the go-redis probe cannot see through; tcp: a plain socket." },
    probe: { type: "enum", default: "syscall", choices: PROBE_KEYS, doc: "Health check on Get. none: never; syscall: go-redis's non-blocking 1-byte read, plain TCP only (TLS passes unchecked: the bug); tls-aware: the same read on every connection (the fix)." },
    pool: {
      type: "group",
      fields: {
        size: { type: "int", default: 10, min: 1, max: 100_000, unit: "connections", doc: "PoolSize: max open pooled connections and max commands holding one at once (go-redis default 10 × GOMAXPROCS; 10 here)." },
        order: { type: "enum", default: "lifo", choices: ["lifo", "fifo"], doc: "Which idle connection Get takes: lifo (last returned, go-redis default) or fifo (PoolFIFO)." },
        minIdle: { type: "int", default: 0, min: 0, max: 100_000, unit: "connections", doc: "MinIdleConns: background dials keep at least this many idle connections." },
        maxIdle: { type: "int", default: 0, min: 0, max: 100_000, unit: "connections", doc: "MaxIdleConns: Put closes a connection beyond this many idle; 0 means unlimited." },
        maxIdleTime: { type: "duration", default: "30m", min: "0s", max: DURATION_MAX, doc: "ConnMaxIdleTime: Get discards a connection idle this long; 0s disables." },
        maxLifetime: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "ConnMaxLifetime: Get discards a connection this old; 0s disables." },
        timeout: { type: "duration", default: "4s", min: "0s", max: DURATION_MAX, doc: "PoolTimeout: how long a command waits for a free slot before a pool-timeout error (ReadTimeout + 1s)." },
        idleClockResolution: { type: "duration", default: "1s", min: "0s", max: "1h", doc: "Resolution of a connection's last-used time, as maxIdleTime sees it: go-redis ≤ v9.14 stores it in Unix seconds (internal/pool/conn.go SetUsedAt), so 1s; 0s means exact." },
        probesPerGetMax: { type: "int", default: 0, min: 0, max: 1_000_000, doc: "Idle connections checked per Get before it dials instead; 0 means unbounded (≤ v9.14; v9.15+ uses 3)." },
      },
    },
    retry: {
      type: "group",
      fields: {
        maxRetries: { type: "int", default: 3, min: 0, max: 10_000, unit: "retries", doc: "Retries after the first attempt: a command makes maxRetries + 1 attempts, so 0 means one attempt. Trap: go-redis's Options read 0 as 'default 3' and -1 as 'no retries'; here 0 means none." },
        minBackoff: { type: "duration", default: "8ms", min: "0s", max: DURATION_MAX, doc: "MinRetryBackoff. Before retry k the command sleeps min + uniform[0, min·2^k), capped at maxBackoff." },
        maxBackoff: { type: "duration", default: "512ms", min: "0s", max: DURATION_MAX, doc: "MaxRetryBackoff: the cap on one backoff sleep." },
        retryOn,
      },
    },
    network: {
      type: "group",
      fields: {
        rtt: { type: "duration", default: "1ms", min: "0s", max: "1h", doc: "Round-trip time of one command on a healthy connection." },
        dialTime: { type: "duration", default: "2ms", min: "0s", max: "1h", doc: "Time to open a connection (TCP plus TLS handshake) when the server is up." },
        initRoundTrips: { type: "int", default: 2, min: 0, max: 100, unit: "round trips", doc: "Round trips to initialise a new connection after the dial (go-redis v9 initConn: HELLO 3, then a pipeline of CLIENT SETINFO)." },
        dialTimeout: { type: "duration", default: "5s", min: "0s", max: "1h", doc: "DialTimeout: how long a dial to a blackholed server hangs before it fails." },
        readTimeout: { type: "duration", default: "3s", min: "0s", max: "1h", doc: "ReadTimeout: how long a read on a silent (blackholed) connection waits before an i/o timeout." },
        writeTimeout: { type: "duration", default: "3s", min: "0s", max: "1h", doc: "WriteTimeout. Accepted for parity with go-redis; a write here never fills the socket buffer, so it never fires." },
      },
    },
    server: {
      type: "group",
      fields: {
        idleTimeout: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "Redis `timeout`: the server closes (FIN) a connection idle this long; 0s disables (redis.conf default)." },
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
            clients: { type: "int", default: 4, min: 1, max: 100_000, unit: "clients", doc: "Clients that start at the same instant." },
            commands: { type: "int", default: 20, min: 1, max: 100_000_000, unit: "commands", doc: "Commands each client issues in a closed loop." },
            think: { type: "duration", default: "0s", min: "0s", max: DURATION_MAX, doc: "Pause between one client's commands." },
            start,
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
};
