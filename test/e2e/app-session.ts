/**
 * What every browser test starts from, in one place: the app built by Vite into a temporary
 * folder, served on localhost (static-server.ts), and headless Chromium (browser.ts) to open it.
 * A test file calls useApp() once at its top; its hooks build before the first test and clean
 * up after the last.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./browser.ts";
import { serveStatic } from "./static-server.ts";

/** The repository's root folder. */
export const ROOT = resolve(import.meta.dirname, "../..");
/** Where screenshots go, for review (git ignores it). */
export const SHOTS = join(ROOT, "test-results");
/** The viewport every test uses unless it asks for another (e.g. a phone's). */
export const DESKTOP = { width: 1400, height: 1000 };

export interface AppSession {
  /** The served app's address, ending in "/": append a hash (`#tab=plan`). */
  url: string;
  browser: Browser;
  /** A temporary folder of this file's own (the build is in dist/), removed after the last test. */
  dir: string;
  /** Uncaught errors of every page opened by newPage(); a test expects it empty at the end. */
  pageErrors: string[];
  /** A new page (desktop viewport unless given) whose uncaught errors land in pageErrors. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/** Registers the hooks that build, serve and launch before this file's tests and clean up after them. */
export function useApp(name: string): AppSession {
  let close = async () => {};
  const app: AppSession = {
    url: "",
    browser: undefined as unknown as Browser,
    dir: "",
    pageErrors: [],
    async newPage(options = {}) {
      const page = await app.browser.newPage({ viewport: DESKTOP, ...options });
      page.on("pageerror", (e) => app.pageErrors.push(e.message));
      return page;
    },
  };
  beforeAll(async () => {
    app.dir = mkdtempSync(join(tmpdir(), `poolsim-${name}-`));
    buildApp(join(app.dir, "dist"));
    const server = await serveStatic(join(app.dir, "dist"));
    close = server.close;
    app.url = server.url;
    app.browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await app.browser?.close();
    await close();
    if (app.dir) rmSync(app.dir, { recursive: true, force: true });
  });
  return app;
}

/** `vite build` into `outDir`, as `npm start` builds (each file its own copy: files run in parallel). */
export function buildApp(outDir: string): void {
  execFileSync(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], { cwd: ROOT, stdio: "pipe" });
}
