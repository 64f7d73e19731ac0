import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replicate, parseScenario, runScenario, traceScenario, type Scenario } from "../sim/index.ts";

/** C clients released together at 1100 ms, one command each, on an empty pool of 32 (every start is visible as a dial). */
function burst(workload: Record<string, unknown>, network: Record<string, unknown> = {}): Scenario {
  return parseScenario({
    transport: "tcp",
    pool: { size: 32 },
    warmup: { idle: 0 },
    network,
    workload: { kind: "concurrent", clients: 8, commands: 1, start: "1100ms", ...workload },
  });
}

const starts = (s: Scenario, seed = 1) =>
  traceScenario(s, { seed }).trace.filter((e) => e.type === "commandStart").map((e) => e.atUs);

describe("workload.startSpread and workload.startGap (concurrent callers leaving a barrier one after another)", () => {
  it("startGap 0s under every spread gives the results of a scenario without the fields, bit for bit", () => {
    const base = { kind: "concurrent", clients: 6, commands: 15, think: "1ms", start: "1100ms" };
    const without = parseScenario({ warmup: { idle: "full" }, disconnects: [{ at: "1s", fraction: 0.5 }], workload: base });
    for (const startSpread of ["fixed", "uniform", "exponential"]) {
      const zero = parseScenario({ warmup: { idle: "full" }, disconnects: [{ at: "1s", fraction: 0.5 }], workload: { ...base, startSpread, startGap: "0s" } });
      for (let seed = 1; seed <= 20; seed++) expect(runScenario(zero, { seed }), `${startSpread} seed ${seed}`).toEqual(runScenario(without, { seed }));
    }
  });

  it("fixed: client i's first command starts exactly i × startGap after start (hand-worked: 1100 ms + i·250 µs)", () => {
    expect(starts(burst({ startSpread: "fixed", startGap: "250us" }))).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => 1_100_000 + 250 * i));
  });

  it("uniform gaps lie in [0, 2·startGap) and exponential gaps are positive; both are whole µs and in client order", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const u = starts(burst({ startSpread: "uniform", startGap: "100us" }), seed);
      const e = starts(burst({ startSpread: "exponential", startGap: "100us" }), seed);
      for (const t of [...u, ...e]) expect(Number.isInteger(t)).toBe(true);
      // Rounding the running sum, not each gap, keeps every start within 1 µs of the drawn instant.
      for (let i = 1; i < u.length; i++) expect(u[i] - u[i - 1]).toBeGreaterThanOrEqual(0), expect(u[i] - u[i - 1]).toBeLessThanOrEqual(201);
      expect(u[0]).toBe(1_100_000);
      expect(e[0]).toBe(1_100_000);
      for (let i = 1; i < e.length; i++) expect(e[i]).toBeGreaterThanOrEqual(e[i - 1]);
    }
  });

  it("exponential gaps have mean startGap: over 400 runs × 7 gaps the mean lies within 5% of 100 µs (2800 draws, sd of the mean 1.9 µs)", () => {
    let sum = 0;
    let n = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const e = starts(burst({ startSpread: "exponential", startGap: "100us" }), seed);
      sum += e[e.length - 1] - e[0];
      n += e.length - 1;
    }
    expect(Math.abs(sum / n - 100)).toBeLessThan(5);
  });

  it("the spread's draws are a pure function of (seed, replication): the same seed gives the same starts and results", () => {
    const s = burst({ startSpread: "exponential", startGap: "3ms" });
    expect(starts(s, 7)).toEqual(starts(s, 7));
    expect(starts(s, 7)).not.toEqual(starts(s, 8));
    const a = replicate(s, 30, { seed: 5 });
    const b = replicate(s, 30, { seed: 5 });
    expect(a).toEqual(b);
  });

  it("the spread draws from the workload stream only: the disconnect's victims (the disconnects stream) are the same with and without it", () => {
    const scenario = (startGap: string) =>
      parseScenario({ warmup: { idle: "full" }, disconnects: [{ at: "1s", fraction: 0.5 }], workload: { kind: "concurrent", clients: 6, commands: 5, start: "1100ms", startSpread: "exponential", startGap } });
    const before = (s: Scenario, seed: number) => traceScenario(s, { seed }).trace.filter((e) => e.atUs < 1_100_000);
    for (let seed = 1; seed <= 10; seed++) {
      const spread = before(scenario("5ms"), seed);
      expect(spread.length).toBeGreaterThan(0);
      expect(spread).toEqual(before(scenario("0s"), seed));
    }
  });

  it("property: a fixed spread wider than one command's service time (dial + init + RTT) makes fewer distinct connections: 1 dial instead of C", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 24 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 1000 }),
        (clients, rttUs, dialUs, initRoundTrips, slackUs, seed) => {
          const network = { rtt: `${rttUs}us`, dialTime: `${dialUs}us`, initRoundTrips };
          const serviceUs = dialUs + (initRoundTrips + 1) * rttUs;
          const together = runScenario(burst({ clients }, network), { seed });
          const spread = runScenario(burst({ clients, startSpread: "fixed", startGap: `${serviceUs + slackUs}us` }, network), { seed });
          expect(together.dials).toBe(clients);
          expect(spread.dials).toBe(1);
          expect(spread.succeeded).toBe(clients);
        },
      ),
      { seed: 12, numRuns: 200 },
    );
  });

  it("property: random spreads never use more connections than simultaneous starts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 24 }),
        fc.constantFrom("uniform", "exponential"),
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 1000 }),
        (clients, startSpread, gapUs, seed) => {
          const together = runScenario(burst({ clients }), { seed });
          const spread = runScenario(burst({ clients, startSpread, startGap: `${gapUs}us` }), { seed });
          expect(spread.dials).toBeLessThanOrEqual(together.dials);
        },
      ),
      { seed: 13, numRuns: 200 },
    );
  });

  it("parseScenario names the field, the value and what is allowed", () => {
    expect(() => burst({ startSpread: "poisson" })).toThrow('workload.startSpread must be one of fixed, uniform, exponential; got "poisson"');
    expect(() => burst({ startGap: "-1ms" })).toThrow(/workload\.startGap/);
    expect(() => parseScenario({ workload: { kind: "sequential", startGap: "1ms" } })).toThrow(/workload\.startGap/);
  });
});
