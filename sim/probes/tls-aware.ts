import type { ProbeStrategy } from "./probe.ts";
import { socketReadSeesDead } from "./socket-read.ts";

/**
 * The fix: the same socket check under TLS too (what redis/go-redis#3047 meant to do), as an
 * ideal check that never misjudges a healthy connection. read-unwrap-tls is the v9.5.4 variant
 * that did misjudge; peek is the non-consuming variant real clients use.
 */
export const tlsAware: ProbeStrategy = {
  key: "tls-aware",
  doc: "The same socket read on every connection, TLS included (the fix).",
  readsPendingBytes: false,
  check(s, out) {
    out.ran = true;
    out.dead = socketReadSeesDead(s.state);
    out.costUs = 0;
  },
};
