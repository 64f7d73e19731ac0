/**
 * When a loading server gets to a client. Redis reads its RDB file without returning to its event
 * loop; only each time the bytes read pass a multiple of loading-process-events-interval-bytes
 * (2 MB by default: redis 7.0.15 src/config.c) does rdbLoadProgressCallback (src/rdb.c) record the
 * progress (loadingAbsProgress) and run processEventsWhileBlocked (src/networking.c): accept,
 * read, run, reply. So a request that reaches the server while it loads is answered at the next
 * such point, or when the load ends. At a steady load rate the points are `everyUs` apart from
 * the load's start, `startUs`; before it the server is still initialising and answers nobody.
 * `everyUs` 0 means a server that answers at once from the load's start.
 */
export function loadingServedAtUs(atUs: number, startUs: number, untilUs: number, everyUs: number): number {
  if (atUs >= untilUs) return atUs;
  if (everyUs === 0) return Math.max(atUs, startUs);
  // The first point comes after the first interval's bytes, never at the load's start.
  const pointUs = startUs + Math.max(1, Math.ceil((atUs - startUs) / everyUs)) * everyUs;
  return Math.min(pointUs, untilUs);
}

/**
 * A restarted server's load, as both the pooled Server and the multiplexed Sockets see it: it
 * starts `startsAfterUs` after the server is up again, lasts until `untilUs` (a later restart's
 * load may only extend it) and answers at its serve points `everyUs` apart.
 */
export class LoadingWindow {
  /** The load began here, µs. */
  startUs = 0;
  /** The server answers commands with LOADING until this time, µs. */
  untilUs = 0;
  /** Serve points this far apart, µs (0: answers at once from the load's start). */
  everyUs = 0;

  reset(): void {
    this.startUs = this.untilUs = this.everyUs = 0;
  }

  /** The server is up again at `upUs` and loads for `loadingUs`. */
  begin(upUs: number, loadingUs: number, everyUs: number, startsAfterUs: number): void {
    this.startUs = upUs + startsAfterUs;
    this.everyUs = everyUs;
    this.untilUs = Math.max(this.untilUs, upUs + loadingUs);
  }

  /** When a request reaching the server at `atUs` is read: at once, or at the next serve point. */
  servedAtUs(atUs: number): number {
    return loadingServedAtUs(atUs, this.startUs, this.untilUs, this.everyUs);
  }

  /** True while the server answers only at its serve points, or not yet at all. */
  answersInChunks(atUs: number): boolean {
    return (this.everyUs > 0 || atUs < this.startUs) && atUs < this.untilUs;
  }
}
