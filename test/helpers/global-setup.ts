import pg from "pg";
import { applyPendingMigrations } from "../../src/db/migrate.js";

/** A fresh database per test run, migrated with the committed migrations, shared by all test files. */
export default async function setup({ provide }: { provide: (key: "databaseUrl", value: string) => void }) {
  const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const databaseName = process.env.TEST_DATABASE_NAME ?? "ocpp_central_test";
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${databaseName}"`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  await applyPendingMigrations(url.toString());
  provide("databaseUrl", url.toString());
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
