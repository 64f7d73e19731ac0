import { ConnState } from "../model/codes.ts";
import type { ProbeStrategy } from "./probe.ts";
import { socketReadSeesDead } from "./socket-read.ts";

/**
 * go-redis v9.5.4–v9.5.5 and v9.6.0–v9.6.1 (PR #3047: `if c, ok := conn.(*tls.Conn); ok { conn =
 * c.NetConn() }` in internal/pool/conn_check.go): the 1-byte read runs on the TCP socket under
 * TLS too. A pending TLS record makes n > 0 → errUnexpectedRead, so a healthy connection is
 * closed (and the byte consumed): the churn of redis/go-redis#3137, reverted in v9.6.2/v9.7.0.
 */
export const readUnwrapTls: ProbeStrategy = {
  key: "read-unwrap-tls",
  doc: "go-redis v9.5.4: the read under TLS too; pending TLS bytes close a healthy connection.",
  readsPendingBytes: true,
  check(s, out) {
    out.ran = true;
    const socketFine = s.state === ConnState.healthy || s.state === ConnState.readonly;
    out.dead = socketReadSeesDead(s.state) || (s.tls && socketFine && s.pendingBytes);
    out.costUs = 0;
  },
};
