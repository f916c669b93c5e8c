import { parseOcppDateTime } from "../ocpp/date-time.js";
import type { Database } from "../db/client.js";
import { asModel, asTransaction, type Sql, type SqlQuery } from "../db/sql.js";
import type { EventBus } from "../events/event-bus.js";
import type { IdTag, Transaction } from "../generated/prisma/client.js";
import type { FrameRecord } from "../ocpp/connection.js";
import type { MeterValuesRequest, StartTransactionRequest, StopTransactionRequest } from "../generated/ocpp-types.js";
import { type AuthorizationService, toIdTagInfo } from "./authorization.js";
import type { AuditLog, ClaimedFrame } from "./audit-log.js";
import type { StateWriter } from "./state-writer.js";
import { latestEnergyRegisterWh, sampleKey, toMeterReadings } from "./meter-readings.js";
import type { IdTagInfo } from "./ocpp-shapes.js";

/** A row of the transactions table as Prisma would return it. */

/** PostgreSQL's codes for a transaction that lost a lock race and may simply be run again. */
const RETRYABLE = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 5;
const isRetryable = (error: unknown) => RETRYABLE.has((error as { code?: string } | null)?.code ?? "");

/** Energy delivered so far: from the stop reading when stopped, else from the latest register reading. */
export function energyDeliveredWh(transaction: Pick<Transaction, "meterStart" | "meterStop" | "lastMeterWh">): number {
  const latest = transaction.meterStop ?? transaction.lastMeterWh;
  // Subtracted as 64-bit integers: exact, and a number again (exact up to 2^53 Wh) only for the result.
  return latest === null || latest < transaction.meterStart ? 0 : Number(latest - transaction.meterStart);
}

/** closeTransaction named a transaction that does not exist. */
export class TransactionNotFoundError extends Error {
  override name = "TransactionNotFoundError";
}

/** closeTransaction named a transaction that is already stopped or closed. */
export class TransactionNotOpenError extends Error {
  override name = "TransactionNotOpenError";
}

/** Records an action taken on a station's data in the audit log, with who took it. */
export type ActionRecorder = (entry: { chargePointId: string; action: string; payload: object }) => void;

type Start = { key: StartKey; reservationId: number | null };
type StartOutcome =
  | { retransmission: true; transaction: Transaction; superseded: Transaction[] }
  | {
      retransmission: false;
      transaction: Transaction;
      idTagInfo: IdTagInfo;
      superseded: Transaction[];
      auditIds: AuditIds;
    };
/** The ids of the audit entries a statement stored (see ClaimedFrame.ctes). */
type AuditIds = string[] | null;

type StartKey = {
  chargePointId: string;
  connectorId: number;
  idTag: string;
  meterStart: number;
  startedAt: Date;
};

export class TransactionService {
  constructor(
    private readonly db: Database,
    private readonly sql: Sql,
    private readonly events: EventBus,
    private readonly authorization: AuthorizationService,
    private readonly writer: StateWriter,
    private readonly audit: AuditLog,
    private readonly recordAction: ActionRecorder = () => {},
  ) {}

  /**
   * Records a started transaction and returns its id. A StartTransaction resent after a lost answer carries the same
   * station, connector, idTag, meterStart and timestamp: it gets the same transactionId and creates nothing.
   *
   * Plain SQL on the pool, not Prisma: a reconnect storm of 400 chargers starting at once queued on Prisma's
   * interactive transactions, whose 2 s wait for a connection answered up to 56 % of them with InternalError.
   *
   * `frame` (the StartTransaction CALL) is stored in the statement or transaction that stores the start, or alone
   * when nothing is stored (a retransmission), before the answer: kill -9 cannot lose a frame that was answered.
   */
  start(chargePointId: string, request: StartTransactionRequest, frame?: FrameRecord) {
    return this.audit.storeWith(frame, (claimed) => this.startWith(chargePointId, request, claimed));
  }

  private async startWith(chargePointId: string, request: StartTransactionRequest, claimed: ClaimedFrame) {
    const key: StartKey = {
      chargePointId,
      connectorId: request.connectorId,
      idTag: request.idTag,
      meterStart: request.meterStart,
      startedAt: parseOcppDateTime(request.timestamp),
    };
    const [existing, tag] = await Promise.all([
      this.findByStartKey(this.sql.query, key),
      this.sql.query<Record<string, unknown>>("SELECT * FROM id_tags WHERE id_tag = $1", [request.idTag]),
    ]);
    if (existing) return { transaction: existing, idTagInfo: await this.answerGiven(existing) };
    const authorized = toIdTagInfo(tag[0] ? asModel<IdTag>(tag[0]) : null);
    const start = { key, reservationId: request.reservationId ?? null };

    // Nearly always one statement does it all; when a unique index said no, the careful path finds out why.
    const first = await this.supersedeAndInsert(this.sql.query, start, authorized, null, claimed).catch(
      (error: unknown) => {
        // A lost lock race (deadlock) changed nothing: the careful path runs it again.
        if (isRetryable(error)) return { transaction: undefined, closed: [], id: null, auditIds: null };
        throw error;
      },
    );
    let outcome: StartOutcome;
    if (first.transaction) {
      outcome = {
        retransmission: false,
        transaction: first.transaction,
        idTagInfo: authorized,
        superseded: first.closed,
        auditIds: first.auditIds,
      };
    } else {
      outcome = await this.startCarefully(start, authorized, first, claimed);
      if (outcome.retransmission) {
        return { transaction: outcome.transaction, idTagInfo: await this.answerGiven(outcome.transaction) };
      }
    }
    claimed.committed(outcome.auditIds);
    for (const closed of outcome.superseded) this.events.publish("transactionUpdated", closed);
    this.events.publish("transactionUpdated", outcome.transaction);
    return { transaction: outcome.transaction, idTagInfo: outcome.idTagInfo };
  }

  /**
   * A connector runs one transaction at a time, so a new start closes the one still open there (its StopTransaction
   * never came); in the same statement the start is inserted, taking its connector and, when accepted, its tag
   * through unique indexes. The database, not a prior read, decides which of simultaneous starts with one tag wins.
   * Nothing is inserted when a unique index says no: the same start stored meanwhile, the tag active elsewhere, or
   * the connector taken by a start that committed meanwhile. The StartTransaction frame is stored along with the
   * start, and only then.
   */
  private async supersedeAndInsert(
    query: SqlQuery,
    start: Start,
    idTagInfo: IdTagInfo,
    id: number | null,
    claimed: ClaimedFrame,
  ) {
    const { key, reservationId } = start;
    const accepted = idTagInfo.status === "Accepted";
    const audit = claimed.ctes(12, "EXISTS (SELECT 1 FROM inserted)");
    const rows = await query<Record<string, unknown>>(
      `WITH next AS (
         SELECT coalesce($1::int, nextval(pg_get_serial_sequence('transactions', 'transaction_id'))::int) AS id
       ), closed AS (
         UPDATE transactions SET status = 'Closed', stopped_at = GREATEST(started_at, $7::timestamptz),
           close_reason = 'Superseded by transaction ' || (SELECT id FROM next) || ' on the same connector',
           active_id_tag = NULL, active_connector_id = NULL, updated_at = now()
         WHERE charge_point_id = $2 AND active_connector_id = $3
           -- Never the start itself, stored by a resent copy meanwhile.
           AND NOT (id_tag = $4 AND meter_start = $6 AND started_at = $7)
         RETURNING *
       ), inserted AS (
         INSERT INTO transactions (transaction_id, charge_point_id, connector_id, id_tag, id_tag_status, meter_start,
           started_at, reservation_id, status, active_id_tag, active_connector_id, updated_at)
         SELECT (SELECT id FROM next), $2, $3, $4, $5, $6, $7, $8, $9::transaction_status, $10, $11, now()
         -- After the closing: what the closed rows held is free for this one.
         WHERE (SELECT count(*) FROM closed) >= 0
         ON CONFLICT DO NOTHING
         RETURNING *
       ), used AS (
         -- A transaction started on a reservation consumes it (the charger has ended it either way).
         UPDATE reservations SET status = 'Used', transaction_id = (SELECT id FROM next), updated_at = now()
         WHERE reservation_id = $8 AND charge_point_id = $2 AND status = 'Accepted' AND expiry_date > $7
           AND EXISTS (SELECT 1 FROM inserted)
       ), ${audit.text}
       SELECT true AS new_row, (SELECT id FROM next) AS next_id, (SELECT ids FROM audit_ids) AS audit_ids, *
       FROM inserted
       UNION ALL SELECT false, (SELECT id FROM next), NULL, * FROM closed`,
      [
        id,
        key.chargePointId,
        key.connectorId,
        key.idTag,
        idTagInfo.status,
        key.meterStart,
        key.startedAt,
        reservationId,
        accepted ? "Active" : "Refused",
        accepted ? key.idTag : null,
        accepted ? key.connectorId : null,
        audit.value,
      ],
    );
    let transaction: Transaction | undefined;
    let auditIds: AuditIds = null;
    const closed: Transaction[] = [];
    for (const { new_row: isNew, next_id: _nextId, audit_ids: ids, ...row } of rows) {
      if (isNew) {
        transaction = asTransaction(row);
        auditIds = ids as AuditIds;
      } else closed.push(asTransaction(row));
    }
    return { transaction, closed, id: (rows[0]?.next_id as number | undefined) ?? id, auditIds };
  }

  /** After a unique index said no: in one database transaction, find out why and record the start accordingly. */
  private async startCarefully(
    start: Start,
    authorized: IdTagInfo,
    first: { closed: Transaction[]; id: number | null },
    claimed: ClaimedFrame,
  ): Promise<StartOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sql.transaction(async (query) => {
          let idTagInfo = authorized;
          // The transactionId the closed rows already name as their successor.
          let id = first.id;
          const superseded = [...first.closed];
          for (let round = 1; round <= MAX_ATTEMPTS; round++) {
            const existing = await this.findByStartKey(query, start.key);
            if (existing) return { retransmission: true as const, transaction: existing, superseded };
            if (idTagInfo.status === "Accepted") {
              // A holder on this very connector is no reason: this start closes it.
              const holder = await query(
                `SELECT 1 FROM transactions WHERE active_id_tag = $1
                 AND NOT (charge_point_id = $2 AND active_connector_id = $3)`,
                [start.key.idTag, start.key.chargePointId, start.key.connectorId],
              );
              if (holder.length > 0) idTagInfo = { ...idTagInfo, status: "ConcurrentTx" };
            }
            const attempt = await this.supersedeAndInsert(query, start, idTagInfo, id, claimed);
            superseded.push(...attempt.closed);
            id = attempt.id;
            if (attempt.transaction) {
              const { transaction, auditIds } = attempt;
              return { retransmission: false as const, transaction, idTagInfo, superseded, auditIds };
            }
            // The connector was taken by a start that committed meanwhile: the next round closes that one.
          }
          throw new Error(`StartTransaction on ${start.key.chargePointId}/${start.key.connectorId} kept colliding`);
        });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      }
    }
  }

  private async findByStartKey(query: SqlQuery, key: StartKey): Promise<Transaction | undefined> {
    const [row] = await query<Record<string, unknown>>(
      `SELECT * FROM transactions
       WHERE charge_point_id = $1 AND connector_id = $2 AND id_tag = $3 AND meter_start = $4 AND started_at = $5`,
      [key.chargePointId, key.connectorId, key.idTag, key.meterStart, key.startedAt],
    );
    return row && asTransaction(row);
  }

  /** A retried StartTransaction gets the status it was first given (ConcurrentTx included), with current details. */
  private async answerGiven(transaction: Transaction): Promise<IdTagInfo> {
    const info = await this.authorization.idTagInfo(transaction.idTag);
    return { ...info, status: transaction.idTagStatus as IdTagInfo["status"] };
  }

  /**
   * Closes a transaction whose StopTransaction never came, on an admin's word; recorded in the audit log with the
   * actor. A StopTransaction that still arrives afterwards is recorded as the charger's stop.
   */
  async close(transactionId: number, reason: string): Promise<Transaction> {
    const [row] = await this.sql.query<Record<string, unknown>>(
      `UPDATE transactions SET status = CASE WHEN status = 'Refused' THEN status ELSE 'Closed' END,
         stopped_at = GREATEST(started_at, now()), close_reason = $2, active_id_tag = NULL, active_connector_id = NULL,
         updated_at = now()
       WHERE transaction_id = $1 AND stopped_at IS NULL
       RETURNING *`,
      [transactionId, reason],
    );
    if (!row) {
      const found = await this.db.transaction.findUnique({ where: { transactionId }, select: { status: true } });
      if (!found) throw new TransactionNotFoundError(`No transaction ${transactionId}`);
      throw new TransactionNotOpenError(`Transaction ${transactionId} is ${found.status}, not open`);
    }
    const closed = asTransaction(row);
    this.recordAction({
      chargePointId: closed.chargePointId,
      action: "CloseTransaction",
      payload: { transactionId, reason },
    });
    this.events.publish("transactionUpdated", closed);
    return closed;
  }

  /**
   * Completes a transaction. An unknown transactionId is still answered, so the charger can empty its queue; a
   * repeated stop of a finished transaction changes nothing. A transaction the central system closed still takes the
   * charger's late stop (its meter reading is what the session is billed by); a refused one stays Refused.
   *
   * Plain SQL, one statement: the stop, its meter readings and the StopTransaction frame (`frame`) are stored together
   * (the frame alone when nothing changes), before the answer. Through Prisma's interactive transactions, 400 stops at
   * once queued on its 2 s wait for a pooled connection and up to a fifth were answered with InternalError.
   */
  stop(chargePointId: string, request: StopTransactionRequest, frame?: FrameRecord) {
    return this.audit.storeWith(frame, (claimed) => this.stopWith(chargePointId, request, claimed));
  }

  private async stopWith(chargePointId: string, request: StopTransactionRequest, claimed: ClaimedFrame) {
    const [tag, [found]] = await Promise.all([
      request.idTag
        ? this.sql.query<Record<string, unknown>>("SELECT * FROM id_tags WHERE id_tag = $1", [request.idTag])
        : undefined,
      this.sql.query<Record<string, unknown>>(
        "SELECT * FROM transactions WHERE transaction_id = $1 AND charge_point_id = $2",
        [request.transactionId, chargePointId],
      ),
    ]);
    const idTagInfo = tag && toIdTagInfo(tag[0] ? asModel<IdTag>(tag[0]) : null);
    if (!found) return { transaction: null, idTagInfo };
    const transaction = asTransaction(found);
    if (transaction.stoppedAt && transaction.status !== "Closed") return { transaction, idTagInfo };

    const readings = toMeterReadings(request.transactionData ?? []).map((reading) => ({
      ...reading,
      sampleKey: sampleKey(transaction, reading),
    }));
    const audit = claimed.ctes(8);
    // The WHERE decides again what the read above did: of two stops arriving together, one stops the transaction.
    const [row] = await this.sql.query<Record<string, unknown>>(
      `WITH stopped AS (
         UPDATE transactions SET meter_stop = $3::bigint, last_meter_wh = $3::bigint, stopped_at = $4,
           stop_reason = $5, stop_id_tag = $6, status = CASE WHEN status = 'Refused' THEN status ELSE 'Stopped' END,
           active_id_tag = NULL, active_connector_id = NULL, updated_at = now()
         WHERE transaction_id = $1 AND charge_point_id = $2 AND (stopped_at IS NULL OR status = 'Closed')
         RETURNING *
       ), reading AS (
         INSERT INTO meter_values
           (charge_point_id, connector_id, transaction_id, timestamp, value, context, format, measurand, phase,
            location, unit, sample_key)
         SELECT s.charge_point_id, s.connector_id, s.transaction_id, r.timestamp, r.value, r.context, r.format,
                r.measurand, r.phase, r.location, r.unit, r."sampleKey"
         FROM ROWS FROM (json_to_recordset($7::json) AS (
           timestamp timestamptz, value text, context text, format text, measurand text, phase text, location text,
           unit text, "sampleKey" uuid
         )) WITH ORDINALITY AS r
         CROSS JOIN stopped AS s
         ORDER BY r.ordinality
         -- A sample the charger already sent in a MeterValues (or a retransmitted stop) is stored once.
         ON CONFLICT (sample_key) DO NOTHING
       ), ${audit.text}
       SELECT (SELECT ids FROM audit_ids) AS audit_ids, s.* FROM (VALUES (1)) AS one (x) LEFT JOIN stopped AS s ON true`,
      [
        transaction.transactionId,
        chargePointId,
        request.meterStop,
        parseOcppDateTime(request.timestamp),
        // OCPP 1.6: an absent reason means Local.
        request.reason ?? "Local",
        request.idTag ?? null,
        JSON.stringify(readings),
        audit.value,
      ],
    );
    const { audit_ids: auditIds, ...stoppedRow } = row!;
    claimed.committed(auditIds as AuditIds);
    // Another stop of the same transaction came first: this one changed nothing, as a repeated stop does.
    if (stoppedRow.transaction_id === null) return { transaction, idTagInfo };
    const stopped = asTransaction(stoppedRow);
    this.events.publish("transactionUpdated", stopped);
    return { transaction: stopped, idTagInfo };
  }

  /** Stores every sampled value; readings for a transaction of this station are linked to it and advance its energy. */
  meterValues(chargePointId: string, request: MeterValuesRequest, frame?: FrameRecord): Promise<void> {
    const readings = toMeterReadings(request.meterValue);
    return this.writer.meterValues(
      {
        chargePointId,
        connectorId: request.connectorId,
        transactionId: request.transactionId ?? null,
        readings,
        energyWh: latestEnergyRegisterWh(readings),
      },
      frame,
    );
  }
}
