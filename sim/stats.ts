/**
 * Interval estimates for Monte Carlo results. Proportions (and means of per-run values bounded in
 * [0, 1]) get the Wilson score interval, which stays sensible at 0 and 1; other means get a
 * Student-t interval from Welford's running variance, so no per-run arrays are kept.
 */

const Z95 = 1.959963984540054;

/** Wilson score interval for a proportion p̂ over n trials (95%). */
export function wilson(pHat: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / n;
  const centre = (pHat + z2 / (2 * n)) / denom;
  const half = (Z95 * Math.sqrt((pHat * (1 - pHat)) / n + z2 / (4 * n * n))) / denom;
  // At p̂ = 0 or 1 the bound is exactly 0 or 1; computed, it is off by rounding (2e-19).
  return [pHat === 0 ? 0 : Math.max(0, centre - half), pHat === 1 ? 1 : Math.min(1, centre + half)];
}

// Two-sided 95% Student-t quantiles for 1..30 degrees of freedom.
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Two-sided 95% Student-t quantile; past 30 df, the Cornish-Fisher expansion around z. */
export function t95(df: number): number {
  if (df <= 30) return T95[Math.max(1, df) - 1];
  const z = Z95;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/** Running mean and variance (Welford), exact to the order values arrive in. */
export class Welford {
  n = 0;
  mean = 0;
  private m2 = 0;

  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }

  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : 0;
  }

  /** 95% t-interval for the mean; null with fewer than two values. */
  ci95(): [number, number] | null {
    if (this.n < 2) return null;
    const half = t95(this.n - 1) * Math.sqrt(this.variance / this.n);
    return [this.mean - half, this.mean + half];
  }

  /** The state as plain data, and back: shards are merged by replaying states. */
  toJSON(): { n: number; mean: number; m2: number } {
    return { n: this.n, mean: this.mean, m2: this.m2 };
  }

  static from(state: { n: number; mean: number; m2: number }): Welford {
    const w = new Welford();
    w.n = state.n;
    w.mean = state.mean;
    w.m2 = state.m2;
    return w;
  }
}
