import { afterEach, describe, expect, it, vi } from "vitest";
import { createRedraw } from "../web/app/redraw.ts";

/** Animation frames run by hand. */
function frames() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    requestFrame: (callback: () => void) => (pending.set(next, callback), next++),
    cancelFrame: (handle: number) => void pending.delete(handle),
    run: () => {
      const callbacks = [...pending.values()];
      pending.clear();
      for (const c of callbacks) c();
    },
  };
}

describe("createRedraw(draw, options)", () => {
  afterEach(() => vi.useRealTimers());

  it("draws once per burst of schedule() calls, after the delay, in a frame, and again for the next burst", () => {
    vi.useFakeTimers();
    const f = frames();
    let draws = 0;
    const redraw = createRedraw(() => draws++, { delayMs: 200, ...f });
    for (let i = 0; i < 50; i++) redraw.schedule();
    vi.advanceTimersByTime(199);
    f.run();
    expect(draws).toBe(0);
    vi.advanceTimersByTime(1);
    f.run();
    expect(draws).toBe(1);
    redraw.schedule();
    vi.advanceTimersByTime(200);
    f.run();
    expect(draws).toBe(2);
  });

  it("cancel() drops a pending redraw, before or after its frame was asked for", () => {
    vi.useFakeTimers();
    const f = frames();
    let draws = 0;
    const redraw = createRedraw(() => draws++, { delayMs: 200, ...f });
    redraw.schedule();
    redraw.cancel();
    vi.advanceTimersByTime(500);
    f.run();
    redraw.schedule();
    vi.advanceTimersByTime(200);
    redraw.cancel();
    f.run();
    expect(draws).toBe(0);
    redraw.schedule();
    vi.advanceTimersByTime(200);
    f.run();
    expect(draws).toBe(1);
  });
});
