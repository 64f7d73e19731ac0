import type { RunResult } from "../../sim/model/result.ts";
import type { Scenario } from "../../sim/scenario/types.ts";

export interface StrategyRun {
  probe: string;
  result: RunResult;
}

export interface TeachRow {
  probe: string;
  failed: number;
  commands: number;
  staleHandedOut: number;
  probesCaught: number;
  attempts: number;
  dials: number;
  latencyMaxMs: number;
}

/** The comparison table beside the timeline: the same seed under each strategy. */
export function teachRows(runs: readonly StrategyRun[]): TeachRow[] {
  return runs.map(({ probe, result: r }) => ({
    probe,
    failed: r.failed,
    commands: r.commands,
    staleHandedOut: r.staleHandedOut.closed + r.staleHandedOut.reset + r.staleHandedOut.resetOnUse + r.staleHandedOut.blackholed,
    probesCaught: r.probesCaught,
    attempts: r.attempts,
    dials: r.dials,
    latencyMaxMs: r.latencyMaxMs,
  }));
}

/**
 * The TLS bug in a few plain sentences, with this scenario's numbers: what the disconnect does,
 * then what each strategy makes of the same random world (same seed, replication 0).
 */
export function teachNarrative(s: Scenario, runs: readonly StrategyRun[]): string[] {
  const rows = new Map(teachRows(runs).map((r) => [r.probe, r]));
  const R = s.retry.maxRetries;
  const d = s.disconnects[0];
  const out: string[] = [];
  if (d) {
    const hit = d.count !== null ? `${d.count}` : d.fraction === 1 ? "every" : `${Math.round((d.fraction ?? 1) * 100)}% of the`;
    out.push(
      `At ${d.at} the server drops ${hit} open connection${d.count === 1 ? "" : "s"} (${d.mode}). The client is not told: the dead connections stay in its pool, looking idle and healthy. ` +
        `A command makes MaxRetries + 1 = ${R + 1} attempts, and go-redis's Get hands out pooled connections before it dials a new one.`,
    );
  } else {
    out.push("This scenario has no disconnect, so every strategy behaves the same. Add one in the Disconnect settings to see the bug.");
  }
  const say = (probe: string, text: (r: TeachRow) => string) => {
    const r = rows.get(probe);
    if (r) out.push(text(r));
  };
  say("none", (r) => `No probe: Get hands out ${r.staleHandedOut} dead connection${r.staleHandedOut === 1 ? "" : "s"}, and each one burns an attempt. ${failedText(r)}`);
  say("syscall", (r) =>
    s.transport === "tls"
      ? `syscall (go-redis as shipped): the health check is a 1-byte read on the raw socket, but a *tls.Conn does not expose one, so over TLS the check never runs. The result is the same as no probe: ${r.staleHandedOut} dead connections handed out. ${failedText(r)} This is the bug.`
      : `syscall over plain TCP: the 1-byte read sees the FIN or RST and discards ${r.probesCaught} dead connection${r.probesCaught === 1 ? "" : "s"} before use, without spending a retry. ${failedText(r)} Switch transport to tls to see the bug.`,
  );
  say("tls-aware", (r) => `tls-aware (the fix): the same read on every connection, TLS included. It discards ${r.probesCaught} dead connection${r.probesCaught === 1 ? "" : "s"} inside Get, so no attempt is wasted. ${failedText(r)}`);
  const none = rows.get("none");
  if (none && none.failed > 0 && s.workload.kind === "sequential") {
    out.push(`Rule of thumb: with S dead idle connections and no working probe, the first ⌊S / (MaxRetries + 1)⌋ sequential commands fail; only MaxRetries ≥ S saves them all, so the retry budget you need grows with the pool size.`);
  }
  return out;
}

function failedText(r: TeachRow): string {
  if (r.failed === 0) return `All ${r.commands} commands succeeded.`;
  return `${r.failed} of ${r.commands} commands failed (slowest ${Number(r.latencyMaxMs.toPrecision(4))} ms).`;
}
