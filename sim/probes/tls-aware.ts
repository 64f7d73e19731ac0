import type { ProbeStrategy } from "./probe.ts";
import { socketReadSeesDead } from "./socket-read.ts";

/**
 * The fix: probe the socket under TLS too (redis/go-redis#3047 unwrapped *tls.Conn via NetConn()).
 * Modelled here as an ideal, non-consuming check; the consuming read of v9.5.4, which also
 * discarded healthy connections with pending TLS records, is a separate profile.
 */
export const tlsAware: ProbeStrategy = {
  key: "tls-aware",
  doc: "The same socket read on every connection, TLS included (the fix).",
  applies: () => true,
  judgesDead: (s) => socketReadSeesDead(s.state),
};
