/** Simulated time is an integer number of microseconds everywhere in the core. */
export type Micros = number;

const UNIT_US: Record<string, number> = { us: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 };
const PATTERN = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/;

/**
 * Parses "8ms", "1.5s", "30m" into integer microseconds; null when the text is not a duration or
 * names a fraction of a microsecond. Normalizer in the maybeX style: callers turn null into an error.
 */
export function maybeDurationUs(text: unknown): Micros | null {
  if (typeof text !== "string") return null;
  // A sweep resolves the same few dozen duration texts for every cell, and the compiler reads them again.
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const us = parseDurationUs(text);
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(text, us);
  return us;
}

const PARSED_MAX = 4096;
const parsed = new Map<string, Micros | null>();

function parseDurationUs(text: string): Micros | null {
  const m = PATTERN.exec(text.trim());
  if (!m) return null;
  const us = Number(m[1]) * UNIT_US[m[2]];
  // 1.0000001ms is not a whole number of microseconds: refuse rather than round silently.
  const rounded = Math.round(us);
  if (Math.abs(us - rounded) > 1e-6 * Math.max(1, us) || !Number.isSafeInteger(rounded)) return null;
  return rounded;
}

/** Formats microseconds in the largest unit that keeps the value whole: 8000 → "8ms". */
export function formatDuration(us: Micros): string {
  if (us === 0) return "0s";
  for (const unit of ["h", "m", "s", "ms"] as const) {
    const size = UNIT_US[unit];
    if (us % size === 0) return `${us / size}${unit}`;
  }
  return `${us}us`;
}
