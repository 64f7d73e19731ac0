/**
 * The Plan tab in Chromium: the sentence names its method and window and gives the per-event
 * figures; the fleet form plans one instance of a fleet and answers per maintenance event across
 * it; progress shows while it works.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser.ts";
import { serveStatic } from "./static-server.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const SHOTS = join(ROOT, "test-results");
let dir: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "poolsim-plan-e2e-"));
  execFileSync(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--outDir", join(dir, "dist"), "--emptyOutDir", "--logLevel", "warn"], { cwd: ROOT, stdio: "pipe" });
  server = await serveStatic(join(dir, "dist"));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("Plan tab in Chromium", () => {
  it("names the method and window, and answers per disconnect event", async () => {
    await page.goto(server.url + "#tab=plan");
    await page.waitForSelector('#plan-sentence[data-state="done"]', { timeout: 60_000 });
    const text = (await page.locator("#plan-sentence").textContent()) ?? "";
    expect(text).toContain("(exact, closed form; 20 sequential commands per run)");
    expect(text).toMatch(/Per disconnect event: [\d.]+ failed commands, P\(event loses ≥ 1 command\) [\d.]+%; extra time to outcome [+−][\d.]+ ms over all commands, [+−][\d.]+ ms per overlapping command \([\d.]+ overlapping: in flight at the event or changed by it\)\./);
    await page.waitForSelector("#plan-table tr:nth-child(4)", { timeout: 60_000 });
    expect(await page.locator("#plan-table th").allTextContents()).toContain("P(event loses ≥ 1 command) (per instance)");
  }, 120_000);

  it("plans a fleet from the small form, shows progress, and answers per maintenance event across the fleet", async () => {
    await page.goto(server.url + "#tab=plan&target=0.01&pool.size=50&profile=go-redis-9.7");
    await page.reload();
    await page.fill("#fleet-instances", "8");
    await page.fill("#fleet-rate", "2000");
    await page.fill("#fleet-workers", "16");
    await page.dispatchEvent("#fleet-workers", "change");
    await page.waitForFunction(() => (document.getElementById("plan-progress")?.textContent ?? "").includes("runs a step needs"), null, { timeout: 60_000 });
    await page.waitForSelector('#plan-sentence[data-state="done"]', { timeout: 90_000 });
    const text = (await page.locator("#plan-sentence").textContent()) ?? "";
    expect(text).toContain("8 instances × 16 workers at 2000 commands/s");
    expect(text).toContain("95% confidence sequence over");
    expect(text).toContain("Poisson 250 commands/s for 700ms per run");
    expect(text).toContain("Per maintenance event across the fleet:");
    expect(await page.locator("#fleet-idle").textContent()).toContain("Little's law");
    await page.screenshot({ path: join(SHOTS, "plan-fleet.png"), fullPage: true });
  }, 180_000);
});
