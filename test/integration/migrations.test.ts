import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { applyPendingMigrations } from "../../src/db/migrate.js";

const run = promisify(execFile);
const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const scratch = [`ocpp_central_drift_migrations_${process.pid}`, `ocpp_central_drift_schema_${process.pid}`] as const;

const urlOf = (database: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

async function recreate(database: string, drop = false) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  if (!drop) await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
}

/**
 * The schema as PostgreSQL sees it, without Prisma's bookkeeping table. Columns added by a later migration come
 * last in the table, so column order inside CREATE TABLE is not compared.
 */
async function dumpSchema(database: string): Promise<string> {
  const { stdout } = await run("pg_dump", [
    "--schema-only",
    "--no-owner",
    "--exclude-table=_prisma_migrations",
    urlOf(database),
  ]);
  const statements = stdout
    .split("\n")
    .filter((line) => !line.startsWith("--") && !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict"))
    .join("\n")
    .split(";\n");
  return statements
    .map((statement) => {
      const table = /^(\s*CREATE TABLE [^(]+\()\n([\s\S]*)\n(\))$/.exec(statement.trim());
      if (!table) return statement.trim();
      const columns = table[2]!
        .split(",\n")
        .map((column) => column.trim())
        .sort();
      return `${table[1]}\n${columns.join(",\n")}\n${table[3]}`;
    })
    .join(";\n");
}

afterAll(async () => {
  for (const database of scratch) await recreate(database, true);
});

it("the committed migrations produce exactly the schema described by prisma/schema.prisma", async () => {
  const [fromMigrations, fromSchema] = scratch;
  await recreate(fromMigrations);
  await recreate(fromSchema);

  await applyPendingMigrations(urlOf(fromMigrations));
  const { stdout: script } = await run(
    process.execPath,
    [
      "scripts/prisma.mjs",
      "migrate",
      "diff",
      "--from-empty",
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
    ],
    { env: { ...process.env, DATABASE_URL: urlOf(fromSchema) } },
  );
  const client = new pg.Client({ connectionString: urlOf(fromSchema) });
  await client.connect();
  await client.query(script);
  await client.end();

  expect(await dumpSchema(fromMigrations)).toBe(await dumpSchema(fromSchema));
}, 120_000);
