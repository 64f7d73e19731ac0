// Second half of `npm run build:lib` (after tsc): the sweep worker's entry for the built CLI. The
// source entry (experiments/sweep/worker-boot.mjs) registers tsx's loader, a devDependency that
// `npm ci --omit=dev` leaves out; the built worker is plain JavaScript and needs none.
import { writeFileSync } from "node:fs";

writeFileSync(new URL("../../lib/experiments/sweep/worker-boot.mjs", import.meta.url), '// Built by npm run build:lib: the sweep worker, already JavaScript.\nawait import("./worker.js");\n');
