/**
 * End to end: the built app in headless Chromium (found by browser.ts, driven by playwright-core), served as
 * static files on localhost. A small sweep runs in the page's Web Workers; its heatmap cells and
 * its CSV must equal the CLI's output for the sweep file the page exports. Screenshots go to
 * test-results/ for review.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTimeline } from "../../web/charts/timeline-model.ts";
import { traceScenario } from "../../sim/run.ts";
import { resolveScenario } from "../../sim/scenario/resolve.ts";
import { closedFormFailure } from "../../sim/sweep/closed-form.ts";
import { useApp, ROOT, SHOTS } from "./app-session.ts";
import { axeViolations } from "./axe.ts";

const TSX = join(ROOT, "node_modules/.bin/tsx");
// A partial disconnect, so cells are random (not the closed form's exact values) and small.
const SWEEP_HASH = "#disconnects.0.fraction=0.6&x=pool.size:2:5:1&y=retry.maxRetries:0:3:1&reps=60";

const app = useApp("e2e");
const pageErrors = app.pageErrors;
let page: Page;

beforeAll(async () => {
  page = await app.newPage({ acceptDownloads: true });
});

async function download(selector: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const path = join(app.dir, file.suggestedFilename());
  await file.saveAs(path);
  return readFileSync(path, "utf8");
}

function cli(args: string[]): string {
  return execFileSync(TSX, [join(ROOT, "experiments/cli.ts"), ...args], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

describe("the app answers on load", () => {
  it("Explore runs its default sweep by itself; the heatmap is there without a click, typing starts nothing", async () => {
    await page.goto(app.url);
    await page.waitForSelector('#sweep-form[data-done="true"]', { timeout: 90_000 });
    // The default sweep: 3 probe panels × pool.size 1–16 × maxRetries 0–10.
    expect(await page.locator("svg#chart rect.cell").count()).toBe(3 * 16 * 11);
    expect(await page.locator("#chart-empty").isHidden()).toBe(true);
    await page.screenshot({ path: join(SHOTS, "explore-on-load.png"), fullPage: true });
    const progress = await page.locator("#progress-text").textContent();
    await page.fill("#reps", "300");
    expect(await page.locator("#sweep-form").getAttribute("data-done")).toBe("true");
    expect(await page.locator("#cancel").isDisabled()).toBe(true);
    expect(await page.locator("#progress-text").textContent()).toBe(progress);
    await page.fill("#reps", "200");
  }, 120_000);

  it("Explore's first show starts its sweep and leaves the chart to the first redraw, so the page's thread is free while Chromium starts the workers", async () => {
    const fresh = await app.newPage();
    try {
      await fresh.goto(`${app.url}#tab=plan`);
      // The click's own task: the tab is shown and the sweep started, but no chart is built in it.
      const inClick = await fresh.evaluate(() => {
        document.querySelector<HTMLElement>("#tab-explore")!.click();
        return { cells: document.querySelectorAll("svg#chart rect.cell").length, running: !document.querySelector<HTMLButtonElement>("#cancel")!.disabled };
      });
      expect(inClick).toEqual({ cells: 0, running: true });
      await fresh.waitForSelector('#sweep-form[data-done="true"]', { timeout: 90_000 });
      expect(await fresh.locator("svg#chart rect.cell:not(.pending)").count()).toBe(3 * 16 * 11);
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it("Lines open at the scenario's own pool size", async () => {
    await page.check('input[name="chart"][value="lines"]');
    expect(await page.locator("#line-at").inputValue()).toBe("10");
    expect(await page.locator("svg#chart .series").count()).toBe(3);
    await page.check('input[name="chart"][value="heatmap"]');
  });

  it("\"Copy CLI command\" prints from a terminal the CSV the page exports", async () => {
    await page.click("#copy-cli");
    const command = (await page.locator("#cli-command").textContent())!;
    expect(command).toMatch(/^printf '%s\\n' '\{.*\}' \| npm run --silent sim -- sweep - --format csv$/);
    const fromTerminal = execFileSync("bash", ["-c", command], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } });
    expect(fromTerminal).toBe(await download("#export-csv"));
  }, 120_000);

  it("every tab passes axe-core's WCAG 2 A and AA rules after a sweep", async () => {
    for (const tab of ["explore", "teach", "plan"] as const) {
      await page.click(`#tab-${tab}`);
      if (tab === "teach") await page.waitForSelector("svg#timeline rect.segment", { timeout: 60_000 });
      if (tab === "plan") await page.waitForSelector('#plan-sentence[data-state="done"]', { timeout: 90_000 });
      expect(await axeViolations(page), tab).toEqual([]);
    }
    await page.click("#tab-explore");
  }, 180_000);
});

describe("web app in Chromium", () => {
  it("runs a sweep whose heatmap cells and CSV equal the CLI's output", async () => {
    // A fresh load (not a same-page hash change): the sweep of the link runs by itself.
    await page.goto(app.url + SWEEP_HASH);
    await page.reload();
    await page.waitForSelector('#sweep-form[data-done="true"]', { timeout: 60_000 });
    const cells = await page.$$eval("svg#chart rect.cell", (rects) =>
      rects.map((r) => ({ panel: r.parentElement!.dataset.panel!, x: r.dataset.x!, y: r.dataset.y!, mean: r.dataset.mean, lo: r.dataset.lo, hi: r.dataset.hi, reps: r.dataset.reps })),
    );
    await page.screenshot({ path: join(SHOTS, "explore-heatmap.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: join(SHOTS, "explore-heatmap-dark.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });
    expect(cells).toHaveLength(3 * 4 * 4);

    const sweepFile = join(app.dir, "sweep.json");
    writeFileSync(sweepFile, await download("#export-sweep"));
    const out = JSON.parse(cli(["sweep", sweepFile, "--format", "json", "--threads", "2"]));
    expect(out.cells).toHaveLength(cells.length);
    for (const c of out.cells) {
      const [probe, size, retries] = c.coords;
      const shown = cells.find((d) => d.panel === probe && d.x === String(size) && d.y === String(retries))!;
      const e = c.metrics.commandFailureRate;
      expect(shown, `${probe} ${size} ${retries}`).toEqual({ panel: probe, x: String(size), y: String(retries), mean: String(e.mean), lo: String(e.ci95[0]), hi: String(e.ci95[1]), reps: String(c.reps) });
    }
    expect(new Set(cells.map((c) => c.mean)).size).toBeGreaterThan(3);
    expect(await download("#export-csv")).toBe(cli(["sweep", sweepFile, "--format", "csv", "--threads", "1"]));

    await page.check('input[name="chart"][value="lines"]');
    await page.check("#log");
    expect(await page.locator("svg#chart .series").count()).toBe(3);
    await page.screenshot({ path: join(SHOTS, "explore-lines.png"), fullPage: true });
    expect(await download("#export-svg")).toContain("<svg");
  }, 120_000);

  it("shows the planner's sentence for the current settings", async () => {
    await page.goto(app.url + "#tab=plan");
    await page.reload();
    await page.waitForSelector('#plan-sentence[data-state="done"]', { timeout: 60_000 });
    const expected = closedFormRetries(10);
    expect(await page.locator("#plan-sentence").getAttribute("data-max-retries")).toBe(String(expected));
    expect(await page.locator("#plan-sentence").textContent()).toContain(`PoolSize 10 over TLS with probe syscall: MaxRetries ≥ ${expected}`);
    await page.waitForSelector("#plan-table tr:nth-child(4)", { timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, "plan.png"), fullPage: true });
  }, 120_000);

  it("steps and scrubs the timeline through the traced run's events", async () => {
    await page.goto(app.url + "#tab=teach&strategy=bug");
    await page.reload();
    await page.waitForSelector("svg#timeline rect.segment", { timeout: 60_000 });
    await page.$eval("#scrub", (el) => {
      (el as HTMLInputElement).value = "0";
      el.dispatchEvent(new Event("input"));
    });
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      await page.click("#step");
      times.push(Number(await page.locator("svg#timeline .playhead").getAttribute("data-time")));
    }
    const scenario = resolveScenario({ warmup: { idle: "full" }, disconnects: [{ at: "1s", fraction: 1, mode: "fin" }], probe: "syscall" });
    expect(times).toEqual(buildTimeline(traceScenario(scenario).trace).times.slice(0, 4));
    expect(await page.locator("#event-log li").count()).toBeGreaterThan(0);
    expect(await page.locator("#narrative p").count()).toBeGreaterThanOrEqual(4);
    await page.click("#play");
    await page.waitForTimeout(300);
    expect(await page.locator("#play").textContent()).toBe("Pause");
    await page.click("#play");
    await page.$eval("#scrub", (el) => {
      (el as HTMLInputElement).value = "1000";
      el.dispatchEvent(new Event("input"));
    });
    await page.screenshot({ path: join(SHOTS, "teach.png"), fullPage: true });
  }, 120_000);

  it("blocks Run on an out-of-range field and keeps the state in the URL", async () => {
    await page.goto(app.url);
    await page.reload();
    // The default sweep runs by itself on load; Run is disabled until it is done.
    await page.waitForSelector('#sweep-form[data-done="true"]', { timeout: 90_000 });
    const size = page.locator('input[name="pool.size"]');
    await size.fill("0");
    await size.press("Tab");
    await expect.poll(() => page.locator("#run").isDisabled()).toBe(true);
    const error = page.locator('.field[data-path="pool.size"] .error');
    expect(await error.textContent()).toBe("pool.size must be an integer from 1 to 100000; got 0");
    await page.screenshot({ path: join(SHOTS, "invalid-field.png") });
    await size.fill("12");
    await size.press("Tab");
    await expect.poll(() => page.locator("#run").isDisabled()).toBe(false);
    expect(new URL(page.url()).hash).toBe("#pool.size=12");
    await page.goBack();
    await expect.poll(() => size.inputValue()).toBe("10");
    await page.goForward();
    await expect.poll(() => size.inputValue()).toBe("12");
    await page.goto(app.url + "#pool.size=banana&nonsense=1");
    await page.reload();
    expect(await page.locator("#notice").isVisible()).toBe(true);
    expect(await page.locator("#notice").textContent()).toContain("defaults");
    expect(await size.inputValue()).toBe("10");
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

/** Smallest maxRetries with no failure in the incident's closed form (a full pool of stale connections). */
function closedFormRetries(poolSize: number): number {
  for (let r = 0; r <= 64; r++) {
    const s = resolveScenario({ warmup: { idle: "full" }, disconnects: [{ at: "1s", fraction: 1, mode: "fin" }], pool: { size: poolSize }, retry: { maxRetries: r } });
    if (closedFormFailure(s)!.commandFailureRate <= 0.001) return r;
  }
  throw new Error("no answer up to 64");
}
