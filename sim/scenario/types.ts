import type { DISCONNECT_MODES, PROBE_KEYS } from "./spec.ts";

/** A duration as text with a unit: "8ms", "1.5s", "30m". */
export type Duration = string;
export type ProbeKey = (typeof PROBE_KEYS)[number];
export type DisconnectMode = (typeof DISCONNECT_MODES)[number];
export type Transport = "tls" | "tcp";

export interface RetryOn {
  eof: boolean;
  reset: boolean;
  timeout: boolean;
  dialRefused: boolean;
  dialTimeout: boolean;
  poolTimeout: boolean;
}

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
  seed: number;
  transport: Transport;
  probe: ProbeKey;
  pool: {
    size: number;
    order: "lifo" | "fifo";
    minIdle: number;
    maxIdle: number;
    maxIdleTime: Duration;
    maxLifetime: Duration;
    timeout: Duration;
    idleClockResolution: Duration;
    probesPerGetMax: number;
  };
  retry: { maxRetries: number; minBackoff: Duration; maxBackoff: Duration; retryOn: RetryOn };
  network: {
    rtt: Duration;
    dialTime: Duration;
    initRoundTrips: number;
    dialTimeout: Duration;
    readTimeout: Duration;
    writeTimeout: Duration;
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
