import { timer, type Timer } from "d3";

export interface PlayerOptions {
  /** Simulated-time range, µs. */
  domain: [number, number];
  /** Event times, ascending: the Step button's stops. */
  times: readonly number[];
  /** Called with the new time whenever it moves. */
  onTime(t: number): void;
  /** Called when playback starts or stops. */
  onPlaying?(playing: boolean): void;
}

/**
 * Replays a recorded run: play, pause, step to the next event, speed and scrub. The clock is
 * d3-timer in the view only; `speed` is simulated seconds per real second.
 */
export class Player {
  private t: number;
  private clock: Timer | null = null;
  speed = 0.05;

  constructor(private readonly options: PlayerOptions) {
    this.t = options.domain[1];
  }

  get time(): number {
    return this.t;
  }

  get playing(): boolean {
    return this.clock !== null;
  }

  seek(t: number): void {
    const [lo, hi] = this.options.domain;
    this.t = Math.max(lo, Math.min(hi, t));
    this.options.onTime(this.t);
  }

  /** Seeks to a fraction of the domain (the scrub slider). */
  seekFraction(f: number): void {
    const [lo, hi] = this.options.domain;
    this.seek(lo + f * (hi - lo));
  }

  fraction(): number {
    const [lo, hi] = this.options.domain;
    return hi > lo ? (this.t - lo) / (hi - lo) : 1;
  }

  /** Moves to the next event time; from the end, back to the first. */
  step(): void {
    this.pause();
    const next = this.options.times.find((t) => t > this.t);
    this.seek(next ?? this.options.times[0] ?? this.options.domain[0]);
  }

  play(): void {
    if (this.clock) return;
    if (this.t >= this.options.domain[1]) this.t = this.options.domain[0];
    const from = this.t;
    this.clock = timer((elapsedMs) => {
      this.seek(from + elapsedMs * 1000 * this.speed);
      if (this.t >= this.options.domain[1]) this.pause();
    });
    this.options.onPlaying?.(true);
  }

  pause(): void {
    if (!this.clock) return;
    this.clock.stop();
    this.clock = null;
    this.options.onPlaying?.(false);
  }
}
