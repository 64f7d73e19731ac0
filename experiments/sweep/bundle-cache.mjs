// A TypeScript entry (and everything it imports) bundled by esbuild into one JavaScript file, kept
// on disk and reused while every input file has the same content. Plain JavaScript, so that it
// runs before any TypeScript loader.
//
// Why: under tsx, the CLI and each sweep worker thread resolved and transpiled their ~60–100
// modules through tsx's loader thread, about 1 s of CPU each before any work; one bundled file
// loads in a few tens of ms. esbuild comes with tsx (its dependency), which running from source
// needs anyway. Inside a bundle, every module still sees its own source file as import.meta.url
// (sourceUrls below), so paths found from it (package.json, the sweep worker) are the same as
// under tsx.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The path of a bundle of `entry` (an absolute path to a .ts file), built now or found in the cache
 * (node_modules/.cache/poolsim). A manifest per entry lists every input with its content hash; any
 * change to any of them rebuilds. Bundles are named by their own hash, so processes that race
 * write the same bytes, and a bundle in use is never rewritten.
 */
export async function bundledEntry(entry) {
  const dir = cacheDir();
  const name = basename(entry).replace(/\.[cm]?ts$/, "");
  const manifestPath = join(dir, `${name}-${hash(entry).slice(0, 12)}.json`);
  const cached = readManifest(manifestPath, dir);
  if (cached !== null) return cached;
  const { text, inputs } = await build(entry);
  const file = `${name}-${hash(text).slice(0, 16)}.mjs`;
  writeAtomic(join(dir, file), text);
  writeAtomic(manifestPath, JSON.stringify({ file, inputs: inputs.map((p) => [p, hash(readFileSync(join(ROOT, p)))]) }));
  return join(dir, file);
}

/** The bundle a manifest names, when it exists and every input still hashes the same; else null. */
function readManifest(path, dir) {
  if (!existsSync(path)) return null;
  try {
    const m = JSON.parse(readFileSync(path, "utf8"));
    const file = join(dir, m.file);
    if (!existsSync(file)) return null;
    for (const [input, digest] of m.inputs) {
      if (!existsSync(join(ROOT, input)) || hash(readFileSync(join(ROOT, input))) !== digest) return null;
    }
    return file;
  } catch {
    return null; // a torn or foreign manifest: rebuild
  }
}

async function build(entry) {
  // Found from the repository, not from wherever this code runs (inside a bundle, in the cache).
  const esbuild = await import(pathToFileURL(createRequire(join(ROOT, "package.json")).resolve("esbuild")).href);
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [sourceUrls],
  });
  return { text: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

/** Each of poolsim's own modules keeps the URL of its source file as its module URL. */
const META_URL = ["import", "meta", "url"].join("."); // spelled out, this file would rewrite itself
const sourceUrls = {
  name: "source-urls",
  setup(build) {
    build.onLoad({ filter: /\.(ts|mts|mjs)$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const text = readFileSync(args.path, "utf8");
      return { contents: text.replaceAll(META_URL, JSON.stringify(pathToFileURL(args.path).href)), loader: args.path.endsWith("js") ? "js" : "ts" };
    });
  },
};

/** node_modules/.cache/poolsim, or a fresh temporary folder when that cannot be written. */
function cacheDir() {
  const dir = join(ROOT, "node_modules", ".cache", "poolsim");
  try {
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    return mkdtempSync(join(tmpdir(), "poolsim-"));
  }
}

function writeAtomic(path, text) {
  const tmp = `${path}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function hash(data) {
  return createHash("sha1").update(data).digest("hex");
}
