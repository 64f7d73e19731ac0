import { EventKind } from "../events.ts";

/**
 * The multiplexed model's event kinds. It shares the workload's kinds (commandStart, arrival) and
 * the server's (disconnect, serverUp) with the pooled model, so Workload runs unchanged on it.
 */
export const MuxEvent = {
  commandStart: EventKind.commandStart,
  arrival: EventKind.arrival,
  disconnect: EventKind.disconnect,
  serverUp: EventKind.serverUp,
  /** a = command, b = generation: the reply to a written command arrives. */
  reply: 30,
  /** a = command, b = generation: the command's own timeout (commandTimeout) fires. */
  commandTimeout: 31,
  /** a = socket, b = socket generation: a connection attempt ended (outcome on the socket). */
  connectDone: 32,
  /** a = socket, b = socket generation: the reconnect delay is over; the next attempt starts. */
  reconnectDue: 33,
  /** a = socket, b = socket generation: the kernel tells the client a silent connection is dead (keep-alive, retransmissions, an RST drawn by a write). */
  lossNoticed: 34,
  /** a = socket, b = its idleGen: an idle spell lasted server.idleTimeout (Redis closes) or the middlebox's timeout (it forgets the flow). */
  idleSpellEnded: 35,
} as const;
export type MuxEvent = (typeof MuxEvent)[keyof typeof MuxEvent];

/** Same-instant order as the pooled model: the server first, then the network, then clients. */
export const MUX_EVENT_PRIORITY = {
  [MuxEvent.commandStart]: 2,
  [MuxEvent.arrival]: 2,
  [MuxEvent.disconnect]: 0,
  [MuxEvent.serverUp]: 0,
  [MuxEvent.reply]: 1,
  [MuxEvent.commandTimeout]: 2,
  [MuxEvent.connectDone]: 1,
  [MuxEvent.reconnectDue]: 2,
  [MuxEvent.lossNoticed]: 1,
  [MuxEvent.idleSpellEnded]: 0,
} as const satisfies Record<MuxEvent, number>;

/**
 * A blackholed connection with unacknowledged data: Linux retransmits until tcp_retries2 (15)
 * gives up, at least 924.6 s with the minimum RTO (MODEL-NOTES B.9); keep-alive does not run
 * while data is outstanding (net/ipv4/tcp_timer.c tcp_keepalive_timer).
 */
export const TCP_RETRANSMIT_GIVE_UP_US = 924_600_000;
/** An RST drawn by retransmitted data arrives after Linux's minimum RTO, 200 ms (TCP_RTO_MIN). */
export const TCP_RTO_MIN_US = 200_000;
