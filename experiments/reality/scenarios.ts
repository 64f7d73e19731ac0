/**
 * The scenarios the reality suite runs, as data. Each is one fault and one burst of INCR commands,
 * issued one after another ("seq") or all at once ("burst"), over TLS and plain TCP.
 */
import type { ClientOptions } from "./clients/types.ts";

export type Fault =
  /** CLIENT KILL TYPE normal on idle connections; commands start once the client saw the close. */
  | "idle-kill"
  /** Commands reach the server during DEBUG SLEEP and run; the kill comes before their replies are written. */
  | "kill-executed"
  /** DEBUG SLEEP and CLIENT KILL in one write: the server kills the clients before reading their commands (RST). */
  | "kill-unexecuted"
  /** SIGKILL the server; commands start once the client saw the close; restart after downMs. */
  | "crash"
  /** As crash, but the restart loads a saved dataset of LOADING_KEYS keys first, answering LOADING meanwhile. */
  | "crash-loading";

export type Mode = "seq" | "burst";

export interface ScenarioSpec {
  name: string;
  fault: Fault;
  /** Commands per trial: in seq mode one after another, in burst mode all at once. */
  commands: number;
  modes: readonly Mode[];
  transports: readonly ("tls" | "tcp")[];
  /** crash only: how long the server stays down. */
  downMs: number;
  /** Options set on top of each library's defaults (multiplexed clients only). */
  options: ClientOptions;
  /** Which kinds of client run it. */
  kinds: readonly ("multiplexed" | "pooled")[];
  /** Only these clients (by name), when the options mean something to them alone. */
  clients?: readonly string[];
}

/**
 * Keys in the dataset a loading restart reads (DEBUG POPULATE, about 48 MB of RDB): redis-server
 * 7.0.15 loaded them in 1.2 s on an idle 2-core machine and 3–4 s on a busy one, long enough for
 * every client's reconnection to land inside the load. Each trial measures its own load.
 */
export const LOADING_KEYS = 400_000;

/** How long the server sleeps in DEBUG SLEEP for the in-flight faults, in ms. */
export const SERVER_SLEEP_MS = 200;
/** When commands are issued after DEBUG SLEEP starts, and when the kill follows them, in ms. */
export const INFLIGHT_ISSUE_MS = 40;
export const INFLIGHT_KILL_MS = 80;

const both = ["tls", "tcp"] as const;
const all = ["multiplexed", "pooled"] as const;

export const SCENARIOS: readonly ScenarioSpec[] = [
  { name: "idle-kill", fault: "idle-kill", commands: 20, modes: ["seq", "burst"], transports: both, downMs: 0, options: {}, kinds: all },
  { name: "kill-executed", fault: "kill-executed", commands: 10, modes: ["seq", "burst"], transports: both, downMs: 0, options: {}, kinds: all },
  { name: "kill-unexecuted", fault: "kill-unexecuted", commands: 10, modes: ["seq", "burst"], transports: both, downMs: 0, options: {}, kinds: all },
  { name: "crash-restart", fault: "crash", commands: 20, modes: ["seq", "burst"], transports: both, downMs: 500, options: {}, kinds: all },
  // The per-request limit: ioredis maxRetriesPerRequest 1 fails the queued commands when the 2nd
  // reconnection attempt is scheduled (built/redis/event_handler.js closeHandler).
  {
    name: "crash-restart-mrpr1", fault: "crash", commands: 20, modes: ["burst"], transports: ["tls"], downMs: 500,
    options: { maxRetriesPerRequest: 1 }, kinds: ["multiplexed"], clients: ["ioredis@5", "ioredis@6"],
  },
  // The restart loads a dataset: ioredis's ready check waits it out; node-redis's queued commands meet
  // LOADING. A burst only: one command after another would each wait for the loading server's
  // slow event loop (it serves clients between chunks of the file), which the model leaves out.
  {
    name: "crash-restart-loading", fault: "crash-loading", commands: 20, modes: ["burst"], transports: ["tcp"], downMs: 500,
    options: {}, kinds: ["multiplexed"],
  },
  // Offline queue off: commands issued while disconnected fail at once.
  {
    name: "crash-restart-no-queue", fault: "crash", commands: 20, modes: ["burst"], transports: ["tls"], downMs: 500,
    options: { offlineQueue: false }, kinds: ["multiplexed"],
  },
];
