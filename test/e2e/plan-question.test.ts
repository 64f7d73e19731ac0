/**
 * The capacity planner's question of issue 13, asked in the web app as a user would: go-redis v9.7,
 * PoolSize 50, TLS, 8 instances × 16 workers, 2,000 commands/s, every connection closed at once,
 * target P(command fails) ≤ 0.01%. The answer must come with per-event figures across the fleet;
 * they must be the ones the CLI's planner computes for the same fleet (same code, same seeds). It
 * certifies ~83,000 runs, so it runs with POOLSIM_E2E_SLOW=1 (and prints how long the answer took;
 * the time is reported, never asserted: machines here are shared).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveScenario } from "../../sim/index.ts";
import { fleetPerEvent, fleetScenarioOptions, perEventSummary } from "../../sim/sweep/index.ts";
import { signedMs } from "../../web/app/plan-sentence.ts";
import { launchChromium } from "./browser.ts";
import { serveStatic } from "./static-server.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const SLOW = process.env.POOLSIM_E2E_SLOW === "1";
let dir: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!SLOW) return;
  dir = mkdtempSync(join(tmpdir(), "poolsim-question-e2e-"));
  execFileSync(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--outDir", join(dir, "dist"), "--emptyOutDir", "--logLevel", "warn"], { cwd: ROOT, stdio: "pipe" });
  server = await serveStatic(join(dir, "dist"));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the capacity planner's question in the web app", () => {
  it.runIf(SLOW)("go-redis v9.7, PoolSize 50, TLS, 8 × 16 workers, 2,000 commands/s, 0.01%: answered per maintenance event across the fleet", async () => {
    const started = Date.now();
    await page.goto(server.url + "#tab=plan&target=0.0001&pool.size=50&transport=tls&profile=go-redis-9.7");
    await page.fill("#fleet-instances", "8");
    await page.fill("#fleet-rate", "2000");
    await page.fill("#fleet-workers", "16");
    await page.dispatchEvent("#fleet-workers", "change");
    await page.waitForFunction(() => (document.getElementById("plan-progress")?.textContent ?? "").includes("runs a step needs"), null, { timeout: 60_000 });
    await page.waitForSelector('#plan-sentence[data-state="done"]', { timeout: 300_000 });
    const seconds = (Date.now() - started) / 1000;
    console.log(`the planner's question answered in ${seconds.toFixed(1)} s`);
    const text = (await page.locator("#plan-sentence").textContent()) ?? "";
    console.log(text);
    await page.screenshot({ path: join(ROOT, "test-results", "plan-question.png"), fullPage: true });
    expect(text).toContain("PoolSize 50 over TLS with probe syscall, 8 instances × 16 workers at 2000 commands/s: MaxRetries ≥ 3 keeps P(command fails) ≤ 0.01%");
    // The per-event figures are the CLI's: the same per-event summary of the same fleet instance.
    const options = fleetScenarioOptions({ profile: "go-redis-9.7", transport: "tls", pool: { size: 50 }, retry: { maxRetries: 3 } }, { instances: 8, ratePerSecond: 2000, workers: 16 }).options;
    const e = fleetPerEvent(perEventSummary(resolveScenario(options), 200), 8);
    expect(text).toContain(`Per maintenance event across the fleet: ${Number(e.failedPerEvent.mean.toPrecision(3))} failed commands`);
    expect(text).toContain(`extra time to outcome ${signedMs(e.extraLatencyMsPerEvent.mean)} over all commands, ${signedMs(e.extraLatencyMsPerOverlapping.mean)} per overlapping command`);
  }, 360_000);
});
