import type { MuxTraceEvent } from "../../sim/model/multiplexed/trace.ts";
import type { RunResult } from "../../sim/model/result.ts";
import { profiles } from "../../sim/profiles/index.ts";
import { parseScenario, ScenarioError } from "../../sim/scenario/resolve.ts";
import type { Scenario } from "../../sim/scenario/types.ts";
import { optionsFromTexts, type ScenarioTexts } from "./scenario-text.ts";
import { COMPARE_KEYS, type CompareKey } from "./state.ts";
import type { TeachParagraph } from "./teach.ts";

/**
 * The Teach tab's "compare clients" story: the current scenario under pooled go-redis (the bug
 * and the fix) and the multiplexed Node clients, on one seed. Only the profile differs; fields
 * the user set override each profile's, as `sim -- profiles` does.
 */
export interface CompareJob {
  key: CompareKey;
  label: string;
  scenario: Scenario;
}

export const COMPARE_LABELS: Record<CompareKey, string> = {
  "go-redis-9.5.3": "go-redis 9.5.3 (pool)",
  "go-redis-9.5.4": "go-redis 9.5.4 (pool)",
  "ioredis@5": "ioredis 5",
  "ioredis@6": "ioredis 6",
  "node-redis@4": "node-redis 4",
  "node-redis@5": "node-redis 5",
};

/** One scenario per client; a client whose scenario does not resolve is named with the resolver's message. */
export function compareJobs(texts: ScenarioTexts): { jobs: CompareJob[]; problems: string[] } {
  const jobs: CompareJob[] = [];
  const problems: string[] = [];
  for (const key of COMPARE_KEYS) {
    try {
      jobs.push({ key, label: COMPARE_LABELS[key], scenario: parseScenario({ ...optionsFromTexts(texts), profile: key }) });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems.push(`${key}: ${e.problems.join("; ")}`);
    }
  }
  return { jobs, problems };
}

/** One traced run of the story: a pooled client's result, or a multiplexed one's with its trace (for the sentences). */
export interface CompareRun {
  key: string;
  result: RunResult;
  mux: MuxTraceEvent[] | null;
}

export interface CompareRow {
  key: string;
  label: string;
  failed: number;
  commands: number;
  /** Pooled: retries (attempts after the first); multiplexed: re-sends after a reconnect (from the trace). */
  again: number;
  maybeExecutedTwice: number;
  dials: number;
  latencyP99Ms: number;
}

export function compareRows(runs: readonly CompareRun[]): CompareRow[] {
  return runs.map(({ key, result: r, mux }) => ({
    key,
    label: COMPARE_LABELS[key as CompareKey] ?? key,
    failed: r.failed,
    commands: r.commands,
    again: mux === null ? r.attempts - r.commands : mux.filter((e) => e.type === "commandResent").length,
    maybeExecutedTwice: r.maybeExecutedTwice,
    dials: r.dials,
    latencyP99Ms: r.latencyP99Ms,
  }));
}

/** The story in sentences: the setting, then each client with its own run's numbers. */
export function compareNarrative(s: Scenario, runs: readonly CompareRun[]): TeachParagraph[] {
  const d = s.disconnects[0];
  const out: TeachParagraph[] = [{ key: null, text: d
    ? `The same scenario and seed under each client: at ${d.at} the server ${MODE_TEXT[d.mode] ?? d.mode}${d.serverDown !== "0s" ? ` and stays down for ${d.serverDown}` : ""}. go-redis keeps a pool: dead connections stay in it, looking idle, and each one handed out burns an attempt. ioredis and node-redis multiplex every command over one socket: they reconnect by their own backoff, commands issued meanwhile wait in the offline queue, and ioredis re-sends the commands that had no reply (the server may run them twice) where node-redis fails them.`
    : "This scenario has no disconnect, so every client simply answers. Add one in the Disconnect settings to compare them." }];
  for (const run of runs) {
    const label = COMPARE_LABELS[run.key as CompareKey] ?? run.key;
    const doc = (profiles as Record<string, { doc: string }>)[run.key]?.doc ?? "";
    const story = run.mux === null ? pooledStory(run.result) : muxStory(run.mux, run.result);
    out.push({ key: run.key as CompareKey, text: `${label}: ${story} ${totals(run.result)}${doc ? ` (${doc})` : ""}` });
  }
  return out;
}

const MODE_TEXT: Record<string, string> = {
  fin: "closes the connections (FIN)",
  rst: "resets the connections (RST)",
  "reset-on-use": "forgets the connections silently (an RST answers the next write)",
  blackhole: "goes silent on the connections (blackhole)",
  readonly: "becomes a replica (READONLY replies)",
};

function pooledStory(r: RunResult): string {
  const stale = Object.values(r.staleHandedOut).reduce((a, b) => a + b, 0);
  return `the pool handed out ${count(stale, "dead connection")} and its health check discarded ${r.probesCaught}; ${count(r.attempts - r.commands, "retry", "retries")} in all.`;
}

/** What the socket did, from the run's trace: the drop, the reconnect, the queue, the re-sends, the failures. */
export function muxStory(trace: readonly MuxTraceEvent[], r: RunResult): string {
  const hit = trace.find((e) => e.type === "socketHit");
  if (!hit) return "the socket was never touched.";
  const parts: string[] = [];
  const lost = trace.find((e) => e.type === "socketLost" && e.atUs >= hit.atUs);
  if (!lost) parts.push(`at ${ms(hit.atUs)} the server left the socket ${hit.state}, and the client never noticed in this run.`);
  else if (lost.type === "socketLost") {
    parts.push(lost.atUs === hit.atUs ? `the socket drops at ${ms(hit.atUs)} and the client sees it at once (${lost.error}).` : `the connection dies silently at ${ms(hit.atUs)}; the client notices only at ${ms(lost.atUs)} (${lost.error}).`);
    const unanswered = trace.filter((e) => e.type === "commandUnanswered").length;
    if (lost.unanswered > 0) parts.push(unanswered > 0 ? `${count(lost.unanswered, "command was", "commands were")} in flight: kept to be re-sent.` : `${count(lost.unanswered, "command was", "commands were")} in flight and failed with the socket's error.`);
    parts.push(reconnectText(trace, lost.atUs));
  }
  const queued = trace.filter((e) => e.type === "commandQueued");
  if (queued.length > 0) {
    const depth = Math.max(...queued.map((e) => (e.type === "commandQueued" ? e.depth : 0)));
    parts.push(`Meanwhile ${count(queued.length, "command")} queued in the offline queue (up to ${depth} at once, ${fmt(r.queueWaitMs)} ms on average).`);
  }
  const resent = trace.filter((e) => e.type === "commandResent");
  if (resent.length > 0) parts.push(`${count(resent.length, "unanswered command was", "unanswered commands were")} re-sent after the reconnect: maybe executed twice (${r.maybeExecutedTwice}).`);
  const causes = new Map<string, number>();
  for (const e of trace) if (e.type === "commandFailed") causes.set(e.cause, (causes.get(e.cause) ?? 0) + 1);
  if (causes.size > 0) parts.push(`Failed: ${[...causes].map(([c, n]) => `${n} ${c}`).join(", ")}.`);
  return parts.join(" ");
}

function reconnectText(trace: readonly MuxTraceEvent[], fromUs: number): string {
  const after = trace.filter((e) => e.atUs >= fromUs);
  const first = after.find((e) => e.type === "reconnectScheduled" || e.type === "connectStart");
  const ready = after.find((e) => e.type === "socketReady");
  const refused = after.filter((e) => e.type === "connectFailed" && (!ready || e.atUs <= ready.atUs)).length;
  const start = first?.type === "reconnectScheduled" ? `It reconnects after ${ms(first.delayUs)}` : "It reconnects at once";
  const failures = refused > 0 ? `; ${count(refused, "attempt")} failed first (the server is down)` : "";
  const back = ready ? `; the socket is back at ${ms(ready.atUs)}, ${ms(ready.atUs - fromUs)} after the drop.` : after.some((e) => e.type === "socketEnded") ? "; then it gives up: the socket stays closed." : "; it is still reconnecting when the run ends.";
  return `${start}${failures}${back}`;
}

function totals(r: RunResult): string {
  return `${r.failed} of ${r.commands} commands failed, ${count(r.dials, "dial")}, p99 latency ${fmt(r.latencyP99Ms)} ms.`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const fmt = (x: number) => String(Number(x.toPrecision(4)));
const ms = (us: number) => `${fmt(us / 1000)} ms`;
