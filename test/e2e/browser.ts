import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { chromium, type Browser } from "playwright-core";

/** Debian's (and most distributions') Chromium, used when present. */
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/**
 * The Chromium every browser test drives, found in this order:
 * 1. `CHROMIUM_PATH` (any Chromium or Chrome binary you point it at);
 * 2. the system's `/usr/bin/chromium`;
 * 3. the Chromium inside the `@sparticuz/chromium` devDependency, unpacked once to the temp
 *    folder (`/tmp/chromium`), so `npm ci && npm test` needs no apt step and no browser download.
 */
export async function resolveChromium(): Promise<{ path: string; source: string }> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv}: no such file; unset it to use ${SYSTEM_CHROMIUM} or the packaged Chromium`);
    return { path: fromEnv, source: "CHROMIUM_PATH" };
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: "system" };
  return { path: await packagedChromium(), source: "@sparticuz/chromium" };
}

/** Headless Chromium under playwright-core (which gives it a fresh temporary profile). */
export async function launchChromium(): Promise<Browser> {
  const { path } = await resolveChromium();
  return chromium.launch({
    executablePath: path,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

/**
 * Unpacks the packaged Chromium. Test files run in parallel workers and the package writes a fixed
 * path, so a lock folder (mkdir is atomic) keeps a second worker from launching a half-written binary.
 */
async function packagedChromium(): Promise<string> {
  const lock = join(tmpdir(), "poolsim-chromium.lock");
  for (let waitedMs = 0; ; waitedMs += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed process: unpacking takes seconds, never minutes.
      if (waitedMs > 180_000 || Date.now() - statMtimeMs(lock) > 180_000) rmSync(lock, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    const { default: packaged } = await import("@sparticuz/chromium");
    return await packaged.executablePath();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function statMtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}
