import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { metricsMarkdown } from "../experiments/cli/metrics-doc.ts";
import { METRICS } from "../sim/index.ts";

describe("README's metric reference", () => {
  it("is exactly metricsMarkdown(), generated from sim/metrics.ts and the per-event figures", () => {
    const readme = readFileSync("README.md", "utf8");
    const m = /<!-- metrics-table: npx tsx experiments\/cli\/metrics-doc.ts -->\n([\s\S]*?)\n<!-- \/metrics-table -->/.exec(readme);
    expect(m, "README has the metrics-table markers").not.toBeNull();
    expect(m![1]).toBe(metricsMarkdown());
  });

  it("names every metric of sim/metrics.ts with its unit", () => {
    const table = metricsMarkdown();
    for (const metric of METRICS) expect(table).toContain(`| \`${metric.name}\` | per run (${metric.kind}) | ${metric.unit || "–"} |`);
  });
});
