import { defineConfig } from "vitest/config";

// One config for the web app (vite) and the tests (vitest).
export default defineConfig({
  root: "web",
  base: "./",
  build: { outDir: "../dist", emptyOutDir: true },
  worker: { format: "es" },
  test: {
    root: ".",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "threads",
  },
});
