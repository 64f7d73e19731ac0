import { describe, expect, it } from "vitest";
import { parseScenario, resolveScenario } from "../sim/index.ts";
import { applySets } from "../experiments/cli/overrides.ts";
import { cellAt, resolveSweep } from "../sim/sweep/index.ts";
import { validateTexts } from "../web/app/scenario-text.ts";

describe("profile as provenance", () => {
  it("resolveScenario({ ...s, profile }) re-derives every field the user did not set from the new profile", () => {
    const s = resolveScenario({ profile: "go-redis-9.5.3", pool: { size: 7 }, network: { rtt: "3ms" } });
    expect(s.retry).toMatchObject({ maxRetries: 3, policy: "pool" });
    const py = resolveScenario({ ...s, profile: "redis-py" });
    expect(py.retry).toMatchObject({ maxRetries: 10, policy: "reconnect", backoff: "full-jitter", minBackoff: "10ms" });
    expect(py.probe).toBe("tls-aware");
    expect(py.network.readTimeout).toBe("5s");
    // The user's own fields survive the switch.
    expect(py.pool.size).toBe(7);
    expect(py.network.rtt).toBe("3ms");
    // And switching back gives exactly the first scenario.
    expect(resolveScenario({ ...py, profile: "go-redis-9.5.3" })).toEqual(s);
  });

  it("a field changed in the copy counts as set: it survives a later profile switch", () => {
    const s = resolveScenario({});
    const edited = resolveScenario({ ...s, retry: { ...s.retry, maxRetries: 5 } });
    expect(edited.retry.maxRetries).toBe(5);
    const py = resolveScenario({ ...edited, profile: "redis-py" });
    expect(py.retry).toMatchObject({ maxRetries: 5, policy: "reconnect" });
  });

  it("a JSON copy has no provenance: every field it holds counts as set, as before", () => {
    const s = resolveScenario({});
    const copy = JSON.parse(JSON.stringify(s));
    expect(parseScenario({ ...copy, profile: "redis-py" }).retry.maxRetries).toBe(3);
  });

  it("the record is invisible to keys, JSON and a structured clone (a copy sent to a worker counts every field as set)", () => {
    const s = resolveScenario({});
    expect(Object.getOwnPropertySymbols(s).every((k) => !Object.getOwnPropertyDescriptor(s, k)!.enumerable)).toBe(true);
    expect(Object.keys(JSON.parse(JSON.stringify(s)))).toEqual(Object.keys(s));
    expect({ ...s }).toEqual(s);
    const cloned = structuredClone(s);
    expect(cloned).toEqual(s);
    expect(parseScenario({ ...cloned, profile: "redis-py" }).retry.maxRetries).toBe(3);
  });

  it("the CLI's --set profile=…, a sweep's profile axis and the web form re-derive from the profile too", () => {
    expect(parseScenario(applySets({ pool: { size: 7 } }, ["profile=redis-py"])).retry).toMatchObject({ maxRetries: 10, policy: "reconnect" });
    const sweep = resolveSweep({ base: { pool: { size: 7 } }, axes: [{ path: "profile", values: ["go-redis-9.5.3", "redis-py"] }], replications: 1 });
    expect([0, 1].map((i) => cellAt(sweep, i).scenario.retry.maxRetries)).toEqual([3, 10]);
    expect(cellAt(sweep, 1).scenario.pool.size).toBe(7);
    expect(validateTexts({ profile: "redis-py", "pool.size": "7" }).scenario!.retry).toMatchObject({ maxRetries: 10, policy: "reconnect" });
  });
});
