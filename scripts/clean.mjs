#!/usr/bin/env node
// npm run clean: removes what builds, code generation, tests and the embedded database leave behind.
// web/src/gql stays: it is generated but committed (see docs/web-app.md).
import { existsSync, rmSync } from "node:fs";

const generated = ["src/generated", "web/dist", "dist", "coverage", "test-results", "data"];
for (const dir of generated) {
  if (!existsSync(dir)) continue;
  rmSync(dir, { recursive: true, force: true });
  console.log(`removed ${dir}/`);
}
