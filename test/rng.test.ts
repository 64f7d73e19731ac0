import { describe, expect, it } from "vitest";
import { createRng, deriveSeed, Stream } from "../sim/engine/rng.ts";
import { retryBackoffUs } from "../sim/model/backoff.ts";

describe("rng", () => {
  it("createRng(seed, rep, stream) is deterministic", () => {
    const a = createRng(1, 5, Stream.backoff);
    const b = createRng(1, 5, Stream.backoff);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
  });

  it("deriveSeed() differs across seed, replication and stream, and is a safe integer", () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 20; seed++)
      for (let rep = 0; rep < 50; rep++)
        for (const s of Object.values(Stream)) {
          const d = deriveSeed(seed, rep, s);
          expect(Number.isSafeInteger(d)).toBe(true);
          seen.add(d);
        }
    expect(seen.size).toBe(20 * 50 * Object.keys(Stream).length);
  });

  it("int(min, max) stays inside its bounds and reaches both ends", () => {
    const r = createRng(3, 0, Stream.workload);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[r.int(0, 3)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });

  it("exponential(mean) has the right mean within 3 standard errors", () => {
    const r = createRng(9, 0, Stream.workload);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) sum += r.exponential(10);
    expect(Math.abs(sum / n - 10)).toBeLessThan((3 * 10) / Math.sqrt(n));
  });
});

describe("retryBackoffUs (go-redis internal.RetryBackoff)", () => {
  it("retry k sleeps in [min, min + min·2^k), capped at max", () => {
    const r = createRng(1, 0, Stream.backoff);
    for (let k = 1; k <= 8; k++) {
      for (let i = 0; i < 500; i++) {
        const d = retryBackoffUs(k, 8000, 512000, r);
        expect(d).toBeGreaterThanOrEqual(8000);
        expect(d).toBeLessThan(Math.min(8000 + 8000 * 2 ** k, 512001));
      }
    }
  });

  it("min 0 means no backoff; a huge shift gives max", () => {
    const r = createRng(1, 0, Stream.backoff);
    expect(retryBackoffUs(3, 0, 512000, r)).toBe(0);
    expect(retryBackoffUs(200, 8000, 512000, r)).toBe(512000);
  });

  it("the mean of retry 1..3 sleeps is 16, 24 and 40 ms for 8 ms / 512 ms", () => {
    const r = createRng(2, 0, Stream.backoff);
    for (const [k, mean] of [[1, 16000], [2, 24000], [3, 40000]]) {
      let sum = 0;
      for (let i = 0; i < 20000; i++) sum += retryBackoffUs(k, 8000, 512000, r);
      expect(Math.abs(sum / 20000 - mean) / mean).toBeLessThan(0.02);
    }
  });
});
