/**
 * Small integer codes for the model's states and outcomes. The hot loop keeps them in typed
 * arrays; the names below are what results, traces and docs show.
 */

/** What the server side (or the network) has done to a connection. */
export const ConnState = {
  healthy: 0,
  /** The peer's FIN waits on the socket: a read returns EOF at once. */
  closed: 1,
  /** The peer's RST has arrived: any read or write fails with "connection reset". */
  reset: 2,
  /** The peer forgot the connection silently; the next write draws an RST one round trip later. */
  resetOnUse: 3,
  /** The peer is gone silently: nothing ever arrives, a read waits for its timeout. */
  blackholed: 4,
  /** TCP keep-alive gave up on a silent peer: ETIMEDOUT waits on the socket. */
  timedOut: 5,
  /** The socket is fine but the node became a replica: commands get READONLY. */
  readonly: 6,
} as const;
export const CONN_STATE_NAMES = ["healthy", "closed", "reset", "resetOnUse", "blackholed", "timedOut", "readonly"] as const;
export type ConnStateName = (typeof CONN_STATE_NAMES)[number];

/** Error kinds an attempt can end with; each has its own retry setting (retry.retryOn). */
export const ErrorKind = {
  eof: 0,
  reset: 1,
  timeout: 2,
  dialRefused: 3,
  dialTimeout: 4,
  poolTimeout: 5,
  readonly: 6,
  /** database/sql driver.ErrBadConn: a pooled connection found expired or dead at checkout. */
  badConn: 7,
  /** A LOADING reply: the restarted server is still loading its dataset; the connection is fine. */
  loading: 8,
  /** A Redis error reply the client does not retry, e.g. ERR unknown subcommand from a server without CLIENT SETINFO (Redis < 7.2). */
  redisError: 9,
} as const;
export const ERROR_KIND_NAMES = ["eof", "reset", "timeout", "dialRefused", "dialTimeout", "poolTimeout", "readonly", "badConn", "loading", "redisError"] as const;
export type ErrorKindName = (typeof ERROR_KIND_NAMES)[number];

/** The outcome of a dial or an exchange: OK, or else an ErrorKind code. */
export const OK = -1;

/** Where a connection is. */
export const Where = { free: 0, idle: 1, inUse: 2 } as const;

/** Mode names of a disconnect, as the scenario spells them, to the state the hit connections take. */
export const DISCONNECT_MODE_STATE: Record<string, number> = {
  fin: ConnState.closed,
  rst: ConnState.reset,
  "reset-on-use": ConnState.resetOnUse,
  blackhole: ConnState.blackholed,
  readonly: ConnState.readonly,
};
