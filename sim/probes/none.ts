import type { ProbeStrategy } from "./probe.ts";

/** No health check: every idle connection is handed out as it is. */
export const none: ProbeStrategy = {
  key: "none",
  doc: "Never probe: every idle connection is handed out as it is.",
  readsPendingBytes: false,
  check(_s, out) {
    out.ran = false;
    out.dead = false;
    out.costUs = 0;
  },
};
