/**
 * Times the web app's default sweep in headless Chromium's Web Workers against the same sweep
 * through the CLI, alternating, in one sitting. Not a test: machines differ.
 *
 *   npx tsx bench/browser-sweep.ts [rounds]
 *
 * Same sweep: the CLI runs the file the page exports. Same cores: the CLI gets as many threads as
 * the page has workers (navigator.hardwareConcurrency), and nothing else of the page runs while a
 * sweep is timed (the planner has finished; the Teach tab's traces never start).
 *
 * Browser, two figures, each timed inside the page (performance.now, so no driver round trip):
 * - cold: a fresh page opened on Plan; once the planner is done, showing Explore starts the
 *   default sweep by itself (its first show). From that click to the sweep marked done (the last
 *   cell drawn), with workers and their code as new as the CLI's.
 * - again: Run clicked on the same page: what a second sweep costs.
 * CLI: its own "runs in S s" (worker threads started, sweep run, results gathered; after the sweep
 * file is read and resolved), taken to the ms as runs ÷ its runs/s; the whole process time is
 * printed too.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { launchChromium } from "../test/e2e/browser.ts";
import { serveStatic } from "../test/e2e/static-server.ts";

const ROOT = resolve(import.meta.dirname, "..");
const rounds = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(join(tmpdir(), "poolsim-browser-bench-"));
execFileSync(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--outDir", join(dir, "dist"), "--emptyOutDir", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
const server = await serveStatic(join(dir, "dist"));
const browser = await launchChromium();
const page = await browser.newPage({ acceptDownloads: true });
try {
  await page.goto(`${server.url}#tab=explore`);
  const threads = await page.evaluate(() => navigator.hardwareConcurrency);
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#export-sweep")]);
  const sweepPath = join(dir, "sweep.json");
  await file.saveAs(sweepPath);
  console.log(`browser workers (hardwareConcurrency): ${threads}; CLI --threads ${threads}`);
  const ratios = { cold: [] as number[], again: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    await page.goto("about:blank");
    await page.goto(`${server.url}#tab=plan`);
    // The planner's table is its last answer; its worker is gone after it.
    await page.waitForSelector("#plan-table tr", { timeout: 600_000 });
    const coldS = await timeSweep(page, "#tab-explore");
    const againS = await timeSweep(page, "#run");
    const cliS = runCli(sweepPath, threads);
    ratios.cold.push(coldS / cliS.inner);
    ratios.again.push(againS / cliS.inner);
    console.log(
      `round ${r + 1}: browser cold ${coldS.toFixed(3)} s, again ${againS.toFixed(3)} s; CLI (${threads} threads) ${cliS.inner.toFixed(3)} s as it reports, ${cliS.process.toFixed(2)} s as a process; ratios ${(coldS / cliS.inner).toFixed(2)} cold, ${(againS / cliS.inner).toFixed(2)} again`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`median ratio browser / CLI's reported time: ${median(ratios.cold).toFixed(2)} cold, ${median(ratios.again).toFixed(2)} again`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}

/** Seconds from clicking `selector` to the sweep form marked done, measured by the page's clock. */
async function timeSweep(page: Page, selector: string): Promise<number> {
  await page.waitForSelector(`${selector}:not([disabled])`);
  const done = page.evaluate(
    (sel) =>
      new Promise<number>((resolve) => {
        const form = document.getElementById("sweep-form")!;
        let startMs = 0;
        document.querySelector(sel)!.addEventListener("click", () => (startMs = performance.now()), { capture: true, once: true });
        // The page sets data-done just before its last draw, in the same task: the observer runs after both.
        const observer = new MutationObserver(() => {
          if (startMs === 0 || form.dataset.done !== "true") return;
          observer.disconnect();
          resolve((performance.now() - startMs) / 1000);
        });
        observer.observe(form, { attributes: true, attributeFilter: ["data-done"] });
      }),
    selector,
  );
  await page.click(selector);
  return done;
}

function runCli(sweepPath: string, threads: number): { inner: number; process: number } {
  const startMs = Date.now();
  const cli = spawnSync(process.execPath, [join(ROOT, "experiments/cli/launch.mjs"), "sweep", sweepPath, "--threads", String(threads), "--out", join(dir, "cli.csv")], { cwd: ROOT, encoding: "utf8" });
  const processS = (Date.now() - startMs) / 1000;
  if (cli.status !== 0) throw new Error(cli.stderr);
  // "… 105600 runs in 1.1 s: 94588 runs/s …": the seconds printed are rounded to 0.1, runs ÷ runs/s is not.
  const m = /(\d+) runs in [\d.]+ s: (\d+) runs\/s/.exec(cli.stderr);
  if (!m) throw new Error(`no timing in the CLI's output: ${cli.stderr}`);
  return { inner: Number(m[1]) / Number(m[2]), process: processS };
}
