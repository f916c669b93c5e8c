#!/usr/bin/env node
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL from the last committed schema.prisma to the
// working copy's. (Prisma's `migrate dev` needs a native engine this project does without.)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(1);
}
const previous = path.join(mkdtempSync(path.join(tmpdir(), "schema-")), "schema.prisma");
writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
const sql = execFileSync(
  process.execPath,
  [
    "scripts/prisma.mjs",
    "migrate",
    "diff",
    "--from-schema-datamodel",
    previous,
    "--to-schema-datamodel",
    "prisma/schema.prisma",
    "--script",
  ],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (!sql.trim() || sql.includes("This is an empty migration")) {
  console.log("schema.prisma has no changes since the last commit: nothing to migrate");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const directory = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(directory, { recursive: true });
writeFileSync(path.join(directory, "migration.sql"), sql);
console.log(`Wrote ${directory}/migration.sql`);
