/**
 * The poolsim scenario that matches one measured cell: the client's profile, the fault at 1 s
 * and the same commands. The inputs that come from outside the client's source:
 * - a crash's timing, measured in that trial (CrashTiming);
 * - a reconnection's dial plus TLS handshake takes DIAL_TIME on loopback;
 * - each refused attempt costs the client a time drawn by the comparison (compare.ts).
 * Null for cells the model does not claim to reproduce (see why); today there are none.
 */
import { ACQUIRE_TIMEOUT_MS, MAX_BACKOFF_MS, MAX_RETRIES, MIN_BACKOFF_MS, POOL_SIZE } from "./clients/pooled-settings.ts";
import type { Cell } from "./report.ts";
import { INFLIGHT_ISSUE_MS, SERVER_SLEEP_MS, type ScenarioSpec } from "./scenarios.ts";

const FAULT_AT_MS = 1000;
const PROFILE: Record<string, string> = { "ioredis@5": "ioredis@5", "ioredis@6": "ioredis@6", "node-redis@4": "node-redis@4", "node-redis@5": "node-redis@5" };
/** Loopback round trip, as the harness sees a healthy INCR (well under 1 ms). */
const RTT = "0.2ms";

/** Scenario input built from measured data: parseScenario checks it like a file. */
export type SimMatch = { options: Record<string, unknown>; latency: boolean } | { options: null; why: string };

/** A loopback connect, TCP and TCP+TLS 1.3 (fixed assumptions, not fitted to the results). */
const DIAL_TIME = { tcp: "1ms", tls: "5ms" } as const;

/**
 * A crash as one client met it. The simulator starts the client's loss, its reconnect schedule
 * and the commands at its fault instant; the real client started them when it saw the loss,
 * lossSeenMs after the SIGKILL (2–80 ms measured: the kill and the harness's own event loop).
 */
export interface CrashTiming {
  /** From the client's seeing the loss until the restarted server listened, ms. */
  downMs: number;
  /** crash-loading: from listening until loaded, ms; else 0. */
  loadingMs: number;
  /** crash-loading: from listening until the load began, ms; else 0. */
  loadStartMs: number;
  /** crash-loading: how often the loading server served its clients, ms; else 0. */
  loadingEventsEveryMs: number;
  /** What a refused connection attempt costs the client, µs (multiplexed.failedAttemptTime). */
  failedAttemptUs: number;
}

export const NO_CRASH: CrashTiming = { downMs: 0, loadingMs: 0, loadStartMs: 0, loadingEventsEveryMs: 0, failedAttemptUs: 0 };

export function simScenario(row: Pick<Cell, "client" | "transport" | "mode">, spec: ScenarioSpec, crash: CrashTiming = NO_CRASH): SimMatch {
  const pooled = !(row.client in PROFILE);
  const inflight = spec.fault === "kill-executed" || spec.fault === "kill-unexecuted";
  // In flight: the commands wait on a server that sleeps, so their reply takes the rest of the sleep.
  const rtt = inflight ? `${SERVER_SLEEP_MS * 2}ms` : RTT;
  const start = inflight ? `${FAULT_AT_MS - (SERVER_SLEEP_MS - INFLIGHT_ISSUE_MS)}ms` : `${FAULT_AT_MS}ms`;
  const workload = row.mode === "seq"
    ? { kind: "sequential", commands: spec.commands, start }
    : { kind: "concurrent", clients: spec.commands, commands: 1, think: "0s", start };
  const disconnect = {
    at: `${FAULT_AT_MS}ms`,
    mode: spec.fault === "kill-unexecuted" ? "rst" : "fin",
    serverDown: spec.fault === "crash" || spec.fault === "crash-loading" ? `${Math.max(0, Math.round(crash.downMs * 1000))}us` : "0s",
    loading: spec.fault === "crash-loading" ? `${Math.round(crash.loadingMs * 1000)}us` : "0s",
    loadingEventsEvery: spec.fault === "crash-loading" ? `${Math.round(crash.loadingEventsEveryMs * 1000)}us` : "0s",
    loadingStartsAfter: spec.fault === "crash-loading" ? `${Math.min(Math.round(crash.loadStartMs * 1000), Math.round(crash.loadingMs * 1000))}us` : "0s",
  };
  const base = { seed: 1, transport: row.transport, disconnects: [disconnect], workload };
  if (pooled) {
    return {
      // The crash's slowest command waits out the down window; elsewhere it is a few round trips, below the noise.
      latency: spec.fault === "crash",
      options: {
        ...base,
        profile: "go-redis-9.5.3",
        probe: row.client.endsWith("+ping") ? "ping-on-borrow" : "none",
        // generic-pool re-dials at once while a caller waits, until acquireTimeoutMillis (lib/Pool.js _dispense).
        pool: { size: POOL_SIZE, order: "fifo", onDialError: "redial", timeout: `${ACQUIRE_TIMEOUT_MS}ms` },
        retry: { maxRetries: MAX_RETRIES, minBackoff: `${MIN_BACKOFF_MS}ms`, maxBackoff: `${MAX_BACKOFF_MS}ms` },
        warmup: { idle: "full" },
        network: { rtt, dialTime: DIAL_TIME[row.transport as "tcp" | "tls"] },
      },
    };
  }
  const dialTime = DIAL_TIME[row.transport as "tcp" | "tls"];
  const multiplexed: Record<string, unknown> = {};
  if (spec.options.maxRetriesPerRequest !== undefined) multiplexed.maxRetriesPerRequest = spec.options.maxRetriesPerRequest;
  if (spec.options.offlineQueue === false) multiplexed.offlineQueue = false;
  if (crash.failedAttemptUs > 0) multiplexed.failedAttemptTime = `${crash.failedAttemptUs}us`;
  return {
    latency: !inflight,
    options: { ...base, profile: PROFILE[row.client], multiplexed, network: { rtt, dialTime } },
  };
}
