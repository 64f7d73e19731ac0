import { resolveScenario, type Scenario } from "../sim/index.ts";

/** The incident scenario of experiments/scenarios/incident.json, with overrides merged per group. */
export function incident(overrides: Record<string, unknown> = {}): Scenario {
  const base: Record<string, unknown> = {
    seed: 1,
    transport: "tls",
    probe: "syscall",
    pool: { size: 10 },
    retry: { maxRetries: 3 },
    warmup: { idle: "full" },
    disconnects: [{ at: "1s", fraction: 1, mode: "fin" }],
    workload: { kind: "sequential", commands: 20, start: "1100ms" },
  };
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    const b = base[k];
    merged[k] = isObject(b) && isObject(v) && !Array.isArray(v) ? { ...b, ...v } : v;
  }
  return resolveScenario(merged);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** C(n, k) as a float, exact for the small values tests use. */
export function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}
