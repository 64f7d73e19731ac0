// Second half of `npm run build:lib` (after tsc): the sweep worker's entry for the built CLI. From
// source, experiments/sweep/pool.ts bundles worker.ts with esbuild (tsx's dependency, a
// devDependency that `npm ci --omit=dev` leaves out); the built worker is plain JavaScript and
// needs neither.
import { writeFileSync } from "node:fs";

writeFileSync(new URL("../../lib/experiments/sweep/worker-boot.mjs", import.meta.url), '// Built by npm run build:lib: the sweep worker, already JavaScript.\nawait import("./worker.js");\n');
