import type { EventPublisher } from "../../events/event-bus.js";
import type { OcppMessage } from "../../generated/prisma/client.js";
import { storableText, withStorableText } from "../storable-text.js";
import type { Database } from "../client.js";
import { Sql } from "../sql.js";

/** An audit-log entry as stored; the id is assigned when it is written. */
export type AuditRow = Omit<OcppMessage, "id">;

// PostgreSQL text and jsonb cannot hold U+0000, and jsonb refuses lone UTF-16 surrogates. A frame can carry either
// raw or as a JSON escape (which JSON.parse turns into the real thing), so any sign of them in the raw text means
// every stored string gets cleaned: NUL becomes U+FFFD, and so does a lone surrogate.
const SUSPICIOUS_ESCAPE = /\\u0000|\\u[dD][89a-fA-F]/;
const needsCleaning = (raw: string) => raw.includes("\u0000") || !raw.isWellFormed() || SUSPICIOUS_ESCAPE.test(raw);

/** The entry with its frame's text in a form the table can hold: as it is unless its raw text shows signs. */
export function storableRow(row: AuditRow): AuditRow {
  if (!needsCleaning(row.raw)) return row;
  const text = (value: string | null) => (value === null ? null : storableText(value));
  return {
    ...row,
    uniqueId: text(row.uniqueId),
    action: text(row.action),
    payload: withStorableText(row.payload),
    raw: storableText(row.raw),
    errorCode: text(row.errorCode),
    errorDescription: text(row.errorDescription),
  };
}

/** A claimed frame's insert, for the claimant's own statement: CTEs to put in its WITH list, and their parameter. */
export type FrameCtes = { text: string; value: string };

/**
 * An inbound CALL's frame that another store's statement inserts with its own change (see ClaimedFrame in the audit
 * log): ctes() goes into the statement, committed() is told the ids it returned once it committed.
 */
export type FrameInsertion = {
  ctes(parameter: number, condition?: string): FrameCtes;
  committed(ids: Array<string | number | bigint> | null | undefined): void;
};

/**
 * The CTEs that insert entries given as a JSON array at parameter `$parameter`, when `condition` holds; `audit_ids`
 * is one row whose `ids` are the new ids in the entries' order (null when nothing was inserted). Ids are drawn from
 * the sequence in the same statement, so that each published entry carries its own id without relying on the order
 * of RETURNING.
 */
export const entryCtes = (parameter: number, condition = "true") => `audit_entry AS MATERIALIZED (
     SELECT nextval(pg_get_serial_sequence('ocpp_messages', 'id')) AS id, e.*
     FROM ROWS FROM (json_to_recordset($${parameter}::json) AS (
       "chargePointId" text, direction message_direction, "messageType" message_type, "uniqueId" text,
       action text, payload jsonb, raw text, "errorCode" text, "errorDescription" text, actor text,
       "createdAt" timestamptz
     )) WITH ORDINALITY AS e
     WHERE ${condition}
   ), audit_stored AS (
     INSERT INTO ocpp_messages
       (id, charge_point_id, direction, message_type, unique_id, action, payload, raw, error_code,
        error_description, actor, created_at)
     SELECT id, "chargePointId", direction, "messageType", "uniqueId", action, payload, raw, "errorCode",
            "errorDescription", actor, "createdAt"
     FROM audit_entry
   ), audit_ids AS (
     SELECT array_agg(id ORDER BY ordinality) AS ids FROM audit_entry
   )`;

const INSERT_ENTRIES = `WITH ${entryCtes(1)} SELECT id FROM audit_entry ORDER BY ordinality`;

/** The audit log's table, ocpp_messages: the only code that writes or prunes it, and publishes what was stored. */
export class AuditStore {
  private readonly sql: Sql;

  constructor(
    private readonly db: Database,
    private readonly events?: EventPublisher,
  ) {
    this.sql = Sql.of(db);
  }

  /** The statement that inserts rows (for a claimant's own transaction); it returns their ids in order. */
  insertion(rows: AuditRow[]): { text: string; values: unknown[] } {
    return { text: INSERT_ENTRIES, values: [JSON.stringify(rows)] };
  }

  /** Inserts rows in one statement; their ids, in order. */
  insert(rows: AuditRow[]): Promise<Array<{ id: string }>> {
    const { text, values } = this.insertion(rows);
    return this.sql.query<{ id: string }>(text, values);
  }

  /** An entry was committed with this id (by this store or in a claimant's transaction): live subscribers see it. */
  published(row: AuditRow, id: string | number | bigint): void {
    this.events?.publish("ocppMessageLogged", { id: BigInt(id), ...row });
  }

  /**
   * Deletes at most `batchSize` of the oldest entries created before `cutoff`; how many it deleted.
   * `id = ANY(ARRAY(...))` makes the delete itself go through the primary key (with `id IN (...)` PostgreSQL hashes
   * the batch and scans the whole table for every batch). SKIP LOCKED lets several instances prune side by side.
   */
  deleteOlderThan(cutoff: Date, batchSize: number): Promise<number> {
    return this.db.$executeRaw`
      DELETE FROM ocpp_messages
      WHERE id = ANY(ARRAY(
        SELECT id FROM ocpp_messages
        WHERE created_at < ${cutoff}
        ORDER BY created_at
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED
      ))`;
  }
}
