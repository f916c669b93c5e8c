import pg from "pg";
import { applyPendingMigrations } from "../../src/db/migrate.js";

const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// One database per run, so runs started side by side never drop each other's database.
const databaseName = process.env.TEST_DATABASE_NAME ?? `ocpp_central_test_${process.pid}`;
// Migrated once and never connected to, so that a file's own database is a copy of it in milliseconds
// (CREATE DATABASE ... TEMPLATE) rather than a migration of seconds.
const templateName = `${databaseName}_template`;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const urlOf = (name: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();

async function createTestDatabase(): Promise<string> {
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await client.query(`DROP DATABASE IF EXISTS "${templateName}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${templateName}"`);
  });
  await applyPendingMigrations(urlOf(templateName));
  await admin((client) => client.query(`CREATE DATABASE "${databaseName}" TEMPLATE "${templateName}"`));
  return urlOf(databaseName);
}

/**
 * The integration and e2e projects both name this file, and Vitest runs a project's global set-up once per project,
 * each from its own module instance. The run's database lives on the process, so the second project reuses it rather
 * than dropping it under the first (same name: same pid), and the last project to finish drops it.
 */
type SharedDatabase = { url: Promise<string>; users: number };
const shared = globalThis as typeof globalThis & { ocppTestDatabase?: SharedDatabase };

/** A fresh database per test run, migrated with the committed migrations, shared by all test files. */
export default async function setup({
  provide,
}: {
  provide: (key: "databaseUrl" | "templateDatabase", value: string) => void;
}) {
  shared.ocppTestDatabase ??= { url: createTestDatabase(), users: 0 };
  const database = shared.ocppTestDatabase;
  database.users += 1;
  provide("databaseUrl", await database.url);
  provide("templateDatabase", templateName);

  return async function teardown() {
    database.users -= 1;
    if (database.users > 0) return;
    delete shared.ocppTestDatabase;
    await admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      await client.query(`DROP DATABASE IF EXISTS "${templateName}" WITH (FORCE)`);
    });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The database every test file shares. */
    databaseUrl: string;
    /** The name of the migrated database that ownDatabase() copies. */
    templateDatabase: string;
  }
}
