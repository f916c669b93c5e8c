import type { Authorization } from "../../features/authorization/authorization-rules.js";
import type { ClaimedFrame } from "../../features/audit/audit-log.js";
import { type MeterReading, sampleKey } from "../../features/transactions/meter-readings.js";
import {
  type SessionEvent,
  type SessionFacts,
  type SessionOutcome,
  type SessionState,
  staleOfTwo,
} from "../../features/transactions/session-rules.js";
import type { EventPublisher } from "../../events/event-bus.js";
import type { Transaction } from "../../generated/prisma/client.js";
import type { Database } from "../client.js";
import { asModel, asTransaction, type BatchStatement, type Sql, type SqlQuery } from "../sql.js";
import { consumeReservationOnStart } from "./reservations.js";

/** PostgreSQL's codes for a transaction that lost a lock race and may simply be run again. */
const RETRYABLE = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 5;
const codeOf = (error: unknown) => (error as { code?: string } | null)?.code ?? "";
const isRetryable = (error: unknown) => RETRYABLE.has(codeOf(error));
/** A unique index said no: a session event decides again once the row that took the index is visible. */
const UNIQUE_VIOLATION = "23505";

/** What identifies a start: the same start sent again carries the same key. */
export type StartKey = {
  chargePointId: string;
  connectorId: number;
  idTag: string;
  meterStartWh: number;
  startedAt: Date;
};
export type StartRecord = { key: StartKey; reservationId: number | null };

/** How a start was stored: anew with the decision it was given, or found stored already (a retransmission). */
export type StoredStart =
  | { retransmission: true; transaction: Transaction }
  | { retransmission: false; transaction: Transaction; authorization: Authorization };

/** Decides again, inside the careful path's database transaction, whether an accepted tag holds another session. */
export type StartDecision = (authorization: Authorization, facts: { activeElsewhere: boolean }) => Authorization;

export type StopRecord = {
  meterStopWh: number;
  stoppedAt: Date;
  reason: string;
  idTag: string | null;
  readings: MeterReading[];
};

/** The ids of the audit entries a statement stored (see ClaimedFrame.ctes). */
type AuditIds = string[] | null;
type Attempt = { transaction: Transaction | undefined; closed: Transaction[]; id: number | null; auditIds: AuditIds };

/** Who reported readings, what they were and the latest energy register among them (Wh), for the group commit. */
export type MeterReport = {
  chargePointId: string;
  evseId: number | null;
  connectorId: number | null;
  transactionId: number | null;
  readings: MeterReading[];
  /** The latest energy register reading in Wh, when the report has one. */
  energyWh: number | undefined;
};

/** Decides what an event does to its session from the stored session (undefined: none yet) and what else is known. */
export type SessionDecision = (current: SessionState | undefined, facts: SessionFacts) => SessionOutcome;

/** A session event stored with the answer it was given, or found stored already (the same event resent). */
export type StoredSessionEvent<Answer> = { retransmission: boolean; transaction: Transaction; answer: Answer };

/** The energy register readings of a stored session that decide its meter start and latest meter. */
const ENERGY_REGISTER = `coalesce(measurand, 'Energy.Active.Import.Register') = 'Energy.Active.Import.Register' AND phase IS NULL`;

/**
 * The only writer of the transactions, transaction_events and meter_values tables (meter values reported outside a stop go through the
 * state writer's group commit, with meterValuesStatement), and the only publisher of transactionUpdated, once
 * a write committed.
 *
 * Plain SQL on the pool, not Prisma: a reconnect storm of 400 chargers starting at once queued on Prisma's
 * interactive transactions, whose 2 s wait for a connection answered up to 56 % of them with InternalError; 400
 * stops at once, up to a fifth.
 */
export class TransactionStore {
  constructor(
    private readonly db: Database,
    private readonly sql: Sql,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Readings are linked to their transaction only when it belongs to the reporting station; the station's active
   * transactions that were reported on get their latest energy reading and are published. The state writer runs it in
   * its group commit (see state-writer.ts).
   */
  meterValuesStatement(reports: MeterReport[]): BatchStatement {
    const readings = reports.flatMap((report) =>
      report.readings.map((reading) => ({
        chargePointId: report.chargePointId,
        evseId: report.evseId,
        connectorId: report.connectorId,
        transactionId: report.transactionId,
        ...reading,
        sampleKey: sampleKey(report, reading),
      })),
    );
    const reported = new Map<number, { chargePointId: string; wh: number | null }>();
    for (const report of reports) {
      if (report.transactionId === null) continue;
      const wh = report.energyWh ?? reported.get(report.transactionId)?.wh ?? null;
      reported.set(report.transactionId, { chargePointId: report.chargePointId, wh });
    }
    return {
      text: `
        WITH reading AS (
          INSERT INTO meter_values
            (charge_point_id, evse_id, connector_id, transaction_id, timestamp, value, context, format, measurand,
             phase, location, unit, sample_key)
          SELECT r."chargePointId", r."evseId", r."connectorId", t.transaction_id, r.timestamp, r.value, r.context, r.format,
                 r.measurand, r.phase, r.location, r.unit, r."sampleKey"
          FROM ROWS FROM (json_to_recordset($1::json) AS (
            "chargePointId" text, "evseId" int, "connectorId" int, "transactionId" int, timestamp timestamptz, value text,
            context text, format text, measurand text, phase text, location text, unit text, "sampleKey" uuid
          )) WITH ORDINALITY AS r
          LEFT JOIN transactions AS t
            ON t.transaction_id = r."transactionId" AND t.charge_point_id = r."chargePointId"
          ORDER BY r.ordinality
          -- Samples sent again (a retransmission after a lost answer) are stored once.
          ON CONFLICT (sample_key) DO NOTHING
        )
        UPDATE transactions AS t SET last_meter_wh = coalesce(v.wh, t.last_meter_wh), updated_at = now()
        FROM json_to_recordset($2::json) AS v(id int, "chargePointId" text, wh bigint)
        WHERE t.transaction_id = v.id AND t.charge_point_id = v."chargePointId" AND t.stopped_at IS NULL
        RETURNING t.*`,
      values: [
        JSON.stringify(readings),
        JSON.stringify([...reported].map(([id, { chargePointId, wh }]) => ({ id, chargePointId, wh }))),
      ],
      publish: (rows) => rows.forEach((row) => this.events.publish("transactionUpdated", asTransaction(row))),
    };
  }

  async findByStartKey(key: StartKey, query: SqlQuery = this.sql.query): Promise<Transaction | undefined> {
    const [row] = await query<Record<string, unknown>>(
      `SELECT * FROM transactions
       WHERE charge_point_id = $1 AND connector_id = $2 AND id_tag = $3 AND meter_start = $4 AND started_at = $5`,
      [key.chargePointId, key.connectorId, key.idTag, key.meterStartWh, key.startedAt],
    );
    return row && asTransaction(row);
  }

  async findOnStation(transactionId: number, chargePointId: string): Promise<Transaction | undefined> {
    const [row] = await this.sql.query<Record<string, unknown>>(
      "SELECT * FROM transactions WHERE transaction_id = $1 AND charge_point_id = $2",
      [transactionId, chargePointId],
    );
    return row && asTransaction(row);
  }

  /**
   * Stores a start with the decision it was given, and the frame (`claimed`) with it. Nearly always one statement
   * does it all; when a unique index said no, the careful path finds out why, deciding again with `decide`.
   */
  async insertStart(
    start: StartRecord,
    authorization: Authorization,
    decide: StartDecision,
    claimed: ClaimedFrame,
  ): Promise<StoredStart> {
    const first = await this.supersedeAndInsert(this.sql.query, start, authorization, null, claimed).catch(
      (error: unknown): Attempt => {
        // A lost lock race (deadlock) changed nothing: the careful path runs it again.
        if (isRetryable(error)) return { transaction: undefined, closed: [], id: null, auditIds: null };
        throw error;
      },
    );
    let outcome: {
      transaction: Transaction;
      authorization: Authorization;
      superseded: Transaction[];
      auditIds: AuditIds;
    };
    if (first.transaction) {
      outcome = { transaction: first.transaction, authorization, superseded: first.closed, auditIds: first.auditIds };
    } else {
      const careful = await this.startCarefully(start, authorization, decide, first, claimed);
      if (careful.retransmission) return { retransmission: true, transaction: careful.transaction };
      outcome = careful;
    }
    claimed.committed(outcome.auditIds);
    for (const closed of outcome.superseded) this.events.publish("transactionUpdated", closed);
    this.events.publish("transactionUpdated", outcome.transaction);
    return { retransmission: false, transaction: outcome.transaction, authorization: outcome.authorization };
  }

  /**
   * A connector runs one transaction at a time, so a new start closes the one still open there (its stop never
   * came); in the same statement the start is inserted, taking its connector and, when accepted, its tag through
   * unique indexes. The database, not a prior read, decides which of simultaneous starts with one tag wins. Nothing
   * is inserted when a unique index says no: the same start stored meanwhile, the tag active elsewhere, or the
   * connector taken by a start that committed meanwhile. The charger's frame is stored along with the start, and
   * only then.
   */
  private async supersedeAndInsert(
    query: SqlQuery,
    start: StartRecord,
    authorization: Authorization,
    id: number | null,
    claimed: ClaimedFrame,
  ): Promise<Attempt> {
    const { key, reservationId } = start;
    const accepted = authorization.status === "Accepted";
    const audit = claimed.ctes(12, "EXISTS (SELECT 1 FROM inserted)");
    const rows = await query<Record<string, unknown>>(
      `WITH next AS (
         SELECT coalesce($1::int, nextval(pg_get_serial_sequence('transactions', 'transaction_id'))::int) AS id
       ), closed AS (
         UPDATE transactions SET status = 'Closed', stopped_at = GREATEST(started_at, $7::timestamptz),
           close_reason = 'Superseded by transaction ' || (SELECT id FROM next) || ' on the same connector',
           active_id_tag = NULL, active_evse_id = NULL, updated_at = now()
         WHERE charge_point_id = $2 AND active_evse_id = $3
           -- Never the start itself, stored by a resent copy meanwhile.
           AND NOT (id_tag = $4 AND meter_start = $6 AND started_at = $7)
         RETURNING *
       ), inserted AS (
         INSERT INTO transactions (transaction_id, charge_point_id, evse_id, connector_id, id_tag, id_tag_status,
           meter_start, started_at, reservation_id, status, active_id_tag, active_evse_id, updated_at)
         SELECT (SELECT id FROM next), $2, $3, $3, $4, $5, $6, $7, $8, $9::transaction_status, $10, $11, now()
         -- After the closing: what the closed rows held is free for this one.
         WHERE (SELECT count(*) FROM closed) >= 0
         ON CONFLICT DO NOTHING
         RETURNING *
       ), used AS (
         ${consumeReservationOnStart({
           reservationId: "$8",
           chargePointId: "$2",
           transactionId: "(SELECT id FROM next)",
           startedAt: "$7",
           inserted: "inserted",
         })}
       ), ${audit.text}
       SELECT true AS new_row, (SELECT id FROM next) AS next_id, (SELECT ids FROM audit_ids) AS audit_ids, *
       FROM inserted
       UNION ALL SELECT false, (SELECT id FROM next), NULL, * FROM closed`,
      [
        id,
        key.chargePointId,
        key.connectorId,
        key.idTag,
        authorization.status,
        key.meterStartWh,
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
    start: StartRecord,
    authorized: Authorization,
    decide: StartDecision,
    first: { closed: Transaction[]; id: number | null },
    claimed: ClaimedFrame,
  ) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sql.transaction(async (query) => {
          let authorization = authorized;
          // The transactionId the closed rows already name as their successor.
          let id = first.id;
          const superseded = [...first.closed];
          for (let round = 1; round <= MAX_ATTEMPTS; round++) {
            const existing = await this.findByStartKey(start.key, query);
            if (existing) return { retransmission: true as const, transaction: existing, superseded };
            const holder = await query(
              `SELECT 1 FROM transactions WHERE active_id_tag = $1
               AND NOT (charge_point_id = $2 AND active_evse_id = $3)`,
              [start.key.idTag, start.key.chargePointId, start.key.connectorId],
            );
            authorization = decide(authorization, { activeElsewhere: holder.length > 0 });
            const attempt = await this.supersedeAndInsert(query, start, authorization, id, claimed);
            superseded.push(...attempt.closed);
            id = attempt.id;
            if (attempt.transaction) {
              const { transaction, auditIds } = attempt;
              return { retransmission: false as const, transaction, authorization, superseded, auditIds };
            }
            // The connector was taken by a start that committed meanwhile: the next round closes that one.
          }
          throw new Error(`A start on ${start.key.chargePointId}/${start.key.connectorId} kept colliding`);
        });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      }
    }
  }

  /**
   * Stops the transaction with its last readings, and stores the frame (`claimed`) in the same statement (the frame
   * alone when nothing changes). Returns the stopped transaction, or undefined when another stop came first.
   */
  async stop(
    transaction: Pick<Transaction, "transactionId" | "chargePointId" | "evseId" | "connectorId">,
    stop: StopRecord,
    claimed: ClaimedFrame,
  ): Promise<Transaction | undefined> {
    const readings = stop.readings.map((reading) => ({ ...reading, sampleKey: sampleKey(transaction, reading) }));
    const audit = claimed.ctes(8);
    // The WHERE decides again what the caller's read did: of two stops arriving together, one stops the transaction.
    const [row] = await this.sql.query<Record<string, unknown>>(
      `WITH stopped AS (
         UPDATE transactions SET meter_stop = $3::bigint, last_meter_wh = $3::bigint, stopped_at = $4,
           stop_reason = $5, stop_id_tag = $6, status = CASE WHEN status = 'Refused' THEN status ELSE 'Stopped' END,
           active_id_tag = NULL, active_evse_id = NULL, updated_at = now()
         WHERE transaction_id = $1 AND charge_point_id = $2 AND (stopped_at IS NULL OR status = 'Closed')
         RETURNING *
       ), reading AS (
         INSERT INTO meter_values
           (charge_point_id, evse_id, connector_id, transaction_id, timestamp, value, context, format, measurand,
            phase, location, unit, sample_key)
         SELECT s.charge_point_id, s.evse_id, s.connector_id, s.transaction_id, r.timestamp, r.value, r.context, r.format,
                r.measurand, r.phase, r.location, r.unit, r."sampleKey"
         FROM ROWS FROM (json_to_recordset($7::json) AS (
           timestamp timestamptz, value text, context text, format text, measurand text, phase text, location text,
           unit text, "sampleKey" uuid
         )) WITH ORDINALITY AS r
         CROSS JOIN stopped AS s
         ORDER BY r.ordinality
         -- A sample the charger already reported (or a retransmitted stop) is stored once.
         ON CONFLICT (sample_key) DO NOTHING
       ), ${audit.text}
       SELECT (SELECT ids FROM audit_ids) AS audit_ids, s.* FROM (VALUES (1)) AS one (x) LEFT JOIN stopped AS s ON true`,
      [
        transaction.transactionId,
        transaction.chargePointId,
        stop.meterStopWh,
        stop.stoppedAt,
        stop.reason,
        stop.idTag,
        JSON.stringify(readings),
        audit.value,
      ],
    );
    const { audit_ids: auditIds, ...stoppedRow } = row!;
    claimed.committed(auditIds as AuditIds);
    if (stoppedRow.transaction_id === null) return undefined;
    const stopped = asTransaction(stoppedRow);
    this.events.publish("transactionUpdated", stopped);
    return stopped;
  }

  /**
   * Stores one numbered event of a session with the answer it was given, its readings and the frame (`claimed`),
   * creating the session at its first event and closing a stale session on its EVSE; the same event resent is
   * answered with the stored answer and changes nothing.
   *
   * One database transaction per event, under a lock on the station's session id: the events of one session are
   * applied one at a time, in the order they arrive, each to what the previous one stored (`decide` computes the
   * change). Between sessions the unique indexes decide, as for a start: when one says no (the token or the EVSE
   * taken by a session that committed meanwhile), the transaction runs again and `decide` sees that session.
   */
  async recordSessionEvent<Answer>(
    chargePointId: string,
    event: SessionEvent,
    decide: SessionDecision,
    answerOf: (outcome: SessionOutcome) => Answer,
    claimed: ClaimedFrame,
  ): Promise<StoredSessionEvent<Answer>> {
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await this.sql.transaction((query) =>
          this.applySessionEvent(query, chargePointId, event, decide, answerOf, claimed),
        );
        if (stored.retransmission) return stored;
        claimed.committed(stored.auditIds);
        for (const closed of stored.closed) this.events.publish("transactionUpdated", closed);
        this.events.publish("transactionUpdated", stored.transaction);
        return { retransmission: false, transaction: stored.transaction, answer: stored.answer };
      } catch (error) {
        const again = isRetryable(error) || codeOf(error) === UNIQUE_VIOLATION;
        if (attempt >= MAX_ATTEMPTS || !again) throw error;
      }
    }
  }

  private async applySessionEvent<Answer>(
    query: SqlQuery,
    chargePointId: string,
    event: SessionEvent,
    decide: SessionDecision,
    answerOf: (outcome: SessionOutcome) => Answer,
    claimed: ClaimedFrame,
  ) {
    const { stationTransactionId } = event;
    await query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
      `session\u0001${chargePointId}\u0001${stationTransactionId}`,
    ]);
    const [seen] = await query<{ answer: Answer | null; latest_seq_no: number | null }>(
      `SELECT (SELECT answer FROM transaction_events
               WHERE charge_point_id = $1 AND station_transaction_id = $2 AND seq_no = $3) AS answer,
              (SELECT max(seq_no) FROM transaction_events
               WHERE charge_point_id = $1 AND station_transaction_id = $2) AS latest_seq_no`,
      [chargePointId, stationTransactionId, event.seqNo],
    );
    // Locked against a close by an admin or by a later session on its EVSE, which would otherwise be overwritten.
    const [currentRow] = await query<Record<string, unknown>>(
      `SELECT * FROM transactions WHERE charge_point_id = $1 AND station_transaction_id = $2 FOR UPDATE`,
      [chargePointId, stationTransactionId],
    );
    const current = currentRow && asTransaction(currentRow);
    if (seen!.answer !== null && current) {
      return { retransmission: true as const, transaction: current, answer: seen!.answer };
    }
    const id =
      current?.transactionId ??
      (
        await query<{ id: number }>(
          "SELECT nextval(pg_get_serial_sequence('transactions', 'transaction_id'))::int AS id",
        )
      )[0]!.id;
    const storedEnergy = current
      ? await query<Record<string, unknown>>(
          `(SELECT * FROM meter_values WHERE transaction_id = $1 AND ${ENERGY_REGISTER}
            ORDER BY timestamp, id LIMIT 1)
           UNION ALL
           (SELECT * FROM meter_values WHERE transaction_id = $1 AND ${ENERGY_REGISTER}
            ORDER BY timestamp DESC, id DESC LIMIT 1)`,
          [id],
        )
      : [];
    const token = event.token?.idTag;
    const evseId = current?.evseId ?? event.evseId;
    const activeElsewhere =
      !!token &&
      !current?.idTag &&
      (
        await query(
          `SELECT 1 FROM transactions WHERE active_id_tag = $1 AND transaction_id <> $2
           AND NOT coalesce(charge_point_id = $3 AND active_evse_id = $4, false)`,
          [token, id, chargePointId, evseId],
        )
      ).length > 0;
    const outcome = decide(current, {
      latestSeqNo: seen!.latest_seq_no,
      activeElsewhere,
      storedEnergy: storedEnergy.map((row) => asModel<MeterReading>(row)),
    });
    const session = outcome.session;
    let closeReason = current?.closeReason ?? null;
    let holderToClose: { id: number; successorId: number; successorStartedAt: Date } | null = null;
    if (session.stoppedAt === null && session.evseId !== null && session.status !== "Closed") {
      const [holder] = await query<{ transaction_id: number; started_at: Date }>(
        `SELECT transaction_id, started_at FROM transactions
         WHERE charge_point_id = $1 AND active_evse_id = $2 AND transaction_id <> $3 FOR UPDATE`,
        [chargePointId, session.evseId, id],
      );
      if (holder) {
        const arriving = { id, startedAt: session.startedAt };
        const { stale, successor } = staleOfTwo(arriving, { id: holder.transaction_id, startedAt: holder.started_at });
        if (stale !== arriving) {
          holderToClose = { id: stale.id, successorId: id, successorStartedAt: session.startedAt };
        } else if (session.status === "Active") {
          // Sent late (the station was offline): a session the EVSE has run since replaces it.
          session.status = "Closed";
          session.stoppedAt = successor.startedAt;
          closeReason = supersededBy(successor.id);
        }
      }
    }
    const answer = answerOf(outcome);
    const active = session.status === "Active";
    const row = {
      transaction_id: id,
      charge_point_id: chargePointId,
      station_transaction_id: stationTransactionId,
      evse_id: session.evseId,
      connector_id: session.connectorId,
      id_tag: session.idTag,
      id_token_type: session.idTokenType,
      id_tag_status: session.idTagStatus,
      charging_state: session.chargingState,
      reservation_id: session.reservationId,
      meter_start: session.meterStart?.toString() ?? null,
      started_at: session.startedAt,
      meter_stop: session.meterStop?.toString() ?? null,
      stopped_at: session.stoppedAt,
      stop_reason: session.stopReason,
      stop_id_tag: session.stopIdTag,
      last_meter_wh: session.lastMeterWh?.toString() ?? null,
      status: session.status,
      close_reason: closeReason,
      active_id_tag: active ? session.idTag : null,
      active_evse_id: active ? session.evseId : null,
    };
    const owner = { chargePointId, evseId: session.evseId, connectorId: session.connectorId, transactionId: id };
    const readings = event.readings.map((reading) => ({ ...reading, sampleKey: sampleKey(owner, reading) }));
    // A reservation is used by the session that first names it.
    const newReservationId = current?.reservationId == null ? session.reservationId : null;
    const audit = claimed.ctes(14);
    const rows = await query<Record<string, unknown>>(
      `WITH closed AS (
         UPDATE transactions SET status = 'Closed', stopped_at = GREATEST(started_at, $4::timestamptz),
           close_reason = $5, active_id_tag = NULL, active_evse_id = NULL, updated_at = now()
         WHERE transaction_id = $3 AND stopped_at IS NULL
         RETURNING *
       ), session AS (
         INSERT INTO transactions (transaction_id, charge_point_id, station_transaction_id, evse_id, connector_id,
           id_tag, id_token_type, id_tag_status, charging_state, reservation_id, meter_start, started_at, meter_stop,
           stopped_at, stop_reason, stop_id_tag, last_meter_wh, status, close_reason, active_id_tag, active_evse_id,
           updated_at)
         SELECT r.transaction_id, r.charge_point_id, r.station_transaction_id, r.evse_id, r.connector_id, r.id_tag,
           r.id_token_type, r.id_tag_status, r.charging_state, r.reservation_id, r.meter_start, r.started_at,
           r.meter_stop, r.stopped_at, r.stop_reason, r.stop_id_tag, r.last_meter_wh, r.status, r.close_reason,
           r.active_id_tag, r.active_evse_id, now()
         FROM json_populate_record(NULL::transactions, $1::json) AS r
         -- After the closing: what the closed row held is free for this one.
         WHERE (SELECT count(*) FROM closed) >= 0
         ON CONFLICT (transaction_id) DO UPDATE SET evse_id = EXCLUDED.evse_id, connector_id = EXCLUDED.connector_id,
           id_tag = EXCLUDED.id_tag, id_token_type = EXCLUDED.id_token_type, id_tag_status = EXCLUDED.id_tag_status,
           charging_state = EXCLUDED.charging_state, reservation_id = EXCLUDED.reservation_id,
           meter_start = EXCLUDED.meter_start, started_at = EXCLUDED.started_at, meter_stop = EXCLUDED.meter_stop,
           stopped_at = EXCLUDED.stopped_at, stop_reason = EXCLUDED.stop_reason, stop_id_tag = EXCLUDED.stop_id_tag,
           last_meter_wh = EXCLUDED.last_meter_wh, status = EXCLUDED.status, close_reason = EXCLUDED.close_reason,
           active_id_tag = EXCLUDED.active_id_tag, active_evse_id = EXCLUDED.active_evse_id, updated_at = now()
         RETURNING *
       ), reading AS (
         INSERT INTO meter_values
           (charge_point_id, evse_id, connector_id, transaction_id, timestamp, value, context, format, measurand,
            phase, location, unit, sample_key)
         SELECT $2, $7::int, $8::int, $6::int, r.timestamp, r.value, r.context, r.format, r.measurand, r.phase,
                r.location, r.unit, r."sampleKey"
         FROM ROWS FROM (json_to_recordset($9::json) AS (
           timestamp timestamptz, value text, context text, format text, measurand text, phase text, location text,
           unit text, "sampleKey" uuid
         )) WITH ORDINALITY AS r
         WHERE EXISTS (SELECT 1 FROM session)
         ORDER BY r.ordinality
         ON CONFLICT (sample_key) DO NOTHING
       ), event AS (
         INSERT INTO transaction_events (charge_point_id, station_transaction_id, seq_no, transaction_id, event_type,
           trigger_reason, timestamp, offline, answer)
         SELECT $2, $10, $11, $6, $12, $13, $15, $16, $17::jsonb FROM session
       ), used AS (
         ${consumeReservationOnStart({
           reservationId: "$18::int",
           chargePointId: "$2",
           transactionId: "$6::int",
           startedAt: "$19::timestamptz",
           inserted: "session",
         })}
       ), ${audit.text}
       SELECT true AS own, (SELECT ids FROM audit_ids) AS audit_ids, * FROM session
       UNION ALL SELECT false, NULL, * FROM closed`,
      [
        JSON.stringify(row),
        chargePointId,
        holderToClose?.id ?? null,
        holderToClose?.successorStartedAt ?? null,
        holderToClose ? supersededBy(holderToClose.successorId) : null,
        id,
        session.evseId,
        session.connectorId,
        JSON.stringify(readings),
        stationTransactionId,
        event.seqNo,
        event.kind,
        event.trigger,
        audit.value,
        event.at,
        event.offline,
        JSON.stringify(answer),
        newReservationId,
        session.startedAt,
      ],
    );
    let transaction: Transaction | undefined;
    let auditIds: AuditIds = null;
    const closed: Transaction[] = [];
    for (const { own, audit_ids: ids, ...stored } of rows) {
      if (own) {
        transaction = asTransaction(stored);
        auditIds = ids as AuditIds;
      } else closed.push(asTransaction(stored));
    }
    return { retransmission: false as const, transaction: transaction!, answer, closed, auditIds };
  }

  /** Closes an open transaction; undefined when it is not open (or does not exist). */
  async close(transactionId: number, reason: string): Promise<Transaction | undefined> {
    const [row] = await this.sql.query<Record<string, unknown>>(
      `UPDATE transactions SET status = CASE WHEN status = 'Refused' THEN status ELSE 'Closed' END,
         stopped_at = GREATEST(started_at, now()), close_reason = $2, active_id_tag = NULL, active_evse_id = NULL,
         updated_at = now()
       WHERE transaction_id = $1 AND stopped_at IS NULL
       RETURNING *`,
      [transactionId, reason],
    );
    if (!row) return undefined;
    const closed = asTransaction(row);
    this.events.publish("transactionUpdated", closed);
    return closed;
  }

  async statusOf(transactionId: number): Promise<Transaction["status"] | undefined> {
    const found = await this.db.transaction.findUnique({ where: { transactionId }, select: { status: true } });
    return found?.status;
  }

  countActive(): Promise<number> {
    return this.db.transaction.count({ where: { stoppedAt: null, status: "Active" } });
  }

  /**
   * Energy delivered by the sessions that ran at some point since `from`, in Wh: energyDeliveredWh
   * (transaction-rules.ts) summed in the database, so that a dashboard does not read every transaction.
   */
  async energyWhSince(from: Date): Promise<number> {
    const [row] = await this.sql.query<{ wh: string | null }>(
      `SELECT SUM(GREATEST(COALESCE(meter_stop, last_meter_wh, meter_start) - meter_start, 0))::bigint AS wh
       FROM transactions WHERE status <> 'Refused' AND (stopped_at IS NULL OR stopped_at >= $1)`,
      [from],
    );
    return Number(row?.wh ?? 0);
  }
}

const supersededBy = (transactionId: number) => `Superseded by transaction ${transactionId} on the same EVSE`;
