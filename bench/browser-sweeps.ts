/**
 * The sweeps bench/browser-sweep.ts times, each as the page's address sets it and the clicks that
 * start it on a page opened on Plan. test/browser-sweeps.test.ts holds `frontier` to
 * experiments/sweeps/frontier.json, cell by cell.
 */
export const BROWSER_SWEEPS = {
  /** The app's own sweep, which Explore starts by itself when first shown. */
  default: { hash: "", start: ["#tab-explore"] },
  /** experiments/sweeps/frontier.json's sweep (1.6 M runs: above what starts unasked, so Run). */
  frontier: { hash: "&x=pool.size:1:32:1&y=retry.maxRetries:0:16:1&reps=1000", start: ["#tab-explore", "#run"] },
} as const satisfies Record<string, { hash: string; start: readonly string[] }>;

export type BrowserSweepName = keyof typeof BROWSER_SWEEPS;
