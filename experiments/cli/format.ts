import type { Estimate } from "../../sim/index.ts";

/** Fixed formatting for numbers in tables: up to 6 significant digits, no locale, no exponent noise. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "-";
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return x.toExponential(3);
  return String(Number(x.toPrecision(6)));
}

export function fmtEstimate(e: Estimate): [string, string] {
  return [fmt(e.mean), e.ci95 ? `[${fmt(e.ci95[0])}, ${fmt(e.ci95[1])}]` : "(needs ≥ 2 runs)"];
}

/** Left-aligned text table with a header row. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
