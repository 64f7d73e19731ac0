/** Allowed planner targets for P(command fails): below 1e-4, a zero-failure bound needs more runs than the planner's 20000. */
export const TARGET_MIN = 0.0001;
export const TARGET_MAX = 0.5;

/** The planner's target from its text; a message naming the range when it is not allowed. */
export function parseTarget(text: string): number | string {
  const t = text.trim();
  const value = /^\d*\.?\d+([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
  if (Number.isFinite(value) && value >= TARGET_MIN && value <= TARGET_MAX) return value;
  return `target must be a probability from ${TARGET_MIN} to ${TARGET_MAX}; got ${JSON.stringify(text)}`;
}
