import { describe, expect, it } from "vitest";
import { PROBE_KEYS } from "../sim/scenario/spec.ts";
import { runScenario } from "../sim/index.ts";
import { closedFormFailure } from "../sim/sweep/closed-form.ts";
import { incident } from "./helpers.ts";

describe("the planner's closed form agrees with the simulation for every probe strategy", () => {
  for (const probe of PROBE_KEYS)
    for (const transport of ["tls", "tcp"] as const)
      it(`probe ${probe} over ${transport}: closed-form failed commands = simulated, for K 1..12, R 0..5`, () => {
        for (const mode of ["fin", "rst"] as const)
          for (let k = 1; k <= 12; k++)
            for (let r = 0; r <= 5; r++) {
              const s = incident({ probe, transport, pool: { size: k }, retry: { maxRetries: r }, disconnects: [{ at: "1s", fraction: 1, mode }] });
              const form = closedFormFailure(s);
              expect(form, `${mode} K=${k} R=${r}`).not.toBeNull();
              expect(runScenario(s).failed, `${mode} K=${k} R=${r}`).toBe(form!.failedCommands);
            }
      });
});
