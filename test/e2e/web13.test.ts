/**
 * End to end, the app's rough edges (issue 13): links the app writes reopen to the same form;
 * a union's fields swap with its kind; the line chart plots against either sweep axis; at phone
 * width nothing sticks over the main content. Screenshots go to test-results/ for review.
 */
import { join } from "node:path";
import fc from "fast-check";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { traceScenario } from "../../sim/run.ts";
import { validateTexts } from "../../web/app/scenario-text.ts";
import { normalizeState, SPEEDS, TEACH_KEYS, type AppState } from "../../web/app/state.ts";
import { teachRows, teachScenario, teachStrategies } from "../../web/app/teach.ts";
import { decodeState, encodeState } from "../../web/app/url.ts";
import { appState } from "../web-state-arbitrary.ts";
import { DESKTOP, SHOTS, useApp } from "./app-session.ts";

const LINK_SEED = 1313;
const LINK_COUNT = 6;

const app = useApp("e2e13");
const pageErrors = app.pageErrors;

async function open(hash: string, viewport = DESKTOP): Promise<Page> {
  const page = await app.newPage({ viewport });
  await page.goto(app.url + hash);
  await page.waitForSelector("#scenario-fields .field");
  return page;
}

/** What the page's controls show, read back in the state's own terms. */
async function shownState(page: Page, scenarioPaths: readonly string[]): Promise<Record<string, unknown>> {
  return page.evaluate((paths) => {
    const value = (sel: string) => {
      const el = document.querySelector<HTMLInputElement | HTMLSelectElement>(sel);
      if (!el) return null;
      return el instanceof HTMLInputElement && el.type === "checkbox" ? String(el.checked) : el.value;
    };
    const scenario: Record<string, string | null> = {};
    // A field of a union variant not chosen is hidden but keeps its text (switching back shows it).
    for (const p of paths) scenario[p] = value(`.field:not([hidden]) [name="${p}"]`) ?? value(`[name="${p}"]`);
    const axis = (k: string) => ({ path: value(`#${k}-path`), from: value(`#${k}-from`), to: value(`#${k}-to`), step: value(`#${k}-step`) });
    return {
      tab: document.querySelector('[role="tab"][aria-selected="true"]')?.getAttribute("data-tab"),
      scenario,
      sweep: { x: axis("x"), y: axis("y"), panel: value("#panel-path"), panelValues: value("#panel-values"), reps: value("#reps"), metric: value("#metric") },
      chart: value('input[name="chart"]:checked'),
      log: value("#log") === "true",
      lines: value("#lines-by"),
      target: value("#target"),
      strategy: value('input[name="strategy"]:checked'),
      speed: value("#speed"),
      notice: document.getElementById("notice")!.hidden ? null : document.getElementById("notice")!.textContent,
    };
  }, scenarioPaths);
}

function expected(s: AppState): Record<string, unknown> {
  return { tab: s.tab, scenario: s.scenario, sweep: s.sweep, chart: s.chart, log: s.log, lines: s.lines, target: s.target, strategy: s.strategy, speed: s.speed, notice: null };
}

describe("links (seed " + LINK_SEED + ")", () => {
  it("a link for a random valid state opens that state; the link the app then writes opens it too", async () => {
    const states = fc.sample(appState, { numRuns: LINK_COUNT, seed: LINK_SEED }).map(normalizeState);
    // The case from the issue: warmup.idle above the default sweep's smallest pool size.
    const idle = normalizeState({ ...decodeState("").state, tab: "plan", scenario: { "pool.size": "50", "warmup.idle": "16" } });
    for (const s of [idle, ...states]) {
      const hash = encodeState(s);
      const page = await open(hash);
      const paths = Object.keys(s.scenario);
      expect(await shownState(page, paths), hash).toEqual(expected(s));
      expect(new URL(page.url()).hash, hash).toBe(hash);
      // The app writes a link when the tab changes: it must be the state's own link, and reopen.
      const other = s.tab === "plan" ? "explore" : "plan";
      await page.click(`#tab-${other}`);
      const written = new URL(page.url()).hash;
      expect(written, hash).toBe(encodeState({ ...s, tab: other }));
      await page.close();
      const again = await open(written);
      expect(await shownState(again, paths), written).toEqual(expected({ ...s, tab: other }));
      await again.close();
    }
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it("a bad value in a link resets only that value and the notice names it", async () => {
    const page = await open("#pool.size=50&warmup.idle=16&retry.maxRetries=banana&tab=plan&speed=0.01");
    const shown = await shownState(page, ["pool.size", "warmup.idle", "retry.maxRetries"]);
    expect(shown.notice).toContain("retry.maxRetries");
    expect(shown.scenario).toEqual({ "pool.size": "50", "warmup.idle": "16", "retry.maxRetries": "3" });
    expect([shown.tab, shown.speed]).toEqual(["plan", "0.01"]);
    await page.close();
  }, 60_000);
});

describe("scenario form", () => {
  it("switching workload kind swaps its fields on screen at once", async () => {
    const page = await open("");
    const shownFields = () => page.$$eval('details[data-group="workload"] .field', (rows) => rows.filter((r) => !(r as HTMLElement).hidden && (r as HTMLElement).offsetParent !== null).map((r) => r.getAttribute("data-path")));
    expect(await shownFields()).toEqual(["workload.kind", "workload.commands", "workload.start"]);
    await page.selectOption('select[name="workload.kind"]', "poisson");
    expect(await shownFields()).toEqual(["workload.kind", "workload.rate", "workload.duration", "workload.start"]);
    await page.selectOption('select[name="workload.kind"]', "concurrent");
    expect(await shownFields()).toEqual(["workload.kind", "workload.clients", "workload.commands", "workload.think", "workload.start", "workload.startSpread", "workload.startGap"]);
    await page.close();
  }, 60_000);
});

describe("line chart", () => {
  it("plots against the x axis: needlessCloses against pool.size is a line per probe", async () => {
    const page = await open("#x=pool.size:1:5:1&y=retry.maxRetries:3:3:1&reps=10&metric=needlessCloses&chart=lines&against=x");
    await page.click("#run");
    await page.waitForSelector('#sweep-form[data-done="true"]', { timeout: 60_000 });
    const points = await page.$$eval('svg#chart g.series[data-series="syscall"] circle.point', (cs) => cs.map((c) => Number(c.getAttribute("data-x"))));
    expect(points).toEqual([1, 2, 3, 4, 5]);
    expect(await page.locator("#line-against").inputValue()).toBe("x");
    expect(await page.locator("svg#chart .axis-title").first().textContent()).toContain("pool.size");
    await page.screenshot({ path: join(SHOTS, "web13-lines-against-x.png") });
    await page.close();
  }, 90_000);

  it("choosing profile as the panel field fills in its values", async () => {
    const page = await open("");
    await page.selectOption("#panel-path", "profile");
    const values = (await page.locator("#panel-values").inputValue()).split(",");
    expect(values).toContain("go-redis-9.5.3");
    expect(values).toContain("go-redis-9.22");
    expect(await page.locator("#panel-error").isHidden()).toBe(true);
    await page.close();
  }, 60_000);
});

describe("Teach", () => {
  const playhead = (page: Page) => page.locator("svg#timeline .playhead").getAttribute("data-time").then(Number);
  const axis = (page: Page) => page.$$eval("svg#timeline .x-axis .tick", (ts) => ts.map((t) => `${t.getAttribute("transform")} ${t.textContent}`));

  it("tells bug, fix, revert and now on one seed, each with its run's numbers, on one time axis", async () => {
    const page = await open("#tab=teach");
    await page.waitForSelector("#teach-table tr:nth-child(5)", { timeout: 60_000 });
    const scenario = validateTexts({}).scenario!;
    const strategies = teachStrategies(scenario);
    const rows = teachRows(strategies, strategies.map((t) => ({ key: t.key, result: traceScenario(teachScenario(scenario, t)).result })));
    const table = await page.$$eval("#teach-table tr[data-strategy]", (trs) => trs.map((tr) => [tr.getAttribute("data-strategy"), ...[...tr.children].map((c) => c.textContent)]));
    expect(table).toEqual(rows.map((r) => [r.key, r.label, `${r.failed} / ${r.commands}`, String(r.needlessCloses), String(r.dials), String(Number(r.latencyP99Ms.toPrecision(4)))]));
    expect(await page.$$eval("#narrative p[data-strategy]", (ps) => ps.map((p) => p.getAttribute("data-strategy")))).toEqual([...TEACH_KEYS]);
    expect(await page.locator("#narrative").textContent()).not.toContain("every open connections");
    // Every strategy on the same axis; the playhead stays where it was when the strategy changes.
    await page.$eval("#scrub", (el) => {
      (el as HTMLInputElement).value = "400";
      el.dispatchEvent(new Event("input"));
    });
    const t = await playhead(page);
    const ticks = await axis(page);
    for (const key of TEACH_KEYS) {
      await page.check(`input[name="strategy"][value="${key}"]`);
      await expect.poll(() => page.locator("#teach-table tr.chosen").getAttribute("data-strategy")).toBe(key);
      expect(await axis(page), key).toEqual(ticks);
      expect(await playhead(page), key).toBe(t);
      await page.locator("svg#timeline").screenshot({ path: join(SHOTS, `web13-teach-${key}.png`) });
    }
    expect(await page.$$eval("#speed option", (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual([...SPEEDS]);
    await page.close();
  }, 120_000);

  it("the link keeps the timeline's position and speed; a bad value resets only itself", async () => {
    const page = await open("#tab=teach&strategy=revert&time=1100.5&speed=0.01");
    await page.waitForSelector("svg#timeline rect.segment", { timeout: 60_000 });
    expect(await playhead(page)).toBe(1_100_500);
    expect(await page.locator("#speed").inputValue()).toBe("0.01");
    await page.click("#step");
    const stepped = await playhead(page);
    expect(stepped).toBeGreaterThan(1_100_500);
    const hash = new URL(page.url()).hash;
    expect(new URLSearchParams(hash.slice(1)).get("time")).toBe(String(stepped / 1000));
    await page.selectOption("#speed", "0.001");
    const written = new URL(page.url()).hash;
    expect(decodeState(written).state).toMatchObject({ strategy: "revert", speed: "0.001", time: String(stepped / 1000) });
    await page.close();
    const again = await open(written);
    await again.waitForSelector("svg#timeline rect.segment", { timeout: 60_000 });
    expect(await playhead(again)).toBe(stepped);
    expect(await again.locator("#speed").inputValue()).toBe("0.001");
    await again.close();
    const bad = await open("#tab=teach&strategy=fix&time=1100.5&speed=7");
    await bad.waitForSelector("svg#timeline rect.segment", { timeout: 60_000 });
    expect(await bad.locator("#notice").textContent()).toContain("speed must be one of");
    expect(await bad.locator("#speed").inputValue()).toBe("0.05");
    expect(await playhead(bad)).toBe(1_100_500);
    expect(await bad.locator('input[name="strategy"]:checked').getAttribute("value")).toBe("fix");
    await bad.close();
  }, 120_000);
});

describe("phone layout (390 px)", () => {
  const PHONE = { width: 390, height: 844 };

  /** True when the element's centre, scrolled into view, is the element or inside it (nothing covers it). */
  async function uncovered(page: Page, selector: string): Promise<boolean> {
    // Nothing widens the page past the phone's width (wide charts scroll inside their own box).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.locator(selector).scrollIntoViewIfNeeded();
    // Scroll a little further, as a reader would: a sticky form would now lie over the content.
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(100);
    return page.$eval(selector, (el) => {
      const box = el.getBoundingClientRect();
      const x = Math.min(window.innerWidth - 2, Math.max(1, box.left + Math.min(box.width, window.innerWidth) / 2));
      const y = Math.min(window.innerHeight - 2, Math.max(1, box.top + Math.min(box.height, window.innerHeight - Math.max(0, box.top)) / 2));
      const hit = document.elementFromPoint(x, y);
      return hit !== null && (hit === el || el.contains(hit));
    });
  }

  it("Teach: the timeline and the narrative are not covered while scrolling", async () => {
    const page = await open("#tab=teach", PHONE);
    await page.waitForSelector("svg#timeline rect.segment", { timeout: 60_000 });
    expect(await page.$eval("#scenario-form", (el) => getComputedStyle(el).position)).not.toBe("sticky");
    expect(await uncovered(page, "svg#timeline")).toBe(true);
    expect(await uncovered(page, "#narrative")).toBe(true);
    await page.locator("svg#timeline").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "web13-phone-teach.png") });
    await page.close();
  }, 90_000);

  it("Explore: the chart is not covered", async () => {
    const page = await open("#x=pool.size:1:3:1&y=retry.maxRetries:0:2:1&reps=10", PHONE);
    await page.click("#run");
    await page.waitForSelector('#sweep-form[data-done="true"]', { timeout: 60_000 });
    expect(await uncovered(page, "svg#chart")).toBe(true);
    await page.locator("svg#chart").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "web13-phone-explore.png") });
    await page.close();
  }, 90_000);

  it("Plan: the table is not covered", async () => {
    const page = await open("#tab=plan", PHONE);
    await page.waitForSelector("#plan-table tr:nth-child(2)", { timeout: 90_000 });
    expect(await uncovered(page, "#plan-table")).toBe(true);
    await page.locator("#plan-table").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "web13-phone-plan.png") });
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
