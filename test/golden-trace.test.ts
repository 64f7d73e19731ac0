import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveScenario, traceScenario, type TraceEvent } from "../sim/index.ts";

/** One trace step per line: time in µs, type, then the step's own fields as key=value. */
function formatTrace(trace: readonly TraceEvent[]): string {
  return trace.map(({ atUs, type, ...rest }) => [atUs, type, ...Object.entries(rest).map(([k, v]) => `${k}=${v}`)].join(" ")).join("\n") + "\n";
}

const incident = JSON.parse(readFileSync("experiments/scenarios/incident.json", "utf8"));

// The incident (experiments/scenarios/incident.json, seed 1, replication 0) step by step under each
// probe strategy: what the redesign of the model must not change. A difference shows as a diff of
// test/golden/*.trace; update them (vitest -u) only for a deliberate change of behaviour.
describe("golden traces of the incident scenario", () => {
  for (const probe of ["none", "syscall", "tls-aware"]) {
    it(`traceScenario(incident, probe ${probe}) matches test/golden/incident-${probe}.trace`, async () => {
      const { result, trace } = traceScenario(resolveScenario({ ...incident, probe }));
      await expect(formatTrace(trace)).toMatchFileSnapshot(`golden/incident-${probe}.trace`);
      expect(trace.filter((e) => e.type === "commandFailed")).toHaveLength(result.failed);
    });
  }
});
