/**
 * Debian's redis-server, started by the harness on 127.0.0.1 only: one plain TCP port and one TLS
 * port, no persistence (`--save "" --appendonly no`), DEBUG enabled for the in-flight fault. A
 * restart may load a dataset saved once per server (makeLoadingRdb), so it answers LOADING a while.
 * Every process started here is recorded so `stopAll()` can end it on success, failure or SIGINT.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, renameSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { Admin } from "./admin.ts";
import type { Certificates } from "./tls.ts";

const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";
const READY_WAIT_MS = 5000;
/** The dataset a loading restart reads (saved once by makeLoadingRdb); every other start's file is never left on disk. */
const LOADING_RDB = "loading.rdb";
const EMPTY_RDB = "dump.rdb";
/** Populating and saving take seconds on a busy machine. */
const SAVE_WAIT_MS = 60_000;
const running = new Set<ChildProcess>();
/** redis 7.0 loading-process-events-interval-bytes (src/config.c default): a loading server serves clients each time it has read this much more. */
export const LOADING_EVENTS_INTERVAL_BYTES = 2 * 1024 * 1024;

export interface Ports { tcp: number; tls: number }

export class RedisServer {
  private child: ChildProcess | undefined;
  /** Times the server was (re)started, for the log file name. */
  private starts = 0;

  constructor(readonly ports: Ports, private readonly certs: Certificates, private readonly dir: string) {}

  /**
   * Starts the server and resolves once it answers PING on the plain port: with `loading`, after it
   * has loaded the dataset makeLoadingRdb saved (PING answers LOADING until then).
   */
  async start(loading = false): Promise<void> {
    if (this.child) throw new Error("redis-server already running");
    this.starts++;
    const args = [
      "--bind", "127.0.0.1", "--port", String(this.ports.tcp), "--tls-port", String(this.ports.tls),
      "--tls-cert-file", this.certs.certFile, "--tls-key-file", this.certs.keyFile,
      "--tls-ca-cert-file", this.certs.caFile, "--tls-auth-clients", "no",
      "--save", "", "--appendonly", "no", "--dir", this.dir, "--dbfilename", loading ? LOADING_RDB : EMPTY_RDB, "--daemonize", "no",
      "--enable-debug-command", "yes", "--logfile", join(this.dir, `redis-${this.starts}.log`),
    ];
    const child = spawn(REDIS_SERVER, args, { stdio: "ignore" });
    running.add(child);
    child.once("exit", () => running.delete(child));
    this.child = child;
    await waitForPing(this.ports.tcp, child, loading ? SAVE_WAIT_MS : READY_WAIT_MS);
  }

  /**
   * Saves `keys` keys (DEBUG POPULATE: key:0…, small values) as the dataset a loading restart
   * reads, then empties the running server again. SAVE writes the configured file, which is then
   * renamed (dbfilename is a protected config, not settable at run time), so other starts find none.
   */
  async makeLoadingRdb(keys: number): Promise<void> {
    const admin = await Admin.open(this.ports.tcp);
    try {
      const saved = await admin.pipeline([["DEBUG", "POPULATE", keys], ["SAVE"]], SAVE_WAIT_MS);
      const failed = saved.find((r) => r instanceof Error);
      if (failed) throw new Error(`redis-server: saving the loading dataset failed: ${(failed as Error).message}`);
      renameSync(join(this.dir, EMPTY_RDB), join(this.dir, LOADING_RDB));
      await admin.command("FLUSHALL");
    } finally {
      admin.close();
    }
  }

  /** The size of the dataset file a loading restart reads, bytes. */
  loadingRdbBytes(): number {
    return statSync(join(this.dir, LOADING_RDB)).size;
  }

  /**
   * When the last start became ready, on the performance.now() clock: the server's own log line
   * "Ready to accept connections" (millisecond wall time) mapped through the offset between the
   * two clocks. A PING poll would see it later, by up to its interval and any scheduling delay.
   */
  readyAtMs(): number {
    return this.logTimeMs(/\* Ready to accept connections/, "Ready to accept connections");
  }

  /**
   * When the last start began listening (its "Server initialized" line: redis 7.0 server.c main()
   * logs it after initServer() has opened the ports, before loadDataFromDisk()), on the
   * performance.now() clock. Connects succeed from then on (the kernel completes them; the server
   * reads them once its event loop, or a loading restart's processEventsWhileBlocked, runs).
   */
  listeningAtMs(): number {
    return this.logTimeMs(/# Server initialized/, "Server initialized");
  }

  /** When the last (loading) start began reading its dataset ("Loading RDB produced by version": src/rdb.c rdbLoadRio), on the performance.now() clock. */
  loadStartAtMs(): number {
    return this.logTimeMs(/\* Loading RDB produced by version/, "Loading RDB produced by version");
  }

  private logTimeMs(line: RegExp, name: string): number {
    const log = readFileSync(join(this.dir, `redis-${this.starts}.log`), "utf8");
    const m = new RegExp(`(\\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) ${line.source}`).exec(log);
    if (!m) throw new Error(`redis-server log has no "${name}" line (start ${this.starts})`);
    // redis writes local time, which Date.parse reads as local time too.
    return Date.parse(m[1]) - Date.now() + performance.now();
  }

  /** SIGKILL: the process dies without closing sockets gracefully (the kernel then resets them). */
  async crash(): Promise<void> {
    const child = this.child;
    if (!child) throw new Error("redis-server is not running");
    this.child = undefined;
    await killAndWait(child, "SIGKILL");
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child) await killAndWait(child, "SIGTERM");
  }
}

/** Ends every redis-server this process started (used on exit paths, so synchronous). */
export function stopAll(): void {
  for (const child of running) child.kill("SIGKILL");
}

/** Two currently free loopback ports (bind to port 0, read it, release it). */
export async function freePorts(): Promise<Ports> {
  const [tcp, tls] = [await freePort(), await freePort()];
  if (tcp === tls) throw new Error("could not find two distinct free ports");
  return { tcp, tls };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForPing(port: number, child: ChildProcess, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} at start (is ${REDIS_SERVER} installed?)`);
    try {
      const admin = await Admin.open(port, 500);
      const reply = await admin.command("PING");
      admin.close();
      if (reply === "PONG") return;
    } catch { /* not listening yet */ }
    await sleep(20);
  }
  throw new Error(`redis-server did not answer PING on port ${port} within ${waitMs} ms`);
}

function killAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => { child.kill("SIGKILL"); }, 3000);
    child.once("exit", () => { clearTimeout(timer); resolve(); });
    child.kill(signal);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
