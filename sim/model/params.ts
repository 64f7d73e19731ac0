import { maybeDurationUs, type Micros } from "../scenario/duration.ts";
import type { Scenario } from "../scenario/types.ts";
import { DISCONNECT_MODE_STATE, ERROR_KIND_NAMES } from "./codes.ts";

/** One disconnect event in model units. */
export interface DisconnectParams {
  atUs: Micros;
  fraction: number | null;
  count: number | null;
  /** ConnState code the hit connections take. */
  state: number;
  /** Dials hang (until dialTimeout) rather than being refused while down. */
  downHangs: boolean;
  serverDownUs: Micros;
  everyUs: Micros;
  untilUs: Micros;
}

/** A Scenario compiled to the integers the model works in (times in µs). */
export interface ModelParams {
  tls: boolean;
  probeKey: Scenario["probe"];
  poolSize: number;
  fifo: boolean;
  minIdle: number;
  maxIdle: number;
  maxIdleTimeUs: Micros;
  maxLifetimeUs: Micros;
  poolTimeoutUs: Micros;
  idleClockResolutionUs: Micros;
  probesPerGetMax: number;
  maxRetries: number;
  minBackoffUs: Micros;
  maxBackoffUs: Micros;
  /** retryOn by ErrorKind code. */
  retryable: boolean[];
  rttUs: Micros;
  dialTimeUs: Micros;
  initUs: Micros;
  dialTimeoutUs: Micros;
  readTimeoutUs: Micros;
  serverIdleTimeoutUs: Micros;
  warmupIdle: number;
  disconnects: DisconnectParams[];
  workload:
    | { kind: "sequential"; commands: number; startUs: Micros }
    | { kind: "concurrent"; clients: number; commands: number; thinkUs: Micros; startUs: Micros }
    | { kind: "poisson"; ratePerUs: number; durationUs: Micros; startUs: Micros };
  eventsMax: number;
}

const us = (d: string): Micros => maybeDurationUs(d)!;

export function compileScenario(s: Scenario): ModelParams {
  const rttUs = us(s.network.rtt);
  const w = s.workload;
  return {
    tls: s.transport === "tls",
    probeKey: s.probe,
    poolSize: s.pool.size,
    fifo: s.pool.order === "fifo",
    minIdle: s.pool.minIdle,
    maxIdle: s.pool.maxIdle,
    maxIdleTimeUs: us(s.pool.maxIdleTime),
    maxLifetimeUs: us(s.pool.maxLifetime),
    poolTimeoutUs: us(s.pool.timeout),
    idleClockResolutionUs: us(s.pool.idleClockResolution),
    probesPerGetMax: s.pool.probesPerGetMax,
    maxRetries: s.retry.maxRetries,
    minBackoffUs: us(s.retry.minBackoff),
    maxBackoffUs: us(s.retry.maxBackoff),
    retryable: ERROR_KIND_NAMES.map((k) => s.retry.retryOn[k]),
    rttUs,
    dialTimeUs: us(s.network.dialTime),
    initUs: s.network.initRoundTrips * rttUs,
    dialTimeoutUs: us(s.network.dialTimeout),
    readTimeoutUs: us(s.network.readTimeout),
    serverIdleTimeoutUs: us(s.server.idleTimeout),
    warmupIdle: s.warmup.idle === "full" ? s.pool.size : s.warmup.idle,
    disconnects: s.disconnects.map((d) => ({
      atUs: us(d.at),
      fraction: d.fraction,
      count: d.count,
      state: DISCONNECT_MODE_STATE[d.mode],
      downHangs: d.mode === "blackhole",
      serverDownUs: us(d.serverDown),
      everyUs: us(d.every),
      untilUs: us(d.until),
    })),
    workload:
      w.kind === "sequential"
        ? { kind: "sequential", commands: w.commands, startUs: us(w.start) }
        : w.kind === "concurrent"
          ? { kind: "concurrent", clients: w.clients, commands: w.commands, thinkUs: us(w.think), startUs: us(w.start) }
          : { kind: "poisson", ratePerUs: w.rate / 1e6, durationUs: us(w.duration), startUs: us(w.start) },
    eventsMax: s.limits.eventsMax,
  };
}
