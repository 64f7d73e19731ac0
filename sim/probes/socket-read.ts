import { ConnState } from "../model/codes.ts";

/**
 * What go-redis's connCheck sees with a non-blocking 1-byte read on the raw socket
 * (internal/pool/conn_check.go, v9.0–v9.14): n = 0 → io.EOF (FIN), ECONNRESET → error, EAGAIN →
 * healthy. A silently lost peer (reset-on-use, blackholed) sends nothing, so the read would block
 * and the connection passes.
 */
export function socketReadSeesDead(state: number): boolean {
  return state === ConnState.closed || state === ConnState.reset;
}
