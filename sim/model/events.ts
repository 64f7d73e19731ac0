/**
 * The model's event kinds and their same-instant priorities. Kinds are small integers, not
 * objects: the hot loop of a sweep handles millions of them. Payloads are two integers (a, b),
 * named per kind below. Handlers are in simulation.ts, checked against this list by the compiler.
 */
export const EventKind = {
  /** a = command slot: a closed-loop client issues its next command. */
  commandStart: 1,
  /** a = command, b = generation: an attempt starts (first, or after backoff). */
  attemptStart: 2,
  /** a = command, b = generation: a freed pool turn reaches a waiter. */
  turnGranted: 3,
  /** a = command, b = generation: the wait for a pool turn gave up. */
  poolTimeout: 4,
  /** a = command, b = generation: a command's dial ended (outcome in the command table). */
  dialDone: 5,
  /** a = command, b = generation: the dial breaker refused a command's dial without dialing. */
  dialRejected: 6,
  /** a = command, b = generation: a command's write and read ended (outcome in the command table). */
  ioDone: 7,
  /** a = command, b = generation: a round-trip probe (PING) came back (verdict in the command table). */
  probeDone: 8,
  /** a = disconnect index. */
  disconnect: 9,
  serverUp: 10,
  /** a = connection slot, b = its use generation: Redis `timeout` closes an idle connection. */
  serverIdleClose: 11,
  /** a = connection slot, b = its use generation: a middlebox forgets an idle flow. */
  middleboxDrop: 12,
  /** a = connection slot, b = its use generation: TCP keep-alive reaches its verdict. */
  keepAliveVerdict: 13,
  /** The background health check's tick. */
  healthCheck: 14,
  /** a = dial outcome (OK or an error kind), b = server down epoch at the dial's start: a MinIdle refill dial ended. */
  idleDialDone: 15,
  /** a = the breaker's last dial error: the breaker refused a MinIdle refill dial. */
  idleDialRejected: 16,
  /** a = dial outcome, b = down epoch at the dial's start: the breaker's background dial ended. */
  breakerDialDone: 17,
  /** The breaker sleeps 1 s after a failed background dial, then dials again. */
  breakerRedial: 18,
  /** An open-loop (Poisson) arrival. */
  arrival: 19,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** At one instant the server and the network act first, then replies and dials land, then clients act. */
export const Priority = { server: 0, network: 1, client: 2 } as const;

export const EVENT_PRIORITY = {
  [EventKind.commandStart]: Priority.client,
  [EventKind.attemptStart]: Priority.client,
  [EventKind.turnGranted]: Priority.client,
  [EventKind.poolTimeout]: Priority.client,
  [EventKind.dialDone]: Priority.network,
  [EventKind.dialRejected]: Priority.network,
  [EventKind.ioDone]: Priority.network,
  [EventKind.probeDone]: Priority.network,
  [EventKind.disconnect]: Priority.server,
  [EventKind.serverUp]: Priority.server,
  [EventKind.serverIdleClose]: Priority.server,
  [EventKind.middleboxDrop]: Priority.server,
  [EventKind.keepAliveVerdict]: Priority.server,
  [EventKind.healthCheck]: Priority.client,
  [EventKind.idleDialDone]: Priority.network,
  [EventKind.idleDialRejected]: Priority.network,
  [EventKind.breakerDialDone]: Priority.network,
  [EventKind.breakerRedial]: Priority.client,
  [EventKind.arrival]: Priority.client,
} as const satisfies Record<EventKind, number>;

/** go-redis tryDial sleeps this long after a failed background dial (internal/pool/pool.go). */
export const BREAKER_REDIAL_US = 1_000_000;
