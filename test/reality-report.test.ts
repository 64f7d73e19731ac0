import { describe, expect, it } from "vitest";
import { fileName, summarize, summaryCsv, SUMMARY_COLUMNS, type Cell } from "../experiments/reality/report.ts";
import { SCENARIOS } from "../experiments/reality/scenarios.ts";
import type { CommandRecord, TrialRecord } from "../experiments/reality/trial.ts";

function trial(commands: Array<Partial<CommandRecord>>, extra: Partial<TrialRecord> = {}): TrialRecord {
  return {
    commands: commands.map((c, index) => ({ index, ok: true, kind: "ok", sends: 1, executions: 1, latencyMs: 1, ...c })),
    reconnectAttempts: 1, reconnects: 1, attemptsWhileCommands: 1, dials: 0, validateFailures: 0, recoveryMs: 10, downMs: 0, loadingMs: 0, connectMs: 3, loopDelayMaxMs: 5,
    lossSeenMs: 0, loadingEventsEveryMs: 0, reconnectAtMs: [], faultMissed: false, loadStartMs: 0, ...extra,
  };
}

describe("reality report", () => {
  it("summarize(cell) counts failures, re-sends and double executions from the server's counters", () => {
    const cell: Cell = {
      client: "ioredis@5", scenario: "kill-executed", transport: "tcp", mode: "burst",
      trials: [
        trial([{ sends: 2, executions: 2 }, { sends: 2, executions: 1 }, { ok: false, kind: "reset", executions: 1 }]),
        trial([{ ok: false, kind: "reset", executions: 0 }, { ok: true, executions: 0 }, { ok: false, kind: "hung", latencyMs: Number.NaN }], { recoveryMs: -1, reconnectAttempts: 3 }),
      ],
    };
    const s = summarize(cell);
    expect(s).toMatchObject({
      trials: 2, commands: 6, failed: 3, failedKinds: "hung:1;reset:2", resent: 2, executedTwice: 1,
      failedButExecuted: 2, okNotExecuted: 1, hung: 1, reconnectsMean: 2, recoveryMsMean: 10,
    });
    expect(s.latencyMsMax).toBe(1);
  });

  it("summaryCsv(rows) writes the columns in SUMMARY_COLUMNS order, one line per cell", () => {
    const row = summarize({ client: "node-redis@5", scenario: "idle-kill", transport: "tls", mode: "seq", trials: [trial([{}])] });
    const lines = summaryCsv([row]).trimEnd().split("\n");
    expect(lines[0]).toBe(SUMMARY_COLUMNS.join(","));
    expect(lines[1].split(",")).toHaveLength(SUMMARY_COLUMNS.length);
    expect(lines[1].startsWith("node-redis@5,idle-kill,tls,seq,1,1,0,")).toBe(true);
  });

  it("fileName(client) keeps names apart and safe for files", () => {
    expect(["ioredis@5", "ioredis@6", "node-redis@4", "node-redis@5", "generic-pool", "generic-pool+ping"].map(fileName))
      .toEqual(["ioredis-5", "ioredis-6", "node-redis-4", "node-redis-5", "generic-pool", "generic-pool-ping"]);
  });

  it("SCENARIOS have unique names and each runs in at least one mode and transport", () => {
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      expect(s.modes.length * s.transports.length * s.kinds.length, s.name).toBeGreaterThan(0);
      if (s.fault === "crash") expect(s.downMs, s.name).toBeGreaterThan(0);
    }
  });
});
