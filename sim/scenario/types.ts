import type { DISCONNECT_MODES, PROBE_KEYS, PROFILE_KEYS } from "./spec.ts";

/** A duration as text with a unit: "8ms", "1.5s", "30m". */
export type Duration = string;
export type ProbeKey = (typeof PROBE_KEYS)[number];
export type DisconnectMode = (typeof DISCONNECT_MODES)[number];
export type Transport = "tls" | "tcp";
export type ProfileKey = (typeof PROFILE_KEYS)[number];

export interface RetryOn {
  eof: boolean;
  reset: boolean;
  timeout: boolean;
  dialRefused: boolean;
  dialTimeout: boolean;
  poolTimeout: boolean;
  readonly: boolean;
  badConn: boolean;
}

export type RetryBudget =
  | { kind: "none" }
  | { kind: "token-bucket"; capacity: number; retryCost: number; timeoutRetryCost: number; successIncrement: number }
  | { kind: "ratio"; percent: number; minRetriesPerSecond: number; window: Duration }
  | { kind: "grpc"; maxTokens: number; tokenRatio: number };

export interface Disconnect {
  at: Duration;
  /** Exactly one of fraction and count is a number; the other is null. */
  fraction: number | null;
  count: number | null;
  mode: DisconnectMode;
  serverDown: Duration;
  every: Duration;
  until: Duration;
}

export type Workload =
  | { kind: "sequential"; commands: number; start: Duration }
  | { kind: "concurrent"; clients: number; commands: number; think: Duration; start: Duration }
  | { kind: "poisson"; rate: number; duration: Duration; start: Duration };

/**
 * A complete, validated scenario: every field present, JSON-safe (no functions, classes or Dates),
 * frozen. Made only by resolveScenario(); the model never sees unvalidated input.
 */
export interface Scenario {
  /** A profile name as given: an alias (ProfileKey) or client@version. */
  profile: string;
  goVersion: string;
  seed: number;
  transport: Transport;
  probe: ProbeKey;
  probeOptions: { pendingBytesProbability: number; pingIdleThreshold: Duration; pingTimeout: Duration };
  pool: {
    size: number;
    order: "lifo" | "fifo";
    minIdle: number | "full";
    maxIdle: number;
    maxIdleTime: Duration;
    maxLifetime: Duration;
    timeout: Duration;
    idleClockResolution: Duration;
    clearOnError: boolean;
    healthCheckInterval: Duration;
    healthCheckPing: boolean;
    onBadCheckout: "next" | "redial" | "fail-attempt";
    probesPerGetMax: number;
  };
  retry: {
    maxRetries: number;
    minBackoff: Duration;
    maxBackoff: Duration;
    policy: "pool" | "fresh-last-attempt" | "reconnect";
    backoff: "go-redis" | "full-jitter" | "none";
    retryOn: RetryOn;
    budget: RetryBudget;
  };
  network: {
    rtt: Duration;
    dialTime: Duration;
    initRoundTrips: number;
    dialTimeout: Duration;
    readTimeout: Duration;
    writeTimeout: Duration;
    dialAttempts: number;
    dialRetryBackoff: Duration;
    keepAliveIdle: Duration;
    keepAliveInterval: Duration;
    keepAliveCount: number;
    middleboxIdleTimeout: Duration;
  };
  server: { idleTimeout: Duration };
  warmup: { idle: number | "full" };
  disconnects: Disconnect[];
  workload: Workload;
  limits: { eventsMax: number };
}

/** What a user writes: any part may be left out and takes its default. */
export type ScenarioOptions = DeepPartial<Scenario> | Record<string, unknown>;
type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
