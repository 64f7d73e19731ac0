import type { ProbeStrategy } from "./probe.ts";
import { tlsAware } from "./tls-aware.ts";

/**
 * A non-consuming MSG_PEEK on the TCP socket under any transport, treating pending bytes as alive
 * (TLS 1.3 servers send post-handshake records legitimately: aerospike/aerospike-client-rust#234).
 * It sees FIN and RST like the read and never closes a healthy connection, so its verdicts are
 * tls-aware's; the separate key names the real mechanism.
 */
export const peek: ProbeStrategy = {
  ...tlsAware,
  key: "peek",
  doc: "Non-consuming peek on the raw socket, TLS included; pending bytes count as alive.",
};
