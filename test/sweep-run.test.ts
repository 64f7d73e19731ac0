import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildOutput, cellsToCsv, cellsToJson, expandCells, expandTasks, halfWidth, mergeShards, resolveSweep, runTask, selectShard,
  type ResolvedSweep, type SweepOutput,
} from "../sim/sweep/index.ts";
import { InvalidTaskError } from "../experiments/sweep/pool.ts";
import { runSweep } from "../experiments/sweep/run-sweep.ts";

const incident = {
  transport: "tls", probe: "syscall", warmup: { idle: "full" },
  disconnects: [{ at: "1s", fraction: 0.5, mode: "fin" }],
  workload: { kind: "sequential", commands: 20, start: "1100ms" },
};

const sweep = resolveSweep({
  base: incident,
  axes: [
    { path: "probe", values: ["none", "syscall", "tls-aware"] },
    { path: "pool.size", values: [4, 10] },
    { path: "retry.maxRetries", values: [0, 2] },
  ],
  replications: 60,
  metrics: ["commandFailureRate", "failedCommands", "latencyP99"],
});

function inProcess(s: ResolvedSweep, shard: { index: number; count: number } | null = null): SweepOutput {
  const tasks = selectShard(expandTasks(s), shard);
  const results = tasks.flatMap((t) => runTask(t, s));
  return buildOutput(s, results, { cellCount: expandCells(s).length, expectedCells: tasks.reduce((n, t) => n + t.cells.length, 0), shard: shard ?? undefined });
}

const opts = { progress: false, handleSigint: false } as const;

describe("sweep runner", () => {
  it("runSweep gives byte-identical CSV and JSON with 1, 2 and 3 threads, and matches the in-process path", async () => {
    const [one, two, three] = [await runSweep(sweep, { ...opts, threads: 1 }), await runSweep(sweep, { ...opts, threads: 2 }), await runSweep(sweep, { ...opts, threads: 3 })];
    expect(one.output.complete).toBe(true);
    for (const other of [two, three]) {
      expect(cellsToCsv(other.output)).toBe(cellsToCsv(one.output));
      expect(cellsToJson(other.output)).toBe(cellsToJson(one.output));
    }
    expect(cellsToCsv(inProcess(sweep))).toBe(cellsToCsv(one.output));
  });

  it("a cell the corner check lets through stops the run with the task that holds it", async () => {
    // 2.5 lies between the corners 1 and 3: resolveSweep's "corners" check passes, the worker's fails.
    const raw = { base: incident, axes: [{ path: "pool.size", values: [1, 2.5, 3] }], replications: 5 };
    const lenient = resolveSweep(raw, { cells: "corners" });
    expect(() => resolveSweep(raw)).toThrow(/pool.size: 2.5.*pool.size must be an integer/);
    const failure = await runSweep(lenient, { ...opts, threads: 2 }).then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(InvalidTaskError);
    expect((failure as InvalidTaskError).task).toBe(1);
  });

  it("shards through worker threads merge into exactly the single-run bytes (CSV and JSON)", async () => {
    const single = inProcess(sweep);
    const shards: SweepOutput[] = [];
    for (let i = 1; i <= 3; i++) shards.push((await runSweep(sweep, { ...opts, threads: 2, shard: { index: i, count: 3 } })).output);
    expect(shards.every((s) => s.complete && s.cells.length > 0)).toBe(true);
    const named = (f: (o: SweepOutput) => string) => shards.map((o, i) => ({ name: `s${i + 1}`, text: f(o) })).reverse();
    expect(mergeShards(named(cellsToCsv))).toBe(cellsToCsv(single));
    expect(mergeShards(named(cellsToJson))).toBe(cellsToJson(single));
  });

  it("merge refuses missing, repeated and foreign shards", () => {
    const a = cellsToCsv(inProcess(sweep, { index: 1, count: 2 }));
    const b = cellsToCsv(inProcess(sweep, { index: 2, count: 2 }));
    expect(() => mergeShards([{ name: "a", text: a }])).toThrow("shard 2/2 is missing");
    expect(() => mergeShards([{ name: "a", text: a }, { name: "a2", text: a }, { name: "b", text: b }])).toThrow("shard 1/2 is given 2 times");
    const other = resolveSweep({ base: incident, axes: [{ path: "probe", values: ["none"] }], replications: 5 });
    const c = cellsToCsv(inProcess(other, { index: 2, count: 2 }));
    expect(() => mergeShards([{ name: "a", text: a }, { name: "c", text: c }])).toThrow("c comes from a different sweep than a");
    expect(() => mergeShards([{ name: "full", text: cellsToCsv(inProcess(sweep)) }])).toThrow('full: not a shard output');
    expect(() => mergeShards([{ name: "a", text: a }, { name: "j", text: cellsToJson(inProcess(sweep, { index: 2, count: 2 })) }])).toThrow("must all be JSON or all CSV");
  });

  it("an output missing cells is marked incomplete in both formats", () => {
    const tasks = expandTasks(sweep).slice(0, 2);
    const out = buildOutput(sweep, tasks.flatMap((t) => runTask(t, sweep)), { cellCount: expandCells(sweep).length });
    expect(out.complete).toBe(false);
    expect(cellsToCsv(out).split("\n")[0]).toBe(`# incomplete: ${out.cells.length} cells finished, of 12 in the sweep`);
    expect(JSON.parse(cellsToJson(out)).complete).toBe(false);
  });

  it("paired differences are replication-by-replication differences, zero-width where the cells agree", () => {
    const out = inProcess(sweep);
    for (const c of out.cells) {
      const base = out.cells.find((b) => b.coords[0] === "none" && b.coords[1] === c.coords[1] && b.coords[2] === c.coords[2])!;
      if (c.coords[0] === "none") {
        expect(c.diff).toBeNull();
        continue;
      }
      const d = c.diff!.failedCommands;
      expect(d.mean).toBeCloseTo(c.metrics.failedCommands.mean - base.metrics.failedCommands.mean, 9);
      // syscall under TLS is the same blind probe: every replication agrees exactly.
      if (c.coords[0] === "syscall") expect(d).toEqual({ mean: 0, ci95: [0, 0] });
    }
  });

  it("adaptive stopping stops at the first check with half-width ≤ ε, within [min, max]", () => {
    const adaptive = (halfWidthMax: number, min: number, max: number) =>
      resolveSweep({ base: incident, axes: [{ path: "retry.maxRetries", values: [1, 3] }], replications: { metric: "latencyP99", halfWidth: halfWidthMax, min, max }, metrics: ["latencyP99"] });
    const loose = adaptive(5, 10, 5000);
    for (const task of expandTasks(loose)) {
      const [r] = runTask(task, loose);
      expect(r.stop).toBe("converged");
      expect(r.reps).toBeGreaterThanOrEqual(10);
      expect(halfWidth(r.metrics.latencyP99)).toBeLessThanOrEqual(5);
      if (r.reps > 10) {
        // One replication fewer did not meet the criterion.
        const fixed = resolveSweep({ base: incident, axes: [{ path: "retry.maxRetries", values: task.cells[0].coords }], replications: r.reps - 1, metrics: ["latencyP99"] });
        const fewer = runTask(expandTasks(fixed)[0], fixed)[0];
        expect(halfWidth(fewer.metrics.latencyP99)).toBeGreaterThan(5);
      }
    }
    const capped = adaptive(1e-6, 10, 40);
    expect(expandTasks(capped).map((t) => runTask(t, capped)[0]).map((r) => [r.stop, r.reps])).toEqual([["max", 40], ["max", 40]]);
    const exactAtMin = adaptive(1e9, 25, 40);
    expect(runTask(expandTasks(exactAtMin)[0], exactAtMin)[0]).toMatchObject({ stop: "converged", reps: 25 });
  });

  it("shards partition the tasks for any shard count, and cells are row-major", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 7 }), (sizes, n) => {
        const s = resolveSweep({ base: {}, axes: sizes.map((k, i) => ({ path: ["pool.size", "retry.maxRetries", "seed"][i], from: 1, to: k })), replications: 1, pairBy: null });
        const tasks = expandTasks(s);
        const seen = Array.from({ length: n }, (_, i) => selectShard(tasks, { index: i + 1, count: n })).flat().map((t) => t.index).sort((a, b) => a - b);
        expect(seen).toEqual(tasks.map((t) => t.index));
        const cells = expandCells(s);
        expect(cells.map((c) => c.index)).toEqual(cells.map((_, i) => i));
        const last = s.axes.length - 1;
        if (cells.length > 1 && s.axes[last].values.length > 1) expect(cells[1].coords[last]).toBe(s.axes[last].values[1]);
      }),
      { numRuns: 30 },
    );
  });
});
