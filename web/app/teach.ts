import type { RunResult } from "../../sim/model/result.ts";
import { resolveScenario } from "../../sim/scenario/resolve.ts";
import type { ProbeKey, Scenario } from "../../sim/scenario/types.ts";
import { scenarioOptions } from "../../sim/sweep/index.ts";
import type { StrategyKey, TeachKey } from "./state.ts";

/**
 * The go-redis TLS health-check story in four runs of one scenario on one seed: only the probe
 * (and, for the revert, the chance of pending TLS bytes) differs. Sources: MODEL-NOTES §0.1, §A.1,
 * §A.12 and §E; go-redis internal/pool/conn_check.go at v9.5.3, v9.5.4, v9.7.0 and v9.22.0.
 */
export interface TeachStrategy {
  key: TeachKey;
  /** Short name for the radio button and the table. */
  label: string;
  probe: ProbeKey;
  pendingBytesProbability: number;
}

/**
 * The chance of pending TLS bytes the revert run assumes when the scenario sets none: the churn
 * of go-redis #3137/#3138 came from production clusters and was not measured as a rate, so this
 * is an illustration, stated as such in the narrative, and the user can set their own.
 */
export const REVERT_PENDING_DEFAULT = 0.5;

export function teachStrategies(s: Scenario): TeachStrategy[] {
  const pending = s.probeOptions.pendingBytesProbability > 0 ? s.probeOptions.pendingBytesProbability : REVERT_PENDING_DEFAULT;
  return [
    // v9.5.3: connCheck needs a syscall.Conn; *tls.Conn is not one, so TLS passes unchecked.
    { key: "bug", label: "v9.5.3: the bug", probe: "syscall", pendingBytesProbability: 0 },
    // v9.5.4 (PR #3047): unwrap with NetConn() and read 1 byte; on loopback (redis 7.0.15) no healthy conn had pending bytes.
    { key: "fix", label: "v9.5.4: the fix", probe: "read-unwrap-tls", pendingBytesProbability: 0 },
    // The same read where healthy TLS conns hold unread records: it consumes them and closes the conn (#3137).
    { key: "revert", label: "why it was reverted", probe: "read-unwrap-tls", pendingBytesProbability: pending },
    // v9.6.2/v9.7.0 revert (#3145/#3154); through v9.22.0 the check again skips TLS, deliberately.
    { key: "now", label: "v9.7.0 to now", probe: "syscall", pendingBytesProbability: 0 },
  ];
}

/** The scenario one strategy runs: the user's scenario with that probe (resolved again, so it is checked). */
export function teachScenario(s: Scenario, t: TeachStrategy): Scenario {
  const options = scenarioOptions(s);
  return resolveScenario({ ...options, probe: t.probe, probeOptions: { ...(options.probeOptions as object), pendingBytesProbability: t.pendingBytesProbability } });
}

export interface StrategyRun {
  key: string;
  result: RunResult;
}

export interface TeachRow {
  key: string;
  label: string;
  failed: number;
  commands: number;
  needlessCloses: number;
  dials: number;
  latencyP99Ms: number;
  staleHandedOut: number;
  probesCaught: number;
  attempts: number;
}

/** The comparison table beside the timeline: each strategy's numbers from its own run. */
export function teachRows(strategies: readonly TeachStrategy[], runs: readonly StrategyRun[]): TeachRow[] {
  return strategies.flatMap((t) => {
    const r = runs.find((run) => run.key === t.key)?.result;
    if (!r) return [];
    const stale = r.staleHandedOut;
    return [{
      key: t.key,
      label: t.label,
      failed: r.failed,
      commands: r.commands,
      needlessCloses: r.needlessCloses,
      dials: r.dials,
      latencyP99Ms: r.latencyP99Ms,
      staleHandedOut: stale.closed + stale.reset + stale.resetOnUse + stale.blackholed + stale.readonly,
      probesCaught: r.probesCaught,
      attempts: r.attempts,
    }];
  });
}

export interface TeachParagraph {
  /** The strategy (or compared client) the paragraph tells, or null for the setting and the rule of thumb. */
  key: StrategyKey | null;
  text: string;
}

/**
 * The story in plain sentences, each strategy with this scenario's numbers: what the disconnect
 * does, the bug, the fix, why the fix was reverted, and where go-redis stands now.
 */
export function teachNarrative(s: Scenario, runs: readonly StrategyRun[]): TeachParagraph[] {
  const strategies = teachStrategies(s);
  const rows = new Map(teachRows(strategies, runs).map((r) => [r.key, r]));
  const out: TeachParagraph[] = [{ key: null, text: settingText(s) }];
  const tls = s.transport === "tls";
  const bug = rows.get("bug");
  const fix = rows.get("fix");
  const revert = rows.get("revert");
  const now = rows.get("now");
  const pending = strategies.find((t) => t.key === "revert")!.pendingBytesProbability;
  if (bug) {
    out.push({ key: "bug", text: tls
      ? `v9.5.3, the bug (go-redis #3025): Get checks an idle connection with a 1-byte non-blocking read on its socket, but a *tls.Conn does not expose one, so TLS connections pass unchecked. Get hands out ${count(bug.staleHandedOut, "dead connection")}, and each one burns an attempt. ${numbers(bug)}`
      : `v9.5.3 over plain TCP: the 1-byte read in Get sees the FIN or RST and discards ${count(bug.probesCaught, "dead connection")} without spending a retry. ${numbers(bug)} Switch transport to tls to see the bug.` });
  }
  if (fix) {
    out.push({ key: "fix", text: `v9.5.4, the fix (PR #3047): unwrap the TLS connection (NetConn()) and do the same read on the TCP socket underneath. Get now discards ${count(fix.probesCaught, "dead connection")} before use, so no attempt is wasted. ${numbers(fix)} This run assumes no healthy connection holds unread TLS bytes, as on a loopback test against redis-server 7.0.15.` });
  }
  if (revert && fix) {
    const assumed = s.probeOptions.pendingBytesProbability > 0 ? " (probeOptions.pendingBytesProbability)" : " (an assumed share; set probeOptions.pendingBytesProbability to your own)";
    out.push({ key: "revert", text: tls
      ? `Why v9.6.2 and v9.7.0 reverted it (go-redis #3137, #3138): that read consumes bytes. A healthy TLS connection with an unread TLS record (such as a post-handshake message) reads as "unexpected data", is closed, and its TLS session is lost. With ${percent(pending)} of healthy TLS connections holding such bytes when checked${assumed}, the same run closes ${count(revert.needlessCloses, "healthy connection")} needlessly and dials ${revert.dials} times against ${fix.dials} with the fix. ${numbers(revert)} In production the churn reached "millions of connections versus the usual few thousands" (#3138).`
      : `Why it was reverted: over TLS the read consumes unread TLS records and closes healthy connections; over plain TCP there are no TLS records, so this run closes ${count(revert.needlessCloses, "healthy connection")}. ${numbers(revert)} Switch transport to tls to see the churn.` });
  }
  if (now) {
    out.push({ key: "now", text: tls
      ? `From v9.7.0 to today (v9.22.0) the check again skips TLS connections, deliberately (a comment in v9.22.0's conn_check.go), so a TLS pool behaves as v9.5.3 did: ${numbers(now)}`
      : `From v9.7.0 to today (v9.22.0) plain TCP connections are still checked, so this run matches v9.5.3: ${numbers(now)}` });
  }
  if (now && now.failed > 0 && s.workload.kind === "sequential") {
    out.push({ key: null, text: `Rule of thumb: with S dead idle connections and no working check, the first ⌊S / (MaxRetries + 1)⌋ sequential commands fail; only MaxRetries ≥ S saves them all, so over TLS the retry budget you need grows with the pool size.` });
  }
  return out;
}

function settingText(s: Scenario): string {
  const d = s.disconnects[0];
  if (!d) return "This scenario has no disconnect, so every strategy behaves the same. Add one in the Disconnect settings to see the bug.";
  const hit = d.count !== null ? count(d.count, "open connection") : d.fraction === null || d.fraction === 1 ? "every open connection" : `${percent(d.fraction)} of the open connections`;
  return `At ${d.at} the server drops ${hit} (${d.mode}). The client is not told: the dead connections stay in its pool, looking idle and healthy. ` +
    `A command makes MaxRetries + 1 = ${s.retry.maxRetries + 1} attempts, and go-redis's Get hands out pooled connections before it dials a new one. The four runs below share one seed: only the health check differs.`;
}

function numbers(r: TeachRow): string {
  return `${r.failed} of ${r.commands} commands failed, ${count(r.needlessCloses, "needless close")}, ${count(r.dials, "dial")}, p99 latency ${Number(r.latencyP99Ms.toPrecision(4))} ms.`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function percent(p: number): string {
  return `${Number((p * 100).toPrecision(3))}%`;
}
