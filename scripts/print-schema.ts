// Writes the printed, sorted GraphQL schema to schema.graphql (reviewed in every change; read by codegen).
import { writeFile } from "node:fs/promises";
import { printedSchema } from "../src/graphql/schema.js";

await writeFile(new URL("../schema.graphql", import.meta.url), printedSchema());
console.log("Wrote schema.graphql");
