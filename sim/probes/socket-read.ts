import { ConnState } from "../model/codes.ts";

/**
 * What go-redis's connCheck sees with a non-blocking 1-byte read (or MSG_PEEK) on the raw socket
 * (internal/pool/conn_check.go): n = 0 → io.EOF (FIN); ECONNRESET/ETIMEDOUT → error; EAGAIN →
 * healthy. A silently lost peer (reset-on-use, blackholed) sends nothing, so the read would
 * block and the connection passes; so does a READONLY replica, whose socket is fine.
 */
export function socketReadSeesDead(state: number): boolean {
  return state === ConnState.closed || state === ConnState.reset || state === ConnState.timedOut;
}
