/** The path of a cached esbuild bundle of `entry` (an absolute .ts path); see bundle-cache.mjs. */
export function bundledEntry(entry: string): Promise<string>;
