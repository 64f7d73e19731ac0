/**
 * Release versions as users write them in go.mod or requirements.txt: "9.16.0" or "v9.16.0".
 * Only plain releases: a pre-release or pseudo-version ("9.15.0-beta.1", "v9.7.1-0.2025…") is
 * refused by the caller, because the code it names is not a tag anyone read.
 */
export type Version = readonly [major: number, minor: number, patch: number];

const RELEASE = /^v?(\d{1,4})\.(\d{1,4})\.(\d{1,4})$/;

/** "v9.16.0" → [9, 16, 0]; null when the text is not a plain release version. */
export function maybeVersion(text: string): Version | null {
  const m = RELEASE.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** Negative, zero or positive as a sorts before, with or after b. */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function formatVersion(v: Version): string {
  return `${v[0]}.${v[1]}.${v[2]}`;
}

/**
 * A half-open range [first, next) as people say it: the last version it holds, written "9.6.x"
 * when the range runs to the end of a minor line. [9.6.0, 9.6.2) → "v9.6.0–v9.6.1";
 * [9.8.0, 9.15.0) → "v9.8.0–v9.14.x"; [9.5.4, 9.5.5) → "v9.5.4"; [4.0.0, 5.0.0) → "v4.0.0–v4.x".
 */
export function formatRange(first: Version, next: Version): string {
  const last = next[2] > 0 ? `${next[0]}.${next[1]}.${next[2] - 1}` : next[1] > 0 ? `${next[0]}.${next[1] - 1}.x` : `${next[0] - 1}.x`;
  const from = formatVersion(first);
  return last === from ? `v${from}` : `v${from}–v${last}`;
}
