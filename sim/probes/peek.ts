import type { ProbeStrategy } from "./probe.ts";
import { socketReadSeesDead } from "./socket-read.ts";

/**
 * A non-consuming MSG_PEEK on the TCP socket under any transport, treating pending bytes as alive
 * (TLS 1.3 servers send post-handshake records legitimately: aerospike/aerospike-client-rust#234).
 * Sees FIN and RST like the read; never closes a healthy connection.
 */
export const peek: ProbeStrategy = {
  key: "peek",
  doc: "Non-consuming peek on the raw socket, TLS included; pending bytes count as alive.",
  readsPendingBytes: false,
  check(s, out) {
    out.ran = true;
    out.dead = socketReadSeesDead(s.state);
    out.costUs = 0;
  },
};
