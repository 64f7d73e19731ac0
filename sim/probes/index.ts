export type { ProbeOutcome, ProbeStrategy, ProbeSubject } from "./probe.ts";
export { probeRegistry, getProbe } from "./registry.ts";
export type { ProbeKey } from "./registry.ts";
