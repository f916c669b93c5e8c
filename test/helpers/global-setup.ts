import pg from "pg";
import { applyPendingMigrations } from "../../src/db/migrate.js";

const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// One database per run, so runs started side by side never drop each other's database.
const databaseName = process.env.TEST_DATABASE_NAME ?? `ocpp_central_test_${process.pid}`;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createTestDatabase(): Promise<string> {
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${databaseName}"`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  await applyPendingMigrations(url.toString());
  return url.toString();
}

/**
 * The integration and e2e projects both name this file, and Vitest runs a project's global set-up once per project,
 * each from its own module instance. The run's database lives on the process, so the second project reuses it rather
 * than dropping it under the first (same name: same pid), and the last project to finish drops it.
 */
type SharedDatabase = { url: Promise<string>; users: number };
const shared = globalThis as typeof globalThis & { ocppTestDatabase?: SharedDatabase };

/** A fresh database per test run, migrated with the committed migrations, shared by all test files. */
export default async function setup({ provide }: { provide: (key: "databaseUrl", value: string) => void }) {
  shared.ocppTestDatabase ??= { url: createTestDatabase(), users: 0 };
  const database = shared.ocppTestDatabase;
  database.users += 1;
  provide("databaseUrl", await database.url);

  return async function teardown() {
    database.users -= 1;
    if (database.users > 0) return;
    delete shared.ocppTestDatabase;
    await admin((client) => client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`));
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
