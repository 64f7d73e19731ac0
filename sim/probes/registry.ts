import type { ProbeKey } from "../scenario/types.ts";

export type { ProbeKey };
import { none } from "./none.ts";
import { peek } from "./peek.ts";
import { pingIfDue, pingIfIdle, pingOnBorrow } from "./ping.ts";
import type { ProbeStrategy } from "./probe.ts";
import { readUnwrapTls } from "./read-unwrap-tls.ts";
import { syscall } from "./syscall.ts";
import { tlsAware } from "./tls-aware.ts";

/** Every probe strategy by the key a scenario names it with. */
export const probeRegistry: Record<ProbeKey, ProbeStrategy> = {
  none,
  syscall,
  "tls-aware": tlsAware,
  peek,
  "read-unwrap-tls": readUnwrapTls,
  "ping-on-borrow": pingOnBorrow,
  "ping-if-idle": pingIfIdle,
  "ping-if-due": pingIfDue,
};

export function getProbe(key: ProbeKey): ProbeStrategy {
  return probeRegistry[key];
}
