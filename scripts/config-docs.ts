// Writes docs/configuration.md from the declarations in src/config/settings.ts.
import { writeFile } from "node:fs/promises";
import { configurationDocs } from "../src/config/docs.js";

await writeFile(new URL("../docs/configuration.md", import.meta.url), configurationDocs());
console.log("Wrote docs/configuration.md");
