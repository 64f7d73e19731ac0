import { describe, expect, it } from "vitest";
import { resolveScenario, traceScenario } from "../sim/index.ts";

/** Two commands 1s apart; the server closes the first one's connection in between, so each dials. */
function twoDials(profile: string, serverMaint: boolean) {
  const s = resolveScenario({
    profile,
    transport: "tcp",
    network: { rtt: "1ms", dialTime: "2ms" },
    server: { maintNotifications: serverMaint },
    disconnects: [{ at: "1500ms", fraction: 1, mode: "fin" }],
    workload: { kind: "concurrent", clients: 1, commands: 2, think: "1s", start: "1100ms" },
  });
  const { trace } = traceScenario(s);
  const starts = trace.filter((e) => e.type === "commandStart").map((e) => e.atUs);
  const ends = trace.filter((e) => e.type === "commandSucceeded").map((e) => e.atUs);
  return ends.map((end, i) => (end - starts[i]) / 1000);
}

describe("initConn round trips (redis.go initConn)", () => {
  it("v9.14.1: HELLO + SETINFO pipeline, 2 round trips per new connection", () => {
    expect(twoDials("go-redis@9.14.1", false)).toEqual([2 + 2 + 1, 2 + 2 + 1]);
  });

  it("v9.15.1 sends CLIENT MAINT_NOTIFICATIONS ON: +1 round trip; a server that refuses it turns it off after its first reply (auto mode, 0ef6d072)", () => {
    expect(twoDials("go-redis@9.15.1", false)).toEqual([2 + 3 + 1, 2 + 2 + 1]);
    expect(twoDials("go-redis@9.15.1", true)).toEqual([2 + 3 + 1, 2 + 3 + 1]);
  });
});
