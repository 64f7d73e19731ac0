import { interpolateCividis, interpolateViridis } from "d3";

/**
 * Colour-blind-safe colours. Categories use Okabe & Ito's eight ("Color Universal Design",
 * 2008); continuous values use viridis (heatmap) and cividis (many ordered lines), which stay
 * ordered in lightness for every common colour-vision deficiency and in greyscale.
 */
export const OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442", "#000000"] as const;

export const heatInterpolator = interpolateViridis;

/** n colours for n series: Okabe-Ito up to 7, else evenly spaced cividis. */
export function seriesColors(n: number): string[] {
  if (n <= 7) return OKABE_ITO.slice(0, n);
  return Array.from({ length: n }, (_, i) => interpolateCividis(n === 1 ? 0.5 : 0.05 + (0.9 * i) / (n - 1)));
}

/** Fixed colours per strategy, so a strategy looks the same in every chart. */
export const STRATEGY_COLORS: Record<string, string> = {
  none: OKABE_ITO[4],
  syscall: OKABE_ITO[0],
  "tls-aware": OKABE_ITO[3],
};

/** Connection states on the timeline (stale states in warm colours: they are the danger). */
export const STATE_COLORS = {
  idle: OKABE_ITO[1],
  inUse: OKABE_ITO[2],
  stale: OKABE_ITO[0],
  staleInUse: OKABE_ITO[4],
  dialing: OKABE_ITO[5],
} as const;
