import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("README figures", () => {
  it("`npm run figures` redraws docs/figures/*.svg byte for byte", () => {
    const out = mkdtempSync(join(tmpdir(), "poolsim-figures-"));
    const r = spawnSync(process.execPath, ["--import", "tsx", "web/figures/render-figures.ts"], { encoding: "utf8", env: { ...process.env, FIGURES_OUT: out } });
    expect(r.status, r.stderr).toBe(0);
    for (const name of ["frontier.svg", "incident.svg"]) {
      expect(readFileSync(join(out, name), "utf8"), name).toBe(readFileSync(join("docs/figures", name), "utf8"));
    }
  });
});
