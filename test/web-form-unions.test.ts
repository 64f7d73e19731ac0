// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { buildScenarioForm } from "../web/app/controls.ts";

/** The rows on screen for a union, by variant: visible fields' data-path, per the form's DOM. */
const visible = (root: HTMLElement, group: string) =>
  [...root.querySelectorAll<HTMLElement>(`details[data-group="${group}"] .field`)].filter((r) => !r.hidden).map((r) => r.querySelector<HTMLInputElement | HTMLSelectElement>("input, select")!.id);

function setUp() {
  document.body.replaceChildren();
  const root = document.createElement("div");
  document.body.append(root);
  const edits: [string, string, boolean][] = [];
  const form = buildScenarioForm(root, (path, text, commit) => edits.push([path, text, commit]));
  form.setTexts({});
  return { root, form, edits };
}

function choose(root: HTMLElement, name: string, value: string) {
  const select = root.querySelector<HTMLSelectElement>(`select[name="${name}"]`)!;
  select.value = value;
  select.dispatchEvent(new Event("input"));
  select.dispatchEvent(new Event("change"));
}

describe("scenario form unions", () => {
  it("switching workload kind swaps the old kind's fields for the new kind's at once", () => {
    const { root, edits } = setUp();
    expect(visible(root, "workload")).toEqual(["f-workload-kind", "f-workload-commands-sequential", "f-workload-start-sequential"]);
    choose(root, "workload.kind", "poisson");
    expect(visible(root, "workload")).toEqual(["f-workload-kind", "f-workload-rate-poisson", "f-workload-duration-poisson", "f-workload-start-poisson"]);
    expect(root.querySelector<HTMLInputElement>("#f-workload-rate-poisson")!.value).toBe("100");
    choose(root, "workload.kind", "concurrent");
    expect(visible(root, "workload")).toEqual(["f-workload-kind", "f-workload-clients-concurrent", "f-workload-commands-concurrent", "f-workload-think-concurrent", "f-workload-start-concurrent", "f-workload-startSpread-concurrent", "f-workload-startGap-concurrent"]);
    choose(root, "workload.kind", "sequential");
    expect(visible(root, "workload")).toEqual(["f-workload-kind", "f-workload-commands-sequential", "f-workload-start-sequential"]);
    expect(edits.filter(([p]) => p === "workload.kind").map(([, t]) => t)).toEqual(["poisson", "poisson", "concurrent", "concurrent", "sequential", "sequential"]);
  });

  it("switching the retry budget's kind shows its fields and hides them again", () => {
    const { root } = setUp();
    expect(visible(root, "retry.budget")).toEqual(["f-retry-budget-kind"]);
    choose(root, "retry.budget.kind", "token-bucket");
    expect(visible(root, "retry.budget")).toEqual(["f-retry-budget-kind", "f-retry-budget-capacity-token-bucket", "f-retry-budget-retryCost-token-bucket", "f-retry-budget-timeoutRetryCost-token-bucket", "f-retry-budget-successIncrement-token-bucket"]);
    choose(root, "retry.budget.kind", "grpc");
    expect(visible(root, "retry.budget")).toEqual(["f-retry-budget-kind", "f-retry-budget-maxTokens-grpc", "f-retry-budget-tokenRatio-grpc"]);
    choose(root, "retry.budget.kind", "none");
    expect(visible(root, "retry.budget")).toEqual(["f-retry-budget-kind"]);
  });

  it("a kind switch keeps what was typed in other fields", () => {
    const { root } = setUp();
    const size = root.querySelector<HTMLInputElement>('input[name="pool.size"]')!;
    size.value = "23";
    size.dispatchEvent(new Event("input"));
    choose(root, "workload.kind", "poisson");
    expect(size.value).toBe("23");
  });
});
