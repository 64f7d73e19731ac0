import { describe, expect, it } from "vitest";
import { resolveScenario, runScenario } from "../sim/index.ts";
import { maybeDurationUs } from "../sim/scenario/duration.ts";
import { TLS_CONTEXT_SETUP } from "../sim/profiles/redis-py-versions.ts";

const ctxMs = maybeDurationUs(TLS_CONTEXT_SETUP)! / 1000;

/** One command at 1 s into an empty pool: its latency is one dial, the init and the command. */
function firstCommandMs(profile: string, transport: "tcp" | "tls", extra: Record<string, unknown> = {}): number {
  const s = resolveScenario({ profile, transport, network: { rtt: "1ms", dialTime: "2ms" }, workload: { kind: "sequential", commands: 1, start: "1s" }, ...extra });
  return runScenario(s).latencyMaxMs;
}

describe("redis-py builds a new SSL context on every TLS connect (redis/connection.py)", () => {
  it("v8.1.0 _wrap_socket_with_ssl and v4.3.4 SSLConnection._connect call ssl.create_default_context() per connect: TLS dials pay it, TCP dials do not", () => {
    expect(ctxMs).toBeGreaterThan(0);
    expect(firstCommandMs("redis-py@8.1.0", "tcp")).toBe(2 + 4 + 1); // dial, HELLO + 3 CLIENT commands, the command
    expect(firstCommandMs("redis-py@8.1.0", "tls")).toBe(ctxMs + 2 + 4 + 1);
    expect(firstCommandMs("redis-py@4.3.4", "tls")).toBe(ctxMs + 2 + 0 + 1); // RESP2: no handshake
  });

  it("go-redis builds its tls.Config once: no per-dial context cost", () => {
    expect(firstCommandMs("go-redis@9.22.0", "tls")).toBe(2 + 3 + 1);
  });

  it("the context is built after sock.connect, whose socket_connect_timeout does not cover it (v8.1.0 Connection._connect settimeout before connect)", () => {
    // A 10 ms connect timeout with a 2 ms connect: the context built after it does not time the dial out.
    expect(firstCommandMs("redis-py@8.1.0", "tls", { network: { rtt: "1ms", dialTime: "2ms", dialTimeout: "10ms" } })).toBe(ctxMs + 2 + 4 + 1);
  });

  it("a refused connect builds no context: it fails after one round trip", () => {
    const s = resolveScenario({
      profile: "redis-py@8.1.0",
      transport: "tls",
      retry: { maxRetries: 0 },
      network: { rtt: "1ms", dialTime: "2ms" },
      disconnects: [{ at: "500ms", fraction: 1, mode: "fin", serverDown: "10s" }],
      workload: { kind: "sequential", commands: 1, start: "1s" },
    });
    const r = runScenario(s);
    expect(r.errors.dialRefused).toBe(1);
    expect(r.latencyMaxMs).toBe(1);
  });

  it("network.tlsContextSetup applies to tls only and any pooled scenario can set it", () => {
    const set = { network: { rtt: "1ms", dialTime: "2ms", tlsContextSetup: "7ms" } };
    expect(firstCommandMs("go-redis@9.5.3", "tls", set)).toBe(7 + 2 + 2 + 1);
    expect(firstCommandMs("go-redis@9.5.3", "tcp", set)).toBe(2 + 2 + 1);
  });
});
