/** Number formatting shared by the charts: short, locale-free, no exponent noise. */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return "–";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e7) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

export function formatCi(ci: readonly [number, number] | null): string {
  return ci ? `[${formatValue(ci[0])}, ${formatValue(ci[1])}]` : "(needs ≥ 2 runs)";
}

/**
 * An integer with thousands separators, as toLocaleString("en-US") writes it ("105,600"), without
 * Intl: the page's first Intl call loads ICU's data (tens of ms), which made the end of the
 * first sweep wait for it.
 */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
