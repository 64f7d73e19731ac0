import { METRICS, type MetricDef } from "./metrics.ts";
import type { RunResult } from "./model/result.ts";
import { Welford, wilson } from "./stats.ts";

/** A metric over replications: its mean and 95% interval (null when too few runs to say). */
export interface Estimate {
  mean: number;
  ci95: [number, number] | null;
}

export interface Summary {
  reps: number;
  /** Runs that hit limits.eventsMax before finishing. */
  eventLimitRuns: number;
  metrics: Record<string, Estimate>;
  /** Sequential workloads: P(command i failed), one estimate per command index. */
  perCommandFailure: Estimate[];
  /** How many runs had 0, 1, 2, … failed commands (index = failed commands). */
  failedCommandsHistogram: number[];
}

/**
 * Streaming summary of many runs: memory stays flat in the number of replications. Values are
 * added in replication order, so the same runs give bit-identical summaries wherever they ran.
 */
export class Aggregate {
  private readonly stats: Welford[];
  private perCommand: number[] = [];
  private histogram: number[] = [];
  reps = 0;
  eventLimitRuns = 0;

  constructor(private readonly metrics: readonly MetricDef[] = METRICS) {
    this.stats = metrics.map(() => new Welford());
  }

  add(r: RunResult): void {
    this.reps++;
    if (r.outcome === "eventLimit") this.eventLimitRuns++;
    for (let i = 0; i < this.metrics.length; i++) {
      const v = this.metrics[i].value(r);
      if (!Number.isNaN(v)) this.stats[i].add(v);
    }
    const pc = r.perCommandFailed;
    if (this.perCommand.length < pc.length) for (let i = this.perCommand.length; i < pc.length; i++) this.perCommand.push(0);
    for (let i = 0; i < pc.length; i++) this.perCommand[i] += pc[i];
    while (this.histogram.length <= r.failed) this.histogram.push(0);
    this.histogram[r.failed]++;
  }

  /** The current estimate of one metric. */
  estimate(name: string): Estimate {
    const i = this.metrics.findIndex((m) => m.name === name);
    if (i < 0) throw new Error(`unknown metric ${name}`);
    return estimateOf(this.metrics[i], this.stats[i]);
  }

  summary(): Summary {
    const metrics: Record<string, Estimate> = {};
    this.metrics.forEach((m, i) => {
      if (this.stats[i].n > 0) metrics[m.name] = estimateOf(m, this.stats[i]);
    });
    return {
      reps: this.reps,
      eventLimitRuns: this.eventLimitRuns,
      metrics,
      perCommandFailure: this.perCommand.map((k) => ({ mean: k / this.reps, ci95: wilson(k / this.reps, this.reps) })),
      failedCommandsHistogram: [...this.histogram],
    };
  }
}

function estimateOf(m: MetricDef, w: Welford): Estimate {
  if (w.n === 0) return { mean: NaN, ci95: null };
  if (m.kind === "mean") return { mean: w.mean, ci95: w.ci95() };
  if (m.kind === "proportion") {
    // Exact counts over n: recompute the mean as k/n so no rounding drift reaches the output.
    const mean = Math.round(w.mean * w.n) / w.n;
    return { mean, ci95: wilson(mean, w.n) };
  }
  // A per-run fraction: the t-interval, except at 0 or 1 where every run sat on the bound. There
  // the mean is bounded by P(a run leaves the bound), whose Wilson interval is sound.
  if (w.mean === 0) return { mean: 0, ci95: [0, wilson(0, w.n)[1]] };
  if (w.mean === 1) return { mean: 1, ci95: [wilson(1, w.n)[0], 1] };
  const ci = w.ci95();
  return { mean: w.mean, ci95: ci && [Math.max(0, ci[0]), Math.min(1, ci[1])] };
}
