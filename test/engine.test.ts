import { describe, expect, it } from "vitest";
import { Engine, type Handler } from "../sim/engine/engine.ts";

const Kind = { a: 0, b: 1, c: 2 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/** An engine whose handlers log (kind, payload, time); kind c schedules an `a` delayUs later (none when −1). */
function recorder(priorities: Record<Kind, number> = { 0: 0, 1: 1, 2: 2 }) {
  const log: string[] = [];
  const handlers: Record<Kind, Handler> = {
    [Kind.a]: (x) => log.push(`a${x}@${engine.nowUs}`),
    [Kind.b]: (x) => log.push(`b${x}@${engine.nowUs}`),
    [Kind.c]: (x, delayUs) => {
      log.push(`c${x}@${engine.nowUs}`);
      if (delayUs >= 0) engine.schedule(Kind.a, engine.nowUs + delayUs, x, 0);
    },
  };
  const engine = new Engine<Kind>({ handlers, priorities });
  return { engine, log };
}

describe("Engine", () => {
  it("step() handles events by time, then priority, then scheduling order", () => {
    const { engine, log } = recorder();
    engine.schedule(Kind.b, 5, 1, 0);
    engine.schedule(Kind.a, 5, 2, 0);
    engine.schedule(Kind.c, 3, 3, -1);
    engine.schedule(Kind.b, 5, 4, 0);
    engine.schedule(Kind.a, 5, 5, 0);
    while (engine.step() === "stepped");
    // Kind a has priority 0, b priority 1: at t = 5 every a comes before every b, each in order.
    expect(log).toEqual(["c3@3", "a2@5", "a5@5", "b1@5", "b4@5"]);
  });

  it("priorities come from the model's table, not from the kind's number", () => {
    const { engine, log } = recorder({ 0: 2, 1: 0, 2: 1 });
    engine.schedule(Kind.a, 1, 1, 0);
    engine.schedule(Kind.c, 1, 2, -1);
    engine.schedule(Kind.b, 1, 3, 0);
    engine.run({ eventsMax: 100 });
    expect(log).toEqual(["b3@1", "c2@1", "a1@1"]);
  });

  it("step() returns 'empty' on an empty queue and leaves the clock alone", () => {
    const { engine } = recorder();
    engine.schedule(Kind.a, 7, 0, 0);
    expect(engine.step()).toBe("stepped");
    expect(engine.nowUs).toBe(7);
    expect(engine.step()).toBe("empty");
    expect(engine.nowUs).toBe(7);
    expect(engine.peekUs()).toBe(Infinity);
  });

  it("an event a handler schedules for the current instant runs after it, even at a higher priority", () => {
    const { engine, log } = recorder();
    engine.schedule(Kind.c, 10, 1, 0);
    engine.schedule(Kind.a, 10, 2, -1);
    engine.schedule(Kind.c, 20, 3, 5);
    expect(engine.run({ eventsMax: 100 })).toBe("empty");
    expect(log).toEqual(["a2@10", "c1@10", "a1@10", "c3@20", "a3@25"]);
    expect(engine.events).toBe(5);
  });

  it("run({ eventsMax }) stops after eventsMax events, the clock at the first event left", () => {
    const { engine, log } = recorder();
    for (let i = 0; i < 5; i++) engine.schedule(Kind.a, 100 * i, i, 0);
    expect(engine.run({ eventsMax: 3 })).toBe("eventLimit");
    expect(log).toEqual(["a0@0", "a1@100", "a2@200"]);
    expect(engine.events).toBe(3);
    expect(engine.nowUs).toBe(300);
    expect(engine.pending).toBe(2);
  });

  it("run() returns 'stopped' when a handler calls stop(), before the next event", () => {
    const log: number[] = [];
    const engine: Engine<0> = new Engine<0>({
      handlers: { 0: (x) => (log.push(x), x === 1 && engine.stop()) },
      priorities: { 0: 0 },
    });
    for (let i = 0; i < 4; i++) engine.schedule(0, i, i, 0);
    expect(engine.run({ eventsMax: 100 })).toBe("stopped");
    expect(log).toEqual([0, 1]);
    expect(engine.pending).toBe(2);
  });

  it("reset() starts over at time 0 with nothing scheduled", () => {
    const { engine, log } = recorder();
    engine.schedule(Kind.a, 50, 1, 0);
    engine.run({ eventsMax: 10 });
    engine.schedule(Kind.a, 60, 2, 0);
    engine.reset();
    expect([engine.nowUs, engine.events, engine.pending]).toEqual([0, 0, 0]);
    engine.schedule(Kind.b, 1, 3, 0);
    engine.run({ eventsMax: 10 });
    expect(log).toEqual(["a1@50", "b3@1"]);
  });

  it("an event scheduled in the past is an invariant violation, not a silent reorder", () => {
    const { engine } = recorder();
    engine.schedule(Kind.a, 10, 1, 0);
    engine.step();
    expect(() => engine.schedule(Kind.a, 5, 2, 0)).toThrow(/before now/);
    expect(() => engine.schedule(Kind.a, NaN, 2, 0)).toThrow(/before now/);
  });
});
