import type { ProbeStrategy } from "./probe.ts";

/** No health check: every idle connection is handed out as it is. */
export const none: ProbeStrategy = {
  key: "none",
  doc: "Never probe: every idle connection is handed out as it is.",
  applies: () => false,
  judgesDead: () => false,
};
