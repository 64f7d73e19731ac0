/**
 * End to end, the Teach tab's "compare clients" story (issue 11): pooled go-redis beside the
 * multiplexed ioredis and node-redis on one seed, the multiplexed run drawn as one socket, its
 * queue and its re-sends; axe-core on the view; a phone-sized screenshot. Screenshots go to
 * test-results/ for review.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { traceMultiplexed, traceScenario } from "../../sim/run.ts";
import { COMPARE_KEYS } from "../../web/app/state.ts";
import { compareJobs, compareRows } from "../../web/app/teach-compare.ts";
import { decodeState } from "../../web/app/url.ts";
import { DESKTOP, SHOTS, useApp } from "./app-session.ts";
import { axeViolations } from "./axe.ts";

/** Open-loop commands across a kill with a 200 ms down window: some in flight at the kill (re-sent), many queued. */
const SCENARIO: Record<string, string> = {
  "network.rtt": "5ms",
  "disconnects.0.serverDown": "200ms",
  "workload.kind": "poisson",
  "workload.rate": "200",
  "workload.duration": "600ms",
  "workload.start": "700ms",
};
const HASH = new URLSearchParams(SCENARIO).toString();

const app = useApp("e2e-teachmux");

async function open(hash: string, viewport = DESKTOP): Promise<Page> {
  const page = await app.newPage({ viewport });
  await page.goto(app.url + hash);
  await page.waitForSelector("#scenario-fields .field");
  return page;
}

const axis = (page: Page) => page.$$eval("svg#timeline .x-axis .tick", (ts) => ts.map((t) => `${t.getAttribute("transform")} ${t.textContent}`));

describe("Teach: compare clients", () => {
  it("picking ioredis@5 shows its socket lane, the queue and the re-sends; the narrative tells the reconnect; the table holds every client's own numbers", async () => {
    const page = await open(`#tab=teach&${HASH}`);
    await page.waitForSelector("#teach-table tr:nth-child(5)", { timeout: 60_000 });
    await page.check('input[name="strategy"][value="ioredis@5"]');
    await page.waitForSelector("#teach-table tr[data-strategy='ioredis@5']", { timeout: 60_000 });
    await page.waitForSelector("svg#timeline rect.socket-span", { timeout: 60_000 });
    expect(await page.locator("svg#timeline .lane-label").first().textContent()).toBe("socket 0");
    expect(await page.locator("svg#timeline path.depth-queued").count()).toBe(1);
    expect(await page.locator("svg#timeline text.marker-resend").count()).toBeGreaterThan(0);
    expect(await page.locator("svg#timeline rect.socket-down").count()).toBeGreaterThan(0);
    const story = await page.locator('#narrative p[data-strategy="ioredis@5"]').textContent();
    expect(story).toMatch(/It reconnects after 50 ms/);
    expect(story).toMatch(/re-sent after the reconnect: maybe executed twice/);
    expect(await page.locator('#narrative p[data-strategy="node-redis@5"]').textContent()).toMatch(/It reconnects at once/);
    // The table: each client's numbers from its own run, computed here in Node on the same seed.
    const { jobs } = compareJobs(SCENARIO);
    const rows = compareRows(jobs.map(({ key, scenario }) => {
      if (scenario.client !== "multiplexed") return { key, result: traceScenario(scenario).result, mux: null };
      const { result, trace } = traceMultiplexed(scenario);
      return { key, result, mux: trace };
    }));
    const table = await page.$$eval("#teach-table tr[data-strategy]", (trs) => trs.map((tr) => [tr.getAttribute("data-strategy"), ...[...tr.children].map((c) => c.textContent)]));
    expect(table).toEqual(rows.map((r) => [r.key, r.label, `${r.failed} / ${r.commands}`, String(r.again), String(r.maybeExecutedTwice), String(r.dials), String(Number(r.latencyP99Ms.toPrecision(4)))]));
    expect(table.map((r) => r[0])).toEqual([...COMPARE_KEYS]);
    expect(rows.find((r) => r.key === "ioredis@5")!.again).toBeGreaterThan(0);
    // Legend swatches match what is drawn.
    const drawn = await page.$$eval("svg#timeline rect.socket-span, svg#timeline rect.phase, svg#timeline path.depth", (els) => [...new Set(els.map((e) => e.getAttribute("fill")))]);
    const legend = await page.$$eval("svg#timeline .timeline-legend rect", (els) => els.map((e) => e.getAttribute("fill")));
    for (const fill of drawn) expect(legend).toContain(fill);
    await page.locator("svg#timeline").screenshot({ path: join(SHOTS, "teach-mux-ioredis5.png") });
    // Pooled and multiplexed runs share one time axis; the playhead stays put across clients.
    await page.$eval("#scrub", (el) => {
      (el as HTMLInputElement).value = "450";
      el.dispatchEvent(new Event("input"));
    });
    const ticks = await axis(page);
    const t = await page.locator("svg#timeline .playhead").getAttribute("data-time");
    for (const key of ["go-redis-9.5.3", "node-redis@5"]) {
      await page.check(`input[name="strategy"][value="${key}"]`);
      await expect.poll(() => page.locator("#teach-table tr.chosen").getAttribute("data-strategy")).toBe(key);
      expect(await axis(page), key).toEqual(ticks);
      expect(await page.locator("svg#timeline .playhead").getAttribute("data-time"), key).toBe(t);
      await page.locator("svg#timeline").screenshot({ path: join(SHOTS, `teach-mux-${key.replace("@", "")}.png`) });
    }
    expect(await page.locator("svg#timeline rect.segment").count()).toBe(0); // node-redis: no pool lanes
    expect(await page.locator("#event-log li").count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
    expect(app.pageErrors).toEqual([]);
  }, 180_000);

  it("the link keeps the client, the playhead and the speed", async () => {
    const page = await open(`#tab=teach&strategy=ioredis%405&time=1100.5&speed=0.01&${HASH}`);
    await page.waitForSelector("svg#timeline rect.socket-span", { timeout: 60_000 });
    expect(await page.locator("svg#timeline .playhead").getAttribute("data-time")).toBe("1100500");
    expect(await page.locator('input[name="strategy"]:checked').getAttribute("value")).toBe("ioredis@5");
    await page.click("#step");
    const written = new URL(page.url()).hash;
    const state = decodeState(written).state;
    expect([state.strategy, state.speed]).toEqual(["ioredis@5", "0.01"]);
    expect(Number(state.time)).toBeGreaterThan(1100.5);
    await page.close();
  }, 90_000);

  it("the go-redis TLS story with a multiplexed profile says why it has nothing to show and points to the comparison", async () => {
    const page = await open("#tab=teach&profile=ioredis%405");
    await expect.poll(() => page.locator("#narrative").textContent(), { timeout: 30_000 }).toContain("is a multiplexed client with no pool to go stale");
    await page.close();
  }, 60_000);

  it("at phone width (390 px) the timeline and the narrative are on screen, and the page does not widen", async () => {
    const page = await open(`#tab=teach&strategy=ioredis%405&${HASH}`, { width: 390, height: 844 });
    await page.waitForSelector("svg#timeline rect.socket-span", { timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const sel of ["svg#timeline", "#narrative"]) {
      await page.locator(sel).scrollIntoViewIfNeeded();
      const hit = await page.$eval(sel, (el) => {
        const box = el.getBoundingClientRect();
        const x = Math.min(window.innerWidth - 2, Math.max(1, box.left + Math.min(box.width, window.innerWidth) / 2));
        const y = Math.min(window.innerHeight - 2, Math.max(1, box.top + 10));
        const at = document.elementFromPoint(x, y);
        return at !== null && (at === el || el.contains(at));
      });
      expect(hit, sel).toBe(true);
    }
    await page.locator("svg#timeline").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "teach-mux-phone.png") });
    await page.close();
    expect(app.pageErrors).toEqual([]);
  }, 90_000);
});
