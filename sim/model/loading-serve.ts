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
