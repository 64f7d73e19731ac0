import { describe, expect, it } from "vitest";
import { planCommand } from "../experiments/cli/plan-command.ts";

function plan(argv: string[]): string {
  let text = "";
  planCommand(argv, (t) => (text += t));
  return text;
}

const BLACKHOLE = ["experiments/scenarios/incident.json", "--target", "0.01", "--set", 'disconnects.0.mode="blackhole"', "--set", "transport=tcp", "--strategies", "tls-aware", "--pool", "2"];

describe("plan names its method, confidence, window and seed in every format", () => {
  it("table: a method line with the confidence sequence and its α split, the window and the seed", () => {
    const out = plan(BLACKHOLE);
    expect(out).toContain("method: 95% confidence sequence over runs (beta-binomial mixture martingale with Ville's inequality; anytime-valid, α = 0.05 split over maxRetries 0–64: 0.000769 per step)");
    expect(out).toContain("window: 20 sequential commands per run, one disconnect event per run; seed 1");
    expect(out).toMatch(/\n2 +tls-aware +2 +0\.0099\d* +confidence-sequence +\d+ /);
  });

  it("json: top-level method, confidence, unit, window and seed; each row its method and confidence", () => {
    const out = JSON.parse(plan([...BLACKHOLE, "--format", "json"]));
    expect(out).toMatchObject({ metric: "commandFailureRate", target: 0.01, confidence: 0.95, unit: "runs (one disconnect event per run)", window: "20 sequential commands per run", seed: 1, budget: "60s" });
    expect(out.method).toContain("confidence sequence");
    expect(out.rows[0]).toMatchObject({ maxRetries: 2, status: "certified", method: "confidence-sequence", confidence: 0.95 });
  });

  it("markdown: a table and one paragraph with method, window and seed; the closed form is called exact", () => {
    const out = plan(["experiments/scenarios/incident.json", "--target", "0.001", "--strategies", "none", "--format", "markdown"]);
    expect(out.split("\n").slice(0, 3)).toEqual([
      "| pool.size | probe | maxRetries | upper bound | method | runs | failed commands/event (per instance) | P(event loses ≥ 1 command) (per instance) | extra time to outcome ms/event, all commands (per instance) | extra time to outcome ms/overlapping command | p99 ms | dials |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|",
      "| 10 | none | 10 | 0 | closed-form | - | 0 | 0 | 2380.19 | 2380.19 | 1928.96 | 1 |",
    ]);
    expect(out).toContain("Method: closed form (exact). Window: 20 sequential commands per run, one disconnect event per run. Seed 1.");
  });

  it("a target too small for --reps-max is refused in plain words, without a number picked", () => {
    const out = plan([BLACKHOLE[0], "--target", "1e-6", ...BLACKHOLE.slice(3), "--reps-max", "20000"]);
    expect(out).toContain("cannot certify ≤ 0.000001 within 20,000 runs per step (needs ≥ 8,292,838 runs with no failure)");
    expect(out).toMatch(/tls-aware +cannot certify +- /);
  });

  it("refuses a metric it cannot bound and a bad budget, naming the flag", () => {
    expect(() => plan([...BLACKHOLE, "--metric", "latencyP99"])).toThrow(/--metric latencyP99: the planner cannot bound latencyP99/);
    expect(() => plan([...BLACKHOLE, "--budget", "soon"])).toThrow(/--budget must be a duration above 0, e.g. 60s or 5m; got "soon"/);
  });

  it("refuses a target outside (0, 1) for a probability metric, naming --target; a count may exceed 1", () => {
    for (const [metric, t] of [["commandFailureRate", "2"], ["commandFailureRate", "1"], ["eventLossProbability", "0"], ["anyCommandFailed", "1.5"]]) {
      expect(() => plan([...BLACKHOLE.slice(0, 1), "--target", t, "--metric", metric, ...BLACKHOLE.slice(3)]), `${metric} ${t}`).toThrow(
        new RegExp(`^plan: --target for ${metric} \\(a probability\\) must lie strictly between 0 and 1, e\\.g\\. 0\\.001; got ${t}$`),
      );
    }
    expect(plan(["experiments/scenarios/incident.json", "--target", "2", "--metric", "failedPerEvent", "--strategies", "none"])).toContain("smallest maxRetries whose upper bound of failedPerEvent");
  });
});
