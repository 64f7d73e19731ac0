// `npm run sim`: the CLI (experiments/cli.ts) from one JavaScript bundle, built by esbuild and
// cached on disk while its sources are unchanged (experiments/sweep/bundle-cache.mjs). Loading the
// CLI's ~100 modules through tsx took about a second before any work; the bundle loads in tens of
// ms. It is the same code as tsx runs: esbuild strips the types, as tsx does.
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundledEntry } from "../sweep/bundle-cache.mjs";

let file;
try {
  file = await bundledEntry(fileURLToPath(new URL("../cli.ts", import.meta.url)));
} catch (e) {
  process.stderr.write(`internal error: cannot bundle the CLI from its sources (run it with npx tsx experiments/cli.ts to see more):\n${e?.message ?? String(e)}\n`);
  process.exit(1);
}
await import(pathToFileURL(file).href);
