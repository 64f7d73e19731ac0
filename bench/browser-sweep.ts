/**
 * Times the web app's default sweep in headless Chromium's Web Workers against the same sweep
 * through the CLI with 2 threads, alternating, in one sitting. Not a test: machines differ.
 *
 *   CHROMIUM_PATH=/tmp/chromium npx tsx bench/browser-sweep.ts [rounds]
 *
 * Browser time: from the Run click to the page marking the sweep done (the last cell drawn). CLI
 * time: the sweep's own "runs in S s" (worker threads started, sweep resolved and run), on the
 * sweep file the page exports; the whole process time (as `npm run sim` starts it) is printed too.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
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
  await page.goto(server.url);
  const threads = await page.evaluate(() => navigator.hardwareConcurrency);
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#export-sweep")]);
  const sweepPath = join(dir, "sweep.json");
  await file.saveAs(sweepPath);
  console.log(`browser threads (hardwareConcurrency): ${threads}`);
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await page.goto("about:blank");
    await page.goto(server.url);
    const t0 = Date.now();
    await page.click("#run");
    await page.waitForSelector('#sweep-form[data-done="true"]', { timeout: 600_000 });
    const browserS = (Date.now() - t0) / 1000;
    const c0 = Date.now();
    const cli = spawnSync(process.execPath, [join(ROOT, "experiments/cli/launch.mjs"), "sweep", sweepPath, "--threads", "2", "--out", join(dir, "cli.csv")], { cwd: ROOT, encoding: "utf8" });
    const cliS = (Date.now() - c0) / 1000;
    if (cli.status !== 0) throw new Error(cli.stderr);
    // The CLI's own figure (worker start-up and sweep, without the process's start): "… runs in S s".
    const inner = Number(/runs in ([\d.]+) s/.exec(cli.stderr)?.[1]);
    ratios.push(browserS / inner);
    console.log(`round ${r + 1}: browser ${browserS.toFixed(2)} s; CLI (2 threads) ${cliS.toFixed(2)} s as a process, ${inner.toFixed(2)} s as it reports; ratio to the latter ${(browserS / inner).toFixed(2)}`);
  }
  ratios.sort((a, b) => a - b);
  console.log(`median ratio browser / CLI's reported time: ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}`);
  writeFileSync(join(dir, "done"), "");
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
