import { METRICS } from "../../sim/metrics.ts";
import { FIELD_BY_PATH } from "./fields.ts";

const METRIC_LABELS: Record<string, string> = {
  commandFailureRate: "P(command fails)",
  anyCommandFailed: "P(a run has a failed command)",
  firstCommandFailed: "P(first command fails)",
};

/** How a metric is named on an axis or legend, with its unit. */
export function metricLabel(name: string): string {
  if (METRIC_LABELS[name]) return METRIC_LABELS[name];
  const unit = METRICS.find((m) => m.name === name)?.unit;
  return unit ? `${name} (${unit})` : name;
}

/** A scenario path as an axis title with its unit: "pool.size (connections)". */
export function axisLabel(path: string): string {
  const leaf = FIELD_BY_PATH.get(path)?.leaf;
  const unit = leaf && "unit" in leaf ? leaf.unit : undefined;
  return unit ? `${path} (${unit})` : path;
}
