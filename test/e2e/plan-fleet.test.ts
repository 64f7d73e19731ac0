/**
 * The Plan tab in Chromium: the sentence names its method and window and gives the per-event
 * figures; the fleet form plans one instance of a fleet and answers per maintenance event across
 * it; progress shows while it works.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { useApp, SHOTS } from "./app-session.ts";

const app = useApp("plan-e2e");
let page: Page;

beforeAll(async () => {
  page = await app.newPage();
});

describe("Plan tab in Chromium", () => {
  it("names the method and window, and answers per disconnect event", async () => {
    await page.goto(app.url + "#tab=plan");
    await page.waitForSelector('#plan-sentence[data-state="done"]', { timeout: 60_000 });
    const text = (await page.locator("#plan-sentence").textContent()) ?? "";
    expect(text).toContain("(exact, closed form; 20 sequential commands per run)");
    expect(text).toMatch(/Per disconnect event: [\d.]+ failed commands, P\(event loses ≥ 1 command\) [\d.]+%; extra time to outcome [+−][\d.]+ ms over all commands, [+−][\d.]+ ms per overlapping command \([\d.]+ overlapping: in flight at the event or changed by it\)\./);
    await page.waitForSelector("#plan-table tr:nth-child(4)", { timeout: 60_000 });
    expect(await page.locator("#plan-table th").allTextContents()).toContain("P(event loses ≥ 1 command) (per instance)");
  }, 120_000);

  it("plans a fleet from the small form, shows progress, and answers per maintenance event across the fleet", async () => {
    await page.goto(app.url + "#tab=plan&target=0.01&pool.size=50&profile=go-redis-9.7");
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
