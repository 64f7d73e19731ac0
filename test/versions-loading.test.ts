import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario, traceScenario } from "../sim/index.ts";

/** A warm pool, a crash at 1s (FIN), down 1s, then loading for `loading`; one command at `start`. */
function restart(profile: string, loading: string, start: string, extra: Record<string, unknown> = {}) {
  return resolveScenario({
    profile,
    transport: "tcp",
    pool: { size: 4 },
    network: { rtt: "1ms", dialTime: "2ms" },
    warmup: { idle: "full" },
    disconnects: [{ at: "1s", fraction: 1, mode: "fin", serverDown: "1s", loading }],
    workload: { kind: "sequential", commands: 1, start },
    ...extra,
  });
}

describe("a server that restarts and loads its dataset answers LOADING", () => {
  it("go-redis retries LOADING and keeps the connection (v9.5.3 error.go shouldRetry: prefix \"LOADING \"; isBadConn: false for Redis errors)", () => {
    const { result, trace } = traceScenario(restart("go-redis@9.5.3", "10s", "2500ms"));
    expect(result.failed).toBe(1);
    expect(result.errors.loading).toBe(4); // MaxRetries 3: four attempts, all LOADING
    expect(result.dials).toBe(1); // one new connection, dialed once and kept through the retries
    expect(trace.filter((e) => e.type === "connReturned")).toHaveLength(4);
  });

  it("HELLO and CLIENT SETINFO run while loading (redis/redis src/commands/hello.json, client-setinfo.json: flag loading): the init succeeds, the command fails", () => {
    const r = runScenario(restart("go-redis@9.5.3", "10s", "2500ms", { retry: { maxRetries: 0 } }));
    expect(r.errors.loading).toBe(1);
    expect(r.latencyMaxMs).toBe(2 + 2 + 1); // dial, HELLO + SETINFO, the command's round trip
  });

  it("once the load ends commands succeed; redis-py 8.x's 10 retries (full jitter to 1s) outlast a 2s load that go-redis's 3 do not", () => {
    expect(runScenario(restart("go-redis@9.5.3", "500ms", "2600ms")).failed).toBe(0);
    expect(runScenario(restart("go-redis@9.5.3", "2s", "2100ms")).failed).toBe(1);
    expect(runScenario(restart("redis-py@8.1.0", "2s", "2100ms")).failed).toBe(0);
  });

  it("retry.retryOn.loading false fails at the first LOADING (database/sql: a server error is not driver.ErrBadConn)", () => {
    const r = runScenario(restart("go-redis@9.5.3", "10s", "2500ms", { retry: { retryOn: { loading: false } } }));
    expect(r.attempts).toBe(1);
    expect(r.failed).toBe(1);
  });
});
