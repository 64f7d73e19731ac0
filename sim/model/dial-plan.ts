import { ErrorKind } from "./codes.ts";
import type { ModelParams } from "./params.ts";

const OK = -1;

/** The outcome of one dial (dialConn): how long it takes and OK or an error kind. */
export interface DialPlan {
  costUs: number;
  result: number;
}

/**
 * Prices a dial started at `now` against the server's down window. A refused attempt costs one
 * RTT (SYN answered by RST); a hanging one costs dialTimeout; v9.15+ retries inside the dial
 * (DialerRetries, DialerRetryTimeout apart, no sleep after the last; DialTimeout per attempt as
 * in v9.22 internal/pool/pool.go dialConn). The server's state when each attempt starts decides.
 */
export function planDial(now: number, p: ModelParams, downUntil: number, downHangs: boolean, out: DialPlan): void {
  let t = now;
  for (let i = 0; i < p.dialAttempts; i++) {
    if (t >= downUntil) {
      if (p.dialTimeUs > p.dialTimeoutUs) {
        t += p.dialTimeoutUs;
        out.result = ErrorKind.dialTimeout;
      } else {
        out.costUs = t + p.dialTimeUs - now;
        out.result = OK;
        return;
      }
    } else if (downHangs) {
      t += p.dialTimeoutUs;
      out.result = ErrorKind.dialTimeout;
    } else {
      t += p.rttUs;
      out.result = ErrorKind.dialRefused;
    }
    if (i < p.dialAttempts - 1) t += p.dialRetryBackoffUs;
  }
  out.costUs = t - now;
}
