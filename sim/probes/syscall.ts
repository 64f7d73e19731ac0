import type { ProbeStrategy } from "./probe.ts";
import { socketReadSeesDead } from "./socket-read.ts";

/**
 * go-redis as shipped in every version but v9.5.4–v9.6.1: connCheck needs syscall.Conn, and a
 * *tls.Conn is not one, so TLS connections are never checked (internal/pool/conn_check.go,
 * v9.5.3 and v9.7.0+; redis/go-redis#3025). This is the bug poolsim exists to show.
 */
export const syscall: ProbeStrategy = {
  key: "syscall",
  doc: "go-redis's non-blocking 1-byte read, on plain TCP only: TLS connections pass unchecked.",
  readsPendingBytes: false,
  check(s, out) {
    out.ran = !s.tls;
    out.dead = out.ran && socketReadSeesDead(s.state);
    out.costUs = 0;
  },
};
