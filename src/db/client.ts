import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.js";

export type Database = PrismaClient;

/** The pg Pool behind each client, for pool metrics; Prisma itself does not expose its driver adapter. */
const pools = new WeakMap<Database, pg.Pool>();

export function createDatabase(
  connectionString: string,
  options: { maxConnections?: number; onIdleConnectionError?: (error: Error) => void } = {},
): Database {
  // We build the Pool ourselves (instead of letting the adapter do it) so it can be observed; $disconnect still
  // ends it.
  const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10 });
  // An idle connection the database dropped (restart, network cut) leaves the pool, and the next query opens a new
  // one; unheard, pg's 'error' event would throw and take the process down.
  pool.on("error", options.onIdleConnectionError ?? (() => {}));
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/** The connection pool of a client made by createDatabase. */
export function databasePool(db: Database): pg.Pool | undefined {
  return pools.get(db);
}

export async function isDatabaseReachable(db: Database): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
