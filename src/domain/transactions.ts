import type { Database } from "../db/client.js";
import { asModel, type Sql, type SqlQuery } from "../db/sql.js";
import type { EventBus } from "../events/event-bus.js";
import type { IdTag, Transaction } from "../generated/prisma/client.js";
import type { MeterValuesRequest, StartTransactionRequest, StopTransactionRequest } from "../generated/ocpp-types.js";
import { type AuthorizationService, toIdTagInfo } from "./authorization.js";
import type { StateWriter } from "./state-writer.js";
import { latestEnergyRegisterWh, type MeterReading, toMeterReadings } from "./meter-readings.js";
import type { IdTagInfo } from "./ocpp-shapes.js";

/** A row of the transactions table as Prisma would return it. */
const asTransaction = (row: Record<string, unknown>) => asModel<Transaction>(row);

/** PostgreSQL's codes for a transaction that lost a lock race and may simply be run again. */
const RETRYABLE = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 5;

/** Energy delivered so far: from the stop reading when stopped, else from the latest register reading. */
export function energyDeliveredWh(transaction: Pick<Transaction, "meterStart" | "meterStop" | "lastMeterWh">): number {
  const latest = transaction.meterStop ?? transaction.lastMeterWh;
  return latest === null ? 0 : Math.max(0, latest - transaction.meterStart);
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
    private readonly recordAction: ActionRecorder = () => {},
  ) {}

  /**
   * Records a started transaction and returns its id. A StartTransaction resent after a lost answer carries the same
   * station, connector, idTag, meterStart and timestamp: it gets the same transactionId and creates nothing.
   *
   * Plain SQL on the pool, not Prisma: a reconnect storm of 400 chargers starting at once queued on Prisma's
   * interactive transactions, whose 2 s wait for a connection answered up to 56 % of them with InternalError.
   */
  async start(chargePointId: string, request: StartTransactionRequest) {
    const key: StartKey = {
      chargePointId,
      connectorId: request.connectorId,
      idTag: request.idTag,
      meterStart: request.meterStart,
      startedAt: new Date(request.timestamp),
    };
    const existing = await this.findByStartKey(this.sql.query, key);
    if (existing) return { transaction: existing, idTagInfo: await this.answerGiven(existing) };

    const [tag] = await this.sql.query<Record<string, unknown>>("SELECT * FROM id_tags WHERE id_tag = $1", [
      request.idTag,
    ]);
    const authorized = toIdTagInfo(tag ? asModel<IdTag>(tag) : null);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.sql.transaction((query) =>
          this.insertStart(query, key, authorized, request.reservationId ?? null),
        );
        if (outcome.retransmission) {
          return { transaction: outcome.transaction, idTagInfo: await this.answerGiven(outcome.transaction) };
        }
        for (const closed of outcome.superseded) this.events.publish("transactionUpdated", closed);
        this.events.publish("transactionUpdated", outcome.transaction);
        return { transaction: outcome.transaction, idTagInfo: outcome.idTagInfo };
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? "")) throw error;
      }
    }
  }

  /**
   * One start, in one database transaction. A connector runs one transaction at a time, so a new start closes the
   * one still open there (its StopTransaction never came). An accepted start takes its tag and connector through
   * unique indexes; the database, not a prior read, decides which of simultaneous starts with one tag wins, and the
   * others are refused with ConcurrentTx.
   */
  private async insertStart(query: SqlQuery, key: StartKey, authorized: IdTagInfo, reservationId: number | null) {
    let idTagInfo = authorized;
    const superseded: Transaction[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const closed = await query<Record<string, unknown>>(
        `UPDATE transactions SET status = 'Closed', stopped_at = GREATEST(started_at, $3::timestamptz),
           close_reason = 'Superseded by a later start on the same connector', active_id_tag = NULL,
           active_connector_id = NULL, updated_at = now()
         WHERE charge_point_id = $1 AND active_connector_id = $2
         RETURNING *`,
        [key.chargePointId, key.connectorId, key.startedAt],
      );
      superseded.push(...closed.map(asTransaction));

      const accepted = idTagInfo.status === "Accepted";
      const [inserted] = await query<Record<string, unknown>>(
        `INSERT INTO transactions (charge_point_id, connector_id, id_tag, id_tag_status, reservation_id, meter_start,
           started_at, status, active_id_tag, active_connector_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::transaction_status, $9, $10, now())
         ON CONFLICT DO NOTHING
         RETURNING *`,
        [
          key.chargePointId,
          key.connectorId,
          key.idTag,
          idTagInfo.status,
          reservationId,
          key.meterStart,
          key.startedAt,
          accepted ? "Active" : "Refused",
          accepted ? key.idTag : null,
          accepted ? key.connectorId : null,
        ],
      );
      if (inserted) {
        const transaction = asTransaction(inserted);
        if (superseded.length > 0) await this.nameSuccessor(query, superseded, transaction.transactionId);
        if (reservationId !== null) {
          // A transaction started on a reservation consumes it (the charger has ended the reservation either way).
          await query(
            `UPDATE reservations SET status = 'Used', transaction_id = $1, updated_at = now()
             WHERE reservation_id = $2 AND charge_point_id = $3 AND status = 'Accepted' AND expiry_date > $4`,
            [transaction.transactionId, reservationId, key.chargePointId, key.startedAt],
          );
        }
        return { retransmission: false as const, transaction, idTagInfo, superseded };
      }

      // Nothing inserted: which unique index said no? The same start, committed meanwhile by a retransmission...
      const existing = await this.findByStartKey(query, key);
      if (existing) return { retransmission: true as const, transaction: existing, superseded };
      // ...the tag, active in another transaction (refused, but recorded)...
      if (accepted) {
        const holder = await query("SELECT 1 FROM transactions WHERE active_id_tag = $1", [key.idTag]);
        if (holder.length > 0) idTagInfo = { ...idTagInfo, status: "ConcurrentTx" };
      }
      // ...or the connector, taken by a start that committed meanwhile: the next round closes it.
    }
    throw new Error(`StartTransaction on ${key.chargePointId}/${key.connectorId} kept colliding`);
  }

  private async nameSuccessor(query: SqlQuery, superseded: Transaction[], successorId: number) {
    const reason = `Superseded by transaction ${successorId} on the same connector`;
    await query("UPDATE transactions SET close_reason = $1 WHERE transaction_id = ANY($2::int[])", [
      reason,
      superseded.map((transaction) => transaction.transactionId),
    ]);
    for (const transaction of superseded) transaction.closeReason = reason;
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
   */
  async stop(chargePointId: string, request: StopTransactionRequest) {
    const idTagInfo = request.idTag ? await this.authorization.idTagInfo(request.idTag) : undefined;
    const transaction = await this.db.transaction.findFirst({
      where: { transactionId: request.transactionId, chargePointId },
    });
    if (!transaction) return { transaction: null, idTagInfo };
    if (transaction.stoppedAt && transaction.status !== "Closed") return { transaction, idTagInfo };

    const readings = toMeterReadings(request.transactionData ?? []);
    const stopped = await this.db.$transaction(async (tx) => {
      if (readings.length > 0) {
        await tx.meterValue.createMany({ data: readings.map((r) => this.meterValueRow(transaction, r)) });
      }
      return tx.transaction.update({
        where: { transactionId: transaction.transactionId },
        data: {
          meterStop: request.meterStop,
          stoppedAt: new Date(request.timestamp),
          // OCPP 1.6: an absent reason means Local.
          stopReason: request.reason ?? "Local",
          stopIdTag: request.idTag ?? null,
          lastMeterWh: request.meterStop,
          status: transaction.status === "Refused" ? "Refused" : "Stopped",
          activeIdTag: null,
          activeConnectorId: null,
        },
      });
    });
    this.events.publish("transactionUpdated", stopped);
    return { transaction: stopped, idTagInfo };
  }

  /** Stores every sampled value; readings for a transaction of this station are linked to it and advance its energy. */
  meterValues(chargePointId: string, request: MeterValuesRequest): Promise<void> {
    const readings = toMeterReadings(request.meterValue);
    return this.writer.meterValues({
      chargePointId,
      connectorId: request.connectorId,
      transactionId: request.transactionId ?? null,
      readings,
      energyWh: latestEnergyRegisterWh(readings),
    });
  }

  private meterValueRow(
    owner: { chargePointId: string; connectorId: number; transactionId: number | null },
    reading: MeterReading,
  ) {
    return {
      chargePointId: owner.chargePointId,
      connectorId: owner.connectorId,
      transactionId: owner.transactionId,
      ...reading,
    };
  }
}
