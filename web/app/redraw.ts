export interface RedrawOptions {
  /** Wait before the frame, in ms (default 200): at most about five redraws a second. */
  delayMs?: number;
  /** Defaults to the page's requestAnimationFrame and cancelAnimationFrame. */
  requestFrame?: (callback: () => void) => number;
  cancelFrame?: (handle: number) => void;
}

/**
 * One redraw for a stream of updates: schedule() asks for it, and `draw` runs once, in an
 * animation frame about delayMs later, however many updates arrive before it; cancel() drops a
 * pending one. While sweep cells stream in, each redraw takes the page's thread, and on a small
 * machine that core is one the simulation workers need.
 */
export function createRedraw(draw: () => void, options: RedrawOptions = {}) {
  const delayMs = options.delayMs ?? 200;
  const requestFrame = options.requestFrame ?? ((callback: () => void) => requestAnimationFrame(callback));
  const cancelFrame = options.cancelFrame ?? ((handle: number) => cancelAnimationFrame(handle));
  let timer: ReturnType<typeof setTimeout> | null = null;
  let frame: number | null = null;
  return {
    schedule(): void {
      if (timer !== null) return;
      timer = setTimeout(() => {
        frame = requestFrame(() => {
          timer = frame = null;
          draw();
        });
      }, delayMs);
    },
    cancel(): void {
      if (timer !== null) clearTimeout(timer);
      if (frame !== null) cancelFrame(frame);
      timer = frame = null;
    },
  };
}
