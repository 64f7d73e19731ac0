/**
 * poolsim as a library: `import { resolveScenario, runScenario, replicate, planRetries } from "poolsim"`.
 * The package's `exports` point at this file built to JavaScript with its .d.ts (npm run
 * build:lib → lib/library/index.js), so plain Node needs no TypeScript loader.
 */
export * from "../sim/index.ts";
export * from "../sim/sweep/index.ts";
