/**
 * A progress bar with ETA on stderr when it is a terminal; silent otherwise, so piped output and
 * CI logs stay clean.
 */
export class Progress {
  private readonly enabled = Boolean(process.stderr.isTTY) && process.env.CI === undefined;
  private readonly started = performance.now();
  private lastDraw = 0;

  constructor(private readonly total: number, private readonly unit: string) {}

  update(done: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    const frac = this.total > 0 ? done / this.total : 1;
    const elapsed = (now - this.started) / 1000;
    const eta = frac > 0 ? elapsed * (1 / frac - 1) : 0;
    const width = 30;
    const bar = "#".repeat(Math.round(frac * width)).padEnd(width, ".");
    process.stderr.write(`\r[${bar}] ${done}/${this.total} ${this.unit}  ${(frac * 100).toFixed(1)}%  ETA ${eta.toFixed(1)}s `);
  }

  done(): void {
    if (this.enabled) process.stderr.write("\r\x1b[K");
  }
}
