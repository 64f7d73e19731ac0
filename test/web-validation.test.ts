// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { resolveScenario } from "../sim/scenario/resolve.ts";
import { buildScenarioForm } from "../web/app/controls.ts";
import { FIELDS } from "../web/app/fields.ts";
import { optionsFromTexts, validateTexts } from "../web/app/scenario-text.ts";
import { planSweep, REPS_MAX, SWEEP_DEFAULTS } from "../web/app/sweep-def.ts";
import { REPS_MAX as SIM_REPS_MAX } from "../sim/sweep/resolve.ts";
import { mapIssues } from "../web/app/scenario-text.ts";
import { decodeState } from "../web/app/url.ts";

describe("form validation", () => {
  it("a profile supplies every field the user did not set", () => {
    const v = validateTexts({ profile: "go-redis-9.22" });
    const plain = validateTexts({});
    expect(v.scenario!.network.readTimeout).not.toBe(plain.scenario!.network.readTimeout);
    expect(validateTexts({ profile: "go-redis-9.22", "network.readTimeout": "3s" }).scenario!.network.readTimeout).toBe("3s");
  });

  it("validateTexts({}) is the app's base scenario: the incident", () => {
    const v = validateTexts({});
    expect(v.scenario).toEqual(resolveScenario(optionsFromTexts({})));
    expect(v.scenario!.warmup.idle).toBe("full");
    expect(v.scenario!.disconnects).toHaveLength(1);
  });

  it("an out-of-range field gets the resolver's message with the allowed range", () => {
    const v = validateTexts({ "pool.size": "0" });
    expect(v.scenario).toBeNull();
    expect(v.fieldErrors.get("pool.size")).toEqual(["pool.size must be an integer from 1 to 100000; got 0"]);
  });

  it("text that is not a number is named, not dropped; empty required fields are errors", () => {
    expect(validateTexts({ "retry.maxRetries": "three" }).fieldErrors.get("retry.maxRetries")![0]).toContain('got "three"');
    expect(validateTexts({ "pool.size": "" }).fieldErrors.get("pool.size")![0]).toContain('got ""');
    expect(validateTexts({ "retry.minBackoff": "8" }).fieldErrors.get("retry.minBackoff")![0]).toContain("a duration with a unit");
  });

  it("rules across fields attach to the field or group they name", () => {
    expect(validateTexts({ "pool.minIdle": "20" }).fieldErrors.get("pool.minIdle")![0]).toContain("must be ≤ pool.size");
    const both = validateTexts({ "disconnects.0.count": "3" });
    expect(both.fieldErrors.get("disconnects.0")![0]).toContain("fraction or count, not both");
  });

  it("mapIssues() attaches by path, whatever the message says", () => {
    const paths = ["pool.size", "disconnects.0.count"];
    const mapped = mapIssues([{ path: ["pool", "size"], message: "reworded: no path prefix here" }, { path: ["disconnects", "0"], message: "group rule" }, { path: ["pool", "sise"], message: "pool.size is not a known field" }], paths);
    expect([...mapped.fieldErrors]).toEqual([["pool.size", ["reworded: no path prefix here"]], ["disconnects.0", ["group rule"]]]);
    expect(mapped.otherErrors).toEqual(["pool.size is not a known field"]);
  });

  it("the form's sweep limits are sim/sweep's", () => {
    expect(REPS_MAX).toBe(SIM_REPS_MAX);
  });

  it("only the chosen workload's fields reach the resolver", () => {
    const v = validateTexts({ "workload.kind": "poisson", "workload.rate": "50" });
    expect(v.scenario!.workload).toMatchObject({ kind: "poisson", rate: 50, start: "1100ms" });
    expect(validateTexts({ "workload.rate": "50" }).scenario!.workload.kind).toBe("sequential");
  });

  it("planSweep names the axis and range of a sweep that leaves the allowed values", () => {
    const bad = planSweep({}, { ...SWEEP_DEFAULTS, x: { ...SWEEP_DEFAULTS.x, from: "0" } });
    expect("errors" in bad && bad.errors.get("x")![0]).toContain("pool.size must be an integer from 1 to 100000; got 0");
    const reps = planSweep({}, { ...SWEEP_DEFAULTS, reps: "0" });
    expect("errors" in reps && reps.errors.get("reps")![0]).toContain("from 1 to");
    const same = planSweep({}, { ...SWEEP_DEFAULTS, y: { ...SWEEP_DEFAULTS.x } });
    expect("errors" in same && same.errors.get("y")![0]).toBe('axes.2.path "pool.size" repeats axes.1.path');
    const huge = planSweep({}, { ...SWEEP_DEFAULTS, reps: String(REPS_MAX + 1) });
    expect("errors" in huge && huge.errors.get("reps")![0]).toBe(`replications must be an integer from 1 to ${REPS_MAX}, or {metric, halfWidth, min, max}; got ${REPS_MAX + 1}`);
  });

  it("planSweep checks the panel values against the field's choices", () => {
    const bad = planSweep({}, { ...SWEEP_DEFAULTS, panelValues: "none,tls" });
    expect("errors" in bad && bad.errors.get("panel")![0]).toBe('panel value "tls" is not one of none, syscall, tls-aware, peek, read-unwrap-tls, ping-on-borrow, ping-if-idle, ping-if-due');
    const all = planSweep({}, { ...SWEEP_DEFAULTS, panel: "transport", panelValues: "" });
    expect("plan" in all && all.plan.panelValues).toEqual(["tls", "tcp"]);
  });

  it("planSweep counts cells and runs, panels first", () => {
    const p = planSweep({}, { ...SWEEP_DEFAULTS, x: { path: "pool.size", from: "2", to: "8", step: "2" }, reps: "10" });
    if (!("plan" in p)) throw new Error("expected a plan");
    expect(p.plan.xValues).toEqual([2, 4, 6, 8]);
    expect(p.plan.panelValues).toEqual(["none", "syscall", "tls-aware"]);
    expect(p.plan.cells).toBe(3 * 4 * 11);
    expect(p.plan.runs).toBe(p.plan.cells * 10);
    expect(p.plan.request.axes.map((a) => a.path)).toEqual(["probe", "pool.size", "retry.maxRetries"]);
  });
});

describe("buildScenarioForm", () => {
  const setUp = () => {
    document.body.replaceChildren();
    const root = document.createElement("div");
    document.body.append(root);
    const edits: [string, string, boolean][] = [];
    const form = buildScenarioForm(root, (path, text, commit) => edits.push([path, text, commit]));
    form.setTexts({});
    return { root, form, edits };
  };

  it("makes one labelled control per field, with unit, range and help", () => {
    const { root } = setUp();
    const inputs = root.querySelectorAll("input, select");
    expect(inputs.length).toBe(FIELDS.length);
    for (const input of inputs) {
      expect(root.querySelector(`label[for="${input.id}"]`)?.textContent, input.id).toBeTruthy();
      for (const id of input.getAttribute("aria-describedby")!.split(" ")) expect(document.getElementById(id), id).not.toBeNull();
    }
    const size = root.querySelector<HTMLInputElement>('input[name="pool.size"]')!;
    expect(size.value).toBe("10");
    expect(document.getElementById(`${size.id}-unit`)!.textContent).toBe("connections, 1–100000");
  });

  it("shows a field's problem inline and marks it invalid; user text stays text", () => {
    const { root, form } = setUp();
    const evil = "<img src=x onerror=alert(1)>";
    form.setTexts({ seed: evil });
    form.showValidation(validateTexts({ seed: evil }));
    const seed = root.querySelector<HTMLInputElement>('input[name="seed"]')!;
    const error = document.getElementById(`${seed.id}-error`)!;
    expect(error.hidden).toBe(false);
    expect(error.textContent).toContain(evil);
    expect(seed.getAttribute("aria-invalid")).toBe("true");
    expect(document.querySelector("img")).toBeNull();
    form.showValidation(validateTexts({}));
    expect(error.hidden).toBe(true);
  });

  it("reports edits by path, and hides other workload kinds' fields", () => {
    const { root, form, edits } = setUp();
    const size = root.querySelector<HTMLInputElement>('input[name="pool.size"]')!;
    size.value = "12";
    size.dispatchEvent(new Event("input"));
    size.dispatchEvent(new Event("change"));
    expect(edits).toEqual([["pool.size", "12", false], ["pool.size", "12", true]]);
    form.setTexts({ "workload.kind": "poisson" });
    const rate = root.querySelector<HTMLElement>('.field[data-path="workload.rate"]')!;
    expect(rate.hidden).toBe(false);
    expect(root.querySelector<HTMLElement>('.field[data-path="workload.clients"]')!.hidden).toBe(true);
  });
});

describe("links cannot pollute", () => {
  it("decodeState() refuses __proto__, constructor and prototype as settings and axis paths, naming them", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const d = decodeState("#__proto__.polluted=1&constructor=1&x=prototype.x:1:2:1");
    expect(d.notice).toContain('"__proto__.polluted" is not a setting');
    expect(d.notice).toContain('"constructor" is not a setting');
    expect(d.notice).toContain('got "prototype.x"');
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
