/**
 * Allowed planner targets for P(command fails). Small targets are allowed: the planner computes
 * the runs one needs before running and says plainly when it cannot certify it in the budget.
 */
export const TARGET_MIN = 0.000001;
export const TARGET_MAX = 0.5;

/** The planner's target from its text; a message naming the range when it is not allowed. */
export function parseTarget(text: string): number | string {
  const t = text.trim();
  const value = /^\d*\.?\d+([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
  if (Number.isFinite(value) && value >= TARGET_MIN && value <= TARGET_MAX) return value;
  return `target must be a probability from ${TARGET_MIN} to ${TARGET_MAX}; got ${JSON.stringify(text)}`;
}
