import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ownDatabase } from "../helpers/own-database.js";

// npm run db:reset on a database of its own: it empties the configured schema and applies every migration, and it
// refuses to run with NODE_ENV=production.

const root = fileURLToPath(new URL("../..", import.meta.url));
const database = ownDatabase("ocpp_reset_test");
const databaseUrl = database.url;

async function query<T extends pg.QueryResultRow>(sql: string, url = databaseUrl): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function reset(environment: Record<string, string>) {
  return promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/db-reset.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...environment },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

beforeAll(() => database.create());
afterAll(() => database.drop());

it("empties the schema and applies every migration, and refuses NODE_ENV=production", async () => {
  const first = await reset({ DATABASE_URL: databaseUrl });
  expect(first.stderr).toBe("");
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('Dropped and recreated schema "public"');
  const migrations = await query<{ count: string }>(
    "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL",
  );
  expect(Number(migrations[0]!.count)).toBeGreaterThan(0);

  await query("INSERT INTO id_tags (id_tag, status, updated_at) VALUES ('RESET-ME', 'Accepted', now())");
  await query("CREATE TABLE stray (x int)");

  const refused = await reset({ DATABASE_URL: databaseUrl, NODE_ENV: "production" });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("db:reset refused: NODE_ENV=production");
  expect(await query("SELECT id_tag FROM id_tags")).toEqual([{ id_tag: "RESET-ME" }]);

  const second = await reset({ DATABASE_URL: databaseUrl });
  expect(second.code).toBe(0);
  expect(await query("SELECT id_tag FROM id_tags")).toEqual([]);
  expect(await query("SELECT to_regclass('public.stray') AS stray")).toEqual([{ stray: null }]);
  const again = await query<{ count: string }>("SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL");
  expect(again[0]!.count).toBe(migrations[0]!.count);
}, 120_000);

it("refuses a ?schema= other than public, which nothing here would use", async () => {
  await query("CREATE TABLE IF NOT EXISTS public.keep_me (x int)");
  const result = await reset({ DATABASE_URL: `${databaseUrl}?schema=tenant_a` });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain("?schema=tenant_a is not supported");
  expect(await query("SELECT to_regclass('public.keep_me') IS NOT NULL AS kept")).toEqual([{ kept: true }]);
}, 60_000);
