import type { PlanProgress } from "../../sim/sweep/index.ts";

/**
 * The planner's progress on stderr: on a terminal (not under CI), or always with --progress. One
 * line, redrawn at most ten times a second; with --progress off a terminal, a line per step.
 */
export class PlanProgressLine {
  private readonly tty = Boolean(process.stderr.isTTY) && process.env.CI === undefined;
  private readonly enabled: boolean;
  private readonly started = performance.now();
  private lastDraw = 0;
  private lastStep = "";

  constructor(forced: boolean) {
    this.enabled = forced || this.tty;
  }

  update(p: PlanProgress): void {
    if (!this.enabled) return;
    const step = `${p.row + 1}/${p.rows} ${p.poolSize}/${String(p.strategy)}/${p.maxRetries}`;
    const now = performance.now();
    if (this.tty ? now - this.lastDraw < 100 : step === this.lastStep) return;
    this.lastDraw = now;
    this.lastStep = step;
    const text = `plan: row ${p.row + 1}/${p.rows} (pool.size ${p.poolSize}, ${String(p.strategy)}), maxRetries ${p.maxRetries}: ${p.runs.toLocaleString("en-US")} runs (≥ ${p.runsNeeded.toLocaleString("en-US")} needed with no failure, cap ${p.repsMax.toLocaleString("en-US")}), ${((now - this.started) / 1000).toFixed(1)} s`;
    process.stderr.write(this.tty ? `\r\x1b[K${text}` : `${text}\n`);
  }

  done(): void {
    if (this.enabled && this.tty) process.stderr.write("\r\x1b[K");
  }
}
