import type pg from "pg";
import type { Transaction } from "../generated/prisma/client.js";
import { type Database, databasePool } from "./client.js";

export type SqlQuery = <Row>(text: string, values?: unknown[]) => Promise<Row[]>;

/**
 * Plain SQL on the connection pool behind Prisma, for the multi-row writes of the OCPP hot path (audit log, group
 * commits). Prisma's raw queries pass every parameter through its WebAssembly query compiler as JSON, which at a few
 * thousand messages a second cost more CPU than everything else the server does. Rows go in as one JSON document
 * (`json_to_recordset`), which PostgreSQL parses far faster than the driver can escape array literals.
 */
export class Sql {
  constructor(private readonly pool: pg.Pool) {}

  static of(db: Database): Sql {
    const pool = databasePool(db);
    if (!pool) throw new Error("Plain SQL needs a database client made by createDatabase");
    return new Sql(pool);
  }

  query: SqlQuery = async <Row>(text: string, values?: unknown[]) =>
    (await this.pool.query(text, values)).rows as Row[];

  /** Runs the statements on one connection inside BEGIN/COMMIT; rolls back when one fails. */
  async transaction<T>(work: (query: SqlQuery) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A connection that dies while checked out emits 'error' besides failing its query; unheard, it would throw.
    const onError = (error: Error) => (broken = error);
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      const result = await work(async <Row>(text: string, values?: unknown[]) => {
        return (await client.query(text, values)).rows as Row[];
      });
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      // A connection that could not even roll back is not given to anybody else.
      client.removeListener("error", onError);
      client.release(broken);
    }
  }
}

const camelCase = (column: string) => column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
const fieldNames = new Map<string, string>();

/**
 * A row of `RETURNING *` or `SELECT *` as Prisma would return it: the schema maps every field to its snake_case
 * column (`chargePointId` ↔ `charge_point_id`), and the driver already gives Dates, numbers, booleans and arrays.
 * Models with BigInt or Decimal columns, which the driver returns as strings, need their own mapper (asTransaction).
 */
export function asModel<Model>(row: Record<string, unknown>): Model {
  const model: Record<string, unknown> = {};
  for (const column in row) {
    let field = fieldNames.get(column);
    if (field === undefined) fieldNames.set(column, (field = camelCase(column)));
    model[field] = row[column];
  }
  return model as Model;
}

/** A transactions row as Prisma reads it: the driver returns its bigint energy columns as strings. */
export function asTransaction(row: Record<string, unknown>): Transaction {
  const transaction = asModel<Transaction>(row);
  const bigint = (value: unknown) => (value === null ? null : BigInt(value as string));
  return {
    ...transaction,
    meterStart: bigint(transaction.meterStart)!,
    meterStop: bigint(transaction.meterStop),
    lastMeterWh: bigint(transaction.lastMeterWh),
  };
}

/**
 * One statement of a group commit (see StateWriter), built by the store that owns its tables, and what that store
 * publishes from the rows it returns once the batch committed.
 */
export type BatchStatement = {
  text: string;
  values: unknown[];
  publish: (rows: Array<Record<string, unknown>>) => void;
};
