import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario, traceMultiplexed, traceScenario, type MuxTraceEvent, type ScenarioOptions } from "../sim/index.ts";

/** One trace step per line: time in µs, type, then the step's own fields as key=value. */
function formatTrace(trace: readonly MuxTraceEvent[]): string {
  return trace.map(({ atUs, type, ...rest }) => [atUs, type, ...Object.entries(rest).map(([k, v]) => `${k}=${v}`)].join(" ")).join("\n") + "\n";
}

const incident = JSON.parse(readFileSync("experiments/scenarios/incident.json", "utf8"));
/** The incident with a command in flight at the kill and the server down 200 ms: the re-send and the refused reconnects show. */
const inflight = {
  ...incident,
  workload: { kind: "sequential", commands: 20, start: "990500us" },
  disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "200ms" }],
};
const count = (trace: readonly MuxTraceEvent[], pred: (e: MuxTraceEvent) => boolean) => trace.filter(pred).length;

// The incident (experiments/scenarios/incident.json, seed 1, replication 0) under multiplexed
// clients, step by step: the socket drops, reconnects by the client's own formula, and (in the
// in-flight variant) ioredis re-sends the unanswered command while node-redis fails it. Update
// the files (vitest -u) only for a deliberate change of behaviour.
describe("golden traces of the incident under multiplexed clients", () => {
  for (const [name, options] of [["incident", incident], ["inflight", inflight]] as const) {
    for (const profile of ["ioredis@5", "node-redis@5"]) {
      const file = `golden/mux-${name}-${profile.replace("@", "")}.trace`;
      it(`traceMultiplexed(${name}, ${profile}) matches test/${file}`, async () => {
        const { result, trace } = traceMultiplexed(resolveScenario({ ...options, profile }));
        await expect(formatTrace(trace)).toMatchFileSnapshot(file);
        expect(count(trace, (e) => e.type === "commandFailed")).toBe(result.failed);
      });
    }
  }

  it("the in-flight command: ioredis@5 re-sends it after the reconnect (maybe executed twice); node-redis@5 fails it with the socket's error", () => {
    const io = traceMultiplexed(resolveScenario({ ...inflight, profile: "ioredis@5" })).trace;
    expect(io.filter((e) => e.type === "commandUnanswered").map((e) => e.cmd)).toEqual([9]);
    expect(io.filter((e) => e.type === "commandResent")).toEqual([{ type: "commandResent", atUs: 1306000, cmd: 9, sock: 0, write: 2, maybeExecutedTwice: true }]);
    const nr = traceMultiplexed(resolveScenario({ ...inflight, profile: "node-redis@5" })).trace;
    expect(nr.filter((e) => e.type === "commandFailed")).toEqual([{ type: "commandFailed", atUs: 1000000, cmd: 9, sock: 0, cause: "eof" }]);
  });
});

/** Scenarios that reach every kind of step: each disconnect mode, queue off and bounded, the retry limit, a command timeout, a client that gives up. */
const cases: [string, ScenarioOptions][] = [
  ...(["fin", "rst", "reset-on-use", "blackhole", "readonly"] as const).flatMap((mode) => ["ioredis@5", "ioredis@6", "node-redis@4", "node-redis@5"].map((profile): [string, ScenarioOptions] => [
    `${profile} ${mode}`,
    { profile, network: { rtt: "3ms" }, disconnects: [{ at: "1s", fraction: 1, mode, serverDown: "300ms" }], workload: { kind: "poisson", rate: 300, duration: "800ms", start: "700ms" } },
  ])),
  ["queue off", { profile: "node-redis@5", multiplexed: { offlineQueue: false }, disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "1s" }], workload: { kind: "concurrent", clients: 5, commands: 2, think: "0s", start: "1s" } }],
  ["queue full", { profile: "node-redis@5", multiplexed: { offlineQueueMax: 2 }, disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "1s" }], workload: { kind: "concurrent", clients: 5, commands: 2, think: "0s", start: "1s" } }],
  ["retry limit", { profile: "ioredis@5", multiplexed: { maxRetriesPerRequest: 1 }, disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "5s" }], workload: { kind: "concurrent", clients: 5, commands: 1, think: "0s", start: "1s" } }],
  ["command timeout", { profile: "ioredis@5", multiplexed: { commandTimeout: "100ms" }, disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "2s" }], workload: { kind: "concurrent", clients: 3, commands: 1, think: "0s", start: "1s" } }],
  ["gives up", { profile: "ioredis@5", multiplexed: { reconnect: "none" }, disconnects: [{ at: "1s", fraction: 1, mode: "fin" }], workload: { kind: "concurrent", clients: 3, commands: 1, think: "0s", start: "1s" } }],
];

describe("traceMultiplexed(s) tells the same run as runScenario(s)", () => {
  const seen = new Set<string>();
  for (const [name, options] of cases) {
    it(`${name}: same result, time never goes back, the trace's counts equal the result's`, () => {
      const s = resolveScenario(options);
      const { result, trace } = traceMultiplexed(s);
      expect(result).toEqual(runScenario(s));
      for (let i = 1; i < trace.length; i++) expect(trace[i].atUs).toBeGreaterThanOrEqual(trace[i - 1].atUs);
      expect(count(trace, (e) => e.type === "commandIssued")).toBe(result.commands);
      expect(count(trace, (e) => e.type === "commandSucceeded")).toBe(result.succeeded);
      expect(count(trace, (e) => e.type === "commandFailed")).toBe(result.failed);
      expect(count(trace, (e) => e.type === "commandResent" && e.maybeExecutedTwice)).toBe(result.maybeExecutedTwice);
      expect(count(trace, (e) => e.type === "commandWritten" || e.type === "commandResent")).toBe(result.attempts);
      expect(count(trace, (e) => e.type === "connectStart")).toBe(result.dials);
      expect(count(trace, (e) => e.type === "connectFailed")).toBe(result.dialFailures);
      for (const e of trace) seen.add(e.type === "commandFailed" ? `commandFailed:${e.cause}` : e.type);
    });
  }

  it("the cases above reach every step type and every failure cause the model has", () => {
    const expected = ["socketHit", "socketLost", "reconnectScheduled", "connectStart", "connectFailed", "socketReady", "socketEnded", "serverDown", "commandIssued", "commandQueued", "queueDrained", "commandWritten", "commandUnanswered", "commandResent", "commandSucceeded",
      ...["eof", "reset", "timeout", "readonly", "queueOff", "queueFull", "maxRetriesPerRequest", "clientClosed", "commandTimeout"].map((c) => `commandFailed:${c}`)];
    expect([...seen].sort()).toEqual(expected.sort());
  });

  it("traceScenario refuses a multiplexed scenario and traceMultiplexed a pooled one, naming the profile", () => {
    expect(() => traceScenario(resolveScenario({ profile: "ioredis@5" }))).toThrow(/profile ioredis@5 is multiplexed: use traceMultiplexed/);
    expect(() => traceMultiplexed(resolveScenario({ profile: "go-redis-9.5.3" }))).toThrow(/profile go-redis-9.5.3 is pooled: use traceScenario/);
  });
});
