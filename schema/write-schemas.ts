/**
 * `npm run schema`: writes schema/scenario.schema.json and schema/sweep.schema.json from the
 * scenario spec. test/schema.test.ts fails when the committed files differ from these bytes.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { schemaFiles } from "./files.ts";

for (const [name, text] of Object.entries(schemaFiles())) {
  writeFileSync(fileURLToPath(new URL(name, import.meta.url)), text);
  process.stdout.write(`wrote schema/${name}\n`);
}
