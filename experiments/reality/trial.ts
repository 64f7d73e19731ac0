/**
 * One trial: a fresh client, one fault, the scenario's commands, then the server's counters read
 * back to learn how often each command ran. Every wait is bounded.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Admin } from "./admin.ts";
import type { ClientFactory, ClientUnderTest, Endpoint } from "./clients/types.ts";
import { KEY_PREFIX } from "./clients/send-counter.ts";
import { INFLIGHT_ISSUE_MS, INFLIGHT_KILL_MS, SERVER_SLEEP_MS, type Mode, type ScenarioSpec } from "./scenarios.ts";
import { LOADING_EVENTS_INTERVAL_BYTES, sleep, type RedisServer } from "./server.ts";

/** A command still unanswered this long after the fault is recorded as "hung". */
const COMMAND_DEADLINE_MS = 15_000;
const CLOSE_WAIT_MS = 2000;
const RECOVERY_WAIT_MS = 5000;

export interface CommandRecord {
  index: number;
  ok: boolean;
  kind: string;
  sends: number;
  /** Times the server ran it, read back from its counter after the trial. */
  executions: number;
  /** From the command's issue to its outcome. */
  latencyMs: number;
}

export interface TrialRecord {
  commands: CommandRecord[];
  reconnectAttempts: number;
  /** Times the client became ready again after the fault (successful reconnections). */
  reconnects: number;
  /** The longest event-loop delay in the trial, ms: how long the harness was kept from running. */
  loopDelayMaxMs: number;
  /** Reconnection attempts until the last command had its outcome (what the simulator sees: it stops there). */
  attemptsWhileCommands: number;
  dials: number;
  validateFailures: number;
  /** From the fault to the client's first ready after it; -1 if it never became ready. */
  recoveryMs: number;
  /** From creating the client to its first ready (dial, TLS handshake, handshake commands); pooled: all of the pool's first dials. */
  connectMs: number;
  /**
   * crash, idle-kill: from the fault to the client's seeing the loss, when the commands were issued
   * and its reconnect schedule began (the simulator starts both at its fault instant); else 0.
   */
  lossSeenMs: number;
  /**
   * crash, crash-loading: from the SIGKILL until the restarted server began listening ("Server
   * initialized": a connect succeeds from then, one before it is refused); else 0.
   */
  downMs: number;
  /** crash-loading only: from listening until loaded ("Ready to accept connections"); else 0. */
  loadingMs: number;
  /** crash-loading only: from listening until the load began ("Loading RDB produced by version"); else 0. */
  loadStartMs: number;
  /**
   * crash-loading only: how often the loading server got to its clients, ms: the load's own time
   * (loadingMs − loadStartMs) × 2 MiB (loading-process-events-interval-bytes) / the RDB file's size; else 0.
   */
  loadingEventsEveryMs: number;
  /** From the fault, each reconnection attempt the client reported (for reading a trial's timeline). */
  reconnectAtMs: number[];
  /** In-flight faults: the commands or the kill reached the server after its sleep, so the fault did not happen; the lane runs the trial again. */
  faultMissed: boolean;
}

export interface TrialContext {
  server: RedisServer;
  endpoint: Endpoint;
  keyPrefix: string;
}

export async function runTrial(factory: ClientFactory, spec: ScenarioSpec, mode: Mode, ctx: TrialContext): Promise<TrialRecord> {
  // How long this process was kept from running during the trial (a loaded machine): the
  // comparison allows it on latencies, since no model of the client covers it.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const createdAtMs = performance.now();
  const client = await factory.create(ctx.endpoint, spec.options);
  const connectMs = performance.now() - createdAtMs;
  const keys = Array.from({ length: spec.commands }, (_, i) => `${KEY_PREFIX}${ctx.keyPrefix}:${i}`);
  try {
    const admin = await Admin.open(ctx.server.ports.tcp);
    const readiesBefore = client.counters.readies;
    const attemptsBefore = client.counters.reconnectTimesMs.length;
    const { faultAtMs, lossSeenAtMs, upAtMs, loadStartAtMs, loadedAtMs, outcomes, faultMissed } = await faultAndCommands(client, spec, mode, keys, ctx, admin);
    const results = await settle(outcomes, faultAtMs + COMMAND_DEADLINE_MS);
    const settledAtMs = Math.max(...results.map((r) => r.endedAtMs));
    // A multiplexed client reconnects by itself: wait for it so recovery is measured. Pooled ones dial on demand.
    if (factory.kind === "multiplexed") await client.waitReady(readiesBefore, RECOVERY_WAIT_MS);
    // A fresh connection: the first one may have been killed with the clients, or by the crash.
    admin.close();
    const reader = await Admin.open(ctx.server.ports.tcp);
    const executions = await countExecutions(reader, keys).finally(() => reader.close());
    const readyAt = client.counters.readyTimesMs[readiesBefore];
    return {
      commands: results.map(({ endedAtMs: _, ...r }, index) => ({ index, ...r, executions: executions[index] })),
      reconnectAttempts: client.counters.reconnectAttempts,
      reconnects: client.counters.readies - readiesBefore,
      // What the simulator also sees: it stops when the last command has its outcome.
      attemptsWhileCommands: client.counters.reconnectTimesMs.filter((t) => t <= settledAtMs).length,
      dials: client.counters.dials,
      validateFailures: client.counters.validateFailures,
      recoveryMs: readyAt === undefined ? -1 : readyAt - faultAtMs,
      lossSeenMs: lossSeenAtMs === undefined ? 0 : lossSeenAtMs - faultAtMs,
      downMs: upAtMs === undefined ? 0 : upAtMs - faultAtMs,
      loadingMs: loadedAtMs === undefined || upAtMs === undefined ? 0 : loadedAtMs - upAtMs,
      loadStartMs: loadStartAtMs === undefined || upAtMs === undefined ? 0 : loadStartAtMs - upAtMs,
      loadingEventsEveryMs: loadedAtMs === undefined || loadStartAtMs === undefined ? 0 : ((loadedAtMs - loadStartAtMs) * LOADING_EVENTS_INTERVAL_BYTES) / ctx.server.loadingRdbBytes(),
      reconnectAtMs: client.counters.reconnectTimesMs.slice(attemptsBefore).map((t) => t - faultAtMs),
      faultMissed,
      connectMs,
      loopDelayMaxMs: (loopDelay.disable(), loopDelay.max / 1e6),
    };
  } finally {
    await client.close();
  }
}

type Pending = Promise<{ ok: boolean; kind: string; sends: number; latencyMs: number; endedAtMs: number }>;

async function faultAndCommands(client: ClientUnderTest, spec: ScenarioSpec, mode: Mode, keys: string[], ctx: TrialContext, admin: Admin) {
  const closes = client.counters.closes;
  if (spec.fault === "idle-kill" || spec.fault === "crash" || spec.fault === "crash-loading") {
    const faultAtMs = performance.now();
    const crash = spec.fault !== "idle-kill";
    if (crash) await ctx.server.crash();
    else await admin.command("CLIENT", "KILL", "TYPE", "normal");
    await client.waitClosed(closes, CLOSE_WAIT_MS);
    const lossSeenAtMs = performance.now();
    const outcomes = issue(client, keys, mode);
    if (!crash) return { faultAtMs, lossSeenAtMs, upAtMs: undefined, loadStartAtMs: undefined, loadedAtMs: undefined, outcomes, faultMissed: false };
    await sleep(Math.max(0, faultAtMs + spec.downMs - performance.now()));
    const loading = spec.fault === "crash-loading";
    await ctx.server.start(loading);
    const loadStartAtMs = loading ? ctx.server.loadStartAtMs() : undefined;
    return { faultAtMs, lossSeenAtMs, upAtMs: ctx.server.listeningAtMs(), loadStartAtMs, loadedAtMs: loading ? ctx.server.readyAtMs() : undefined, outcomes, faultMissed: false };
  }
  // In-flight faults: the server sleeps, the commands arrive meanwhile, then the kill.
  const sleepCommand = ["DEBUG", "SLEEP", String(SERVER_SLEEP_MS / 1000)];
  const killCommand = ["CLIENT", "KILL", "TYPE", "normal"];
  // The kill goes over a second connection, opened (and accepted) before the server sleeps: the
  // first one stays at the head of the server's level-triggered epoll ready list after DEBUG SLEEP,
  // so a kill sent on it would be read before the clients' commands, while the second becomes
  // readable after them and is read after them.
  const killer = spec.fault === "kill-executed" ? await Admin.open(ctx.server.ports.tcp) : undefined;
  await killer?.command("PING");
  const startMs = performance.now();
  const faultDone = spec.fault === "kill-unexecuted" ? admin.pipeline([sleepCommand, killCommand]) : admin.command(...sleepCommand);
  await sleep(INFLIGHT_ISSUE_MS);
  const issuedAtMs = performance.now();
  const outcomes = issue(client, keys, mode);
  let killAtMs = startMs;
  if (killer) {
    await sleep(Math.max(0, startMs + INFLIGHT_KILL_MS - performance.now()));
    killAtMs = performance.now();
    await killer.command(...killCommand).finally(() => killer.close());
  }
  await faultDone;
  // The server sleeps from its reading DEBUG SLEEP, after startMs: what the harness wrote sooner than
  // SERVER_SLEEP_MS after startMs reached it asleep. A harness kept from running longer (a busy
  // machine: once 436 ms) wrote the commands or the kill after the sleep, and the fault never happened.
  const faultMissed = issuedAtMs - startMs >= SERVER_SLEEP_MS || killAtMs - startMs >= SERVER_SLEEP_MS;
  return { faultAtMs: startMs + SERVER_SLEEP_MS, lossSeenAtMs: undefined, upAtMs: undefined, loadStartAtMs: undefined, loadedAtMs: undefined, outcomes, faultMissed };
}

/** Issues the commands: all at once (burst) or each after the previous outcome (seq). */
function issue(client: ClientUnderTest, keys: string[], mode: Mode): Pending[] {
  const one = async (key: string) => {
    const start = performance.now();
    const outcome = await client.incr(key);
    const endedAtMs = performance.now();
    return { ...outcome, latencyMs: endedAtMs - start, endedAtMs };
  };
  if (mode === "burst") return keys.map(one);
  const outcomes: Pending[] = [];
  let previous: Promise<unknown> = Promise.resolve();
  for (const key of keys) {
    const next = previous.then(() => one(key));
    outcomes.push(next);
    previous = next;
  }
  return outcomes;
}

/** Waits for every outcome until the deadline; an unanswered command becomes "hung". */
async function settle(outcomes: Pending[], deadlineMs: number) {
  const hung = { ok: false, kind: "hung", sends: 0, latencyMs: Number.NaN, endedAtMs: deadlineMs };
  const timeout = sleep(Math.max(0, deadlineMs - performance.now())).then(() => hung);
  return Promise.all(outcomes.map((o) => Promise.race([o, timeout])));
}

async function countExecutions(admin: Admin, keys: string[]): Promise<number[]> {
  const reply = await admin.command("MGET", ...keys);
  if (!Array.isArray(reply)) throw new Error(`MGET failed: ${String(reply)}`);
  return reply.map((v) => (v === null ? 0 : Number(v)));
}
