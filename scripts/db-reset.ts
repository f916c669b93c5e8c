// npm run db:reset: drops the configured database's schema (DATABASE_URL, or the embedded database under DATA_DIR),
// creates it empty again and applies every committed migration. Development and tests only: refused when
// NODE_ENV=production, whatever the database.
import pg from "pg";
import { DataDirectoryInUseError, startEmbeddedDatabase } from "../src/db/embedded.js";
import { applyPendingMigrations } from "../src/db/migrate.js";

if (process.env.NODE_ENV === "production") {
  console.error("db:reset refused: NODE_ENV=production. It drops every table and row of the configured database.");
  process.exit(1);
}

const configured = process.env.DATABASE_URL || undefined;
if (configured && !/^postgres(ql)?:\/\//.test(configured)) {
  console.error("db:reset: DATABASE_URL must be a postgresql:// connection string");
  process.exit(1);
}
// Never under a running server: it would lose its tables mid-flight.
const embedded = configured
  ? undefined
  : await startEmbeddedDatabase(process.env.DATA_DIR || "./data", { holder: "db:reset" }).catch((error: unknown) => {
      if (!(error instanceof DataDirectoryInUseError)) throw error;
      console.error(`db:reset refused: ${error.message}`);
      process.exit(1);
    });
const url = configured ?? embedded!.url;
// Migrations (prisma.config.ts) and the app go through driver adapters, which use the search path's schema: public.
const schema = "public";
const requested = new URL(url).searchParams.get("schema");
if (requested && requested !== schema) {
  console.error(`db:reset: ?schema=${requested} is not supported: migrations and the app use the public schema`);
  await embedded?.close();
  process.exit(1);
}
const shown = new URL(url);
if (shown.password) shown.password = "***";
const target = embedded ? `the embedded database in ${process.env.DATA_DIR || "./data"}` : shown.toString();

try {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  console.log(`Dropped and recreated schema "${schema}" of ${target}`);
  const output = await applyPendingMigrations(url);
  const found = output
    .split("\n")
    .find((line) => /migrations? found/.test(line))
    ?.trim();
  console.log(`Database reset: ${found ?? "every migration"} applied to an empty schema`);
} catch (error) {
  console.error(`db:reset failed for ${target}:`, error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await embedded?.close();
}
