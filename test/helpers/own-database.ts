import pg from "pg";
import { inject } from "vitest";

const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A database of a test file's own, for tests that must see (or act on) every row, which the shared test database
 * never allows: other files write to it at the same time. Created empty, or migrated with `{ migrated: true }` (a copy of
 * the run's migrated template).
 */
export function ownDatabase(name: string) {
  const databaseName = `${name}_${process.pid}`;
  const url = Object.assign(new URL(serverUrl), { pathname: `/${databaseName}` }).toString();
  return {
    url,
    async create({ migrated = false } = {}) {
      await admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      await admin(
        migrated
          ? `CREATE DATABASE "${databaseName}" TEMPLATE "${inject("templateDatabase")}"`
          : `CREATE DATABASE "${databaseName}"`,
      );
    },
    drop: () => admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`),
  };
}
