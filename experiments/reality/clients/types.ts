/** What the harness needs from a client under test, whatever its library. */

export interface Endpoint {
  port: number;
  tls: boolean;
  /** The run's throwaway CA (PEM), trusted for TLS. */
  caPem: string;
}

/** Client events the harness counts; each client maps its library's own events onto these. */
export interface ClientCounters {
  /** Reconnection attempts begun after the first connection (ioredis/node-redis `reconnecting`). */
  reconnectAttempts: number;
  /** Times the client became ready (the first connection included). */
  readies: number;
  /** Connections the client saw lost. */
  closes: number;
  /** Pooled clients: connections created (dials). */
  dials: number;
  /** Pooled clients: borrowed connections the validate PING rejected. */
  validateFailures: number;
  /** performance.now() of each ready, to measure recovery after a fault. */
  readyTimesMs: number[];
  /** performance.now() of each reconnection attempt (as counted in reconnectAttempts). */
  reconnectTimesMs: number[];
}

export interface CommandOutcome {
  ok: boolean;
  /** "ok", or the kind of error the caller saw (see errors.ts). */
  kind: string;
  /** Times the command went onto a socket: re-sends and pooled retries included. */
  sends: number;
}

export interface ClientUnderTest {
  readonly counters: ClientCounters;
  /** INCR key: the counter's value tells the harness how often the server executed the command. */
  incr(key: string): Promise<CommandOutcome>;
  /** Resolves true once the client has seen a connection loss after `sinceCloses` losses, false after timeoutMs. */
  waitClosed(sinceCloses: number, timeoutMs: number): Promise<boolean>;
  /** Resolves true once the client is ready again after `sinceReadies` readies, false after timeoutMs. */
  waitReady(sinceReadies: number, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Client options a scenario may set on top of the library's defaults. */
export interface ClientOptions {
  /** ioredis maxRetriesPerRequest. */
  maxRetriesPerRequest?: number;
  /** ioredis enableOfflineQueue false / node-redis disableOfflineQueue true. */
  offlineQueue?: boolean;
}

export interface ClientFactory {
  /** Name used in file names and tables, e.g. "ioredis@5". */
  name: string;
  kind: "multiplexed" | "pooled";
  /** Version as installed, read from the package's package.json. */
  version: string;
  create(endpoint: Endpoint, options: ClientOptions): Promise<ClientUnderTest>;
}

/** Polls `done` every few ms until it holds or timeoutMs passes (bounded by construction). */
export async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return true;
}

export function newCounters(): ClientCounters {
  return { reconnectAttempts: 0, readies: 0, closes: 0, dials: 0, validateFailures: 0, readyTimesMs: [], reconnectTimesMs: [] };
}
