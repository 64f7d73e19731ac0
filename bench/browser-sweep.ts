/**
 * Times a sweep in headless Chromium's Web Workers against the same sweep through the CLI,
 * alternating, in one sitting. Not a test: machines differ.
 *
 *   npx tsx bench/browser-sweep.ts [rounds] [default|frontier]
 *
 * Two sweeps:
 * - default: the app's own (3 probes × pool.size 1–16 × maxRetries 0–10, 200 runs per cell:
 *   105,600 runs), which Explore runs by itself when first shown. About half a second of warm
 *   work, so a first sweep on a page is mostly the workers warming up.
 * - frontier: experiments/sweeps/frontier.json's shape (pool.size 1–32 × maxRetries 0–16,
 *   1,000 runs per cell: 1.6 M runs), set in the page's address and started with Run.
 *
 * Same sweep: the CLI runs the file the page exports. Same cores: the CLI gets as many threads as
 * the page has workers (navigator.hardwareConcurrency), and nothing else of the page runs while a
 * sweep is timed (the planner has finished; the Teach tab's traces never start).
 *
 * Browser, two figures, each timed inside the page (performance.now, so no driver round trip):
 * - cold: a fresh page opened on Plan; once the planner is done, the sweep's first start on the
 *   page (default: showing Explore starts it; frontier: Explore shown, then Run). From that click
 *   to the sweep marked done (the last cell drawn), with workers and their code as new as the CLI's.
 * - again: Run clicked on the same page: what a second sweep costs.
 * CLI: its own "runs in S s" (worker threads started, sweep run, results gathered; after the sweep
 * file is read and resolved), taken to the ms as runs ÷ its runs/s; the whole process time is
 * printed too.
 *
 * Where Linux's /proc is there, each browser figure comes with the CPU time Chromium's threads
 * spent in it, by kind: the Web Workers running the sweep, V8's background threads (optimising
 * compilers, garbage collection; raster too), and the rest (mostly the page's own thread). On a
 * small machine the first sweep's gap to the second is mostly the compilers warming two fresh
 * workers up, which no page can tune.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { launchChromium } from "../test/e2e/browser.ts";
import { serveStatic } from "../test/e2e/static-server.ts";
import { BROWSER_SWEEPS, type BrowserSweepName } from "./browser-sweeps.ts";

const ROOT = resolve(import.meta.dirname, "..");
const rounds = Number(process.argv[2] ?? 3);
const which = process.argv[3] ?? "default";
if (!Number.isInteger(rounds) || rounds < 1) usage(`rounds ${JSON.stringify(process.argv[2])}: expected a whole number ≥ 1`);
if (!Object.hasOwn(BROWSER_SWEEPS, which)) usage(`sweep ${JSON.stringify(which)}: expected one of ${Object.keys(BROWSER_SWEEPS).join(", ")}`);
const chosen = BROWSER_SWEEPS[which as BrowserSweepName];
const dir = mkdtempSync(join(tmpdir(), "poolsim-browser-bench-"));
execFileSync(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--outDir", join(dir, "dist"), "--emptyOutDir", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
const server = await serveStatic(join(dir, "dist"));
const browser = await launchChromium();
const page = await browser.newPage({ acceptDownloads: true });
try {
  await page.goto(`${server.url}#tab=explore${chosen.hash}`);
  const threads = await page.evaluate(() => navigator.hardwareConcurrency);
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#export-sweep")]);
  const sweepPath = join(dir, "sweep.json");
  await file.saveAs(sweepPath);
  console.log(`sweep ${which}; browser workers (hardwareConcurrency): ${threads}; CLI --threads ${threads}`);
  const ratios = { cold: [] as number[], again: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    await page.goto("about:blank");
    await page.goto(`${server.url}#tab=plan${chosen.hash}`);
    // The planner's table is its last answer; its worker is gone after it.
    await page.waitForSelector("#plan-table tr", { timeout: 600_000 });
    const cpuCold = chromiumCpuMs();
    const coldS = await timeSweep(page, chosen.start);
    const cpuAgain = chromiumCpuMs();
    const againS = await timeSweep(page, ["#run"]);
    const cpuEnd = chromiumCpuMs();
    const cliS = runCli(sweepPath, threads);
    ratios.cold.push(coldS / cliS.inner);
    ratios.again.push(againS / cliS.inner);
    console.log(
      `round ${r + 1}: browser cold ${coldS.toFixed(3)} s, again ${againS.toFixed(3)} s; CLI (${threads} threads) ${cliS.inner.toFixed(3)} s as it reports, ${cliS.process.toFixed(2)} s as a process; ratios ${(coldS / cliS.inner).toFixed(2)} cold, ${(againS / cliS.inner).toFixed(2)} again`,
    );
    if (cpuCold && cpuAgain && cpuEnd) console.log(`  Chromium CPU, cold: ${cpuText(cpuCold, cpuAgain)}; again: ${cpuText(cpuAgain, cpuEnd)}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`median ratio browser / CLI's reported time: ${median(ratios.cold).toFixed(2)} cold, ${median(ratios.again).toFixed(2)} again`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}

/** Seconds from clicking the last of `selectors` (the others are clicked first) to the sweep form marked done, by the page's clock. */
async function timeSweep(page: Page, selectors: readonly string[]): Promise<number> {
  for (const before of selectors.slice(0, -1)) await page.click(before);
  const selector = selectors.at(-1)!;
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

type CpuMs = Record<"workers" | "v8Background" | "rest", number>;

/** CPU ms so far of every thread of every Chromium process, by kind; null without Linux's /proc. */
function chromiumCpuMs(): CpuMs | null {
  if (!existsSync("/proc/self/task")) return null;
  const ticksPerMs = 100 / 1000; // USER_HZ, 100 on Linux
  const cpu: CpuMs = { workers: 0, v8Background: 0, rest: 0 };
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (!/chrom/i.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"))) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
        const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const ms = (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
        cpu[name.startsWith("DedicatedWorker") ? "workers" : name.startsWith("ThreadPoolForeg") ? "v8Background" : "rest"] += ms;
      }
    } catch {
      // A process or thread that ended while being read.
    }
  }
  return cpu;
}

function cpuText(from: CpuMs, to: CpuMs): string {
  const d = (k: keyof CpuMs) => Math.max(0, to[k] - from[k]);
  return `${d("workers") + d("v8Background") + d("rest")} ms (workers ${d("workers")}, V8 background ${d("v8Background")}, rest ${d("rest")})`;
}

function usage(problem: string): never {
  process.stderr.write(`browser-sweep: ${problem}\nusage: npx tsx bench/browser-sweep.ts [rounds] [${Object.keys(BROWSER_SWEEPS).join("|")}]\n`);
  process.exit(2);
}
