import type { ProfileKey } from "../scenario/types.ts";

/** Scenario options as a profile sets them: a partial scenario, merged under the user's own. */
export type ProfileOptions = Record<string, unknown>;

/**
 * A client and version as a bundle of scenario defaults. Each profile cites the source its
 * behaviour comes from; any field the scenario sets overrides the profile's.
 */
export interface Profile {
  key: ProfileKey;
  /** One line: what the client does about stale connections. */
  doc: string;
  options: ProfileOptions;
}
