/**
 * Turns trial records into one row per cell (client × scenario × transport × mode): the small
 * per-client CSV kept in experiments/results/reality/, a per-command CSV for digging, and a
 * Markdown table. Rows and columns are in a fixed order so reruns diff cleanly.
 */
import type { TrialRecord } from "./trial.ts";
import type { Mode } from "./scenarios.ts";

export interface CellKey { client: string; scenario: string; transport: string; mode: Mode }
export interface Cell extends CellKey { trials: TrialRecord[] }

export interface CellSummary extends CellKey {
  trials: number;
  commands: number;
  failed: number;
  /** Error kinds seen, "kind:count" joined by ";" in name order. */
  failedKinds: string;
  /** Commands written to a socket more than once (re-sent after a reconnect, or retried). */
  resent: number;
  executedTwice: number;
  /** Commands that reported an error although the server ran them. */
  failedButExecuted: number;
  /** Commands that reported success although the server's counter never saw them. */
  okNotExecuted: number;
  hung: number;
  reconnectsMean: number;
  dialsMean: number;
  validateFailuresMean: number;
  recoveryMsMean: number;
  downMsMean: number;
  loadingMsMean: number;
  connectMsMean: number;
  latencyMsP50: number;
  latencyMsMax: number;
}

export const SUMMARY_COLUMNS: readonly (keyof CellSummary)[] = [
  "client", "scenario", "transport", "mode", "trials", "commands", "failed", "failedKinds", "resent",
  "executedTwice", "failedButExecuted", "okNotExecuted", "hung", "reconnectsMean", "dialsMean",
  "validateFailuresMean", "recoveryMsMean", "downMsMean", "loadingMsMean", "connectMsMean", "latencyMsP50", "latencyMsMax",
];

export function summarize(cell: Cell): CellSummary {
  const commands = cell.trials.flatMap((t) => t.commands);
  const kinds = new Map<string, number>();
  for (const c of commands) if (!c.ok) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  const latencies = commands.map((c) => c.latencyMs).filter(Number.isFinite).sort((a, b) => a - b);
  const recoveries = cell.trials.map((t) => t.recoveryMs).filter((r) => r >= 0);
  return {
    client: cell.client, scenario: cell.scenario, transport: cell.transport, mode: cell.mode,
    trials: cell.trials.length,
    commands: commands.length,
    failed: commands.filter((c) => !c.ok).length,
    failedKinds: [...kinds].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k}:${n}`).join(";"),
    resent: commands.filter((c) => c.sends >= 2).length,
    executedTwice: commands.filter((c) => c.executions >= 2).length,
    failedButExecuted: commands.filter((c) => !c.ok && c.executions >= 1).length,
    okNotExecuted: commands.filter((c) => c.ok && c.executions === 0).length,
    hung: commands.filter((c) => c.kind === "hung").length,
    reconnectsMean: mean(cell.trials.map((t) => t.reconnectAttempts)),
    dialsMean: mean(cell.trials.map((t) => t.dials)),
    validateFailuresMean: mean(cell.trials.map((t) => t.validateFailures)),
    recoveryMsMean: mean(recoveries),
    downMsMean: mean(cell.trials.map((t) => t.downMs)),
    loadingMsMean: mean(cell.trials.map((t) => t.loadingMs)),
    connectMsMean: mean(cell.trials.map((t) => t.connectMs)),
    latencyMsP50: latencies.length ? latencies[Math.floor((latencies.length - 1) / 2)] : Number.NaN,
    latencyMsMax: latencies.length ? latencies[latencies.length - 1] : Number.NaN,
  };
}

export function summaryCsv(rows: CellSummary[]): string {
  return [SUMMARY_COLUMNS.join(","), ...rows.map((r) => SUMMARY_COLUMNS.map((c) => format(r[c])).join(","))].join("\n") + "\n";
}

export function commandsCsv(cells: Cell[]): string {
  const header = "client,scenario,transport,mode,trial,index,ok,kind,sends,executions,latencyMs,reconnectAttempts,dials,recoveryMs,lossSeenMs,downMs,loadingMs,loadStartMs,loadingEventsEveryMs,loopDelayMaxMs,reconnectAtMs";
  const lines = cells.flatMap((cell) =>
    cell.trials.flatMap((t, trial) =>
      t.commands.map((c) => [cell.client, cell.scenario, cell.transport, cell.mode, trial, c.index, c.ok, c.kind, c.sends,
        c.executions, format(c.latencyMs), t.reconnectAttempts, t.dials, format(t.recoveryMs), format(t.lossSeenMs), format(t.downMs), format(t.loadingMs),
        format(t.loadStartMs), format(t.loadingEventsEveryMs), format(t.loopDelayMaxMs), t.reconnectAtMs.map(format).join(" ")].join(","))));
  return [header, ...lines].join("\n") + "\n";
}

const TABLE_COLUMNS: readonly (keyof CellSummary)[] = [
  "client", "scenario", "transport", "mode", "commands", "failed", "failedKinds", "resent", "executedTwice",
  "failedButExecuted", "reconnectsMean", "dialsMean", "recoveryMsMean", "downMsMean", "loadingMsMean", "latencyMsP50", "latencyMsMax",
];

export function markdownTable(rows: CellSummary[]): string {
  const head = `| ${TABLE_COLUMNS.join(" | ")} |\n|${TABLE_COLUMNS.map(() => "---").join("|")}|\n`;
  return head + rows.map((r) => `| ${TABLE_COLUMNS.map((c) => format(r[c]) || "—").join(" | ")} |`).join("\n") + "\n";
}

/** A client name as a file name: "ioredis@5" → "ioredis-5", "generic-pool+ping" → "generic-pool-ping". */
export function fileName(client: string): string {
  return client.replace(/[@+]/g, "-");
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
}

/** Numbers to at most one decimal (latencies are noisy below that); NaN as empty. */
function format(value: unknown): string {
  if (typeof value === "number") return Number.isNaN(value) ? "" : String(Math.round(value * 10) / 10);
  return String(value);
}
