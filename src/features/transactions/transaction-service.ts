import type { TransactionStore } from "../../db/stores/transactions.js";
import type { Transaction } from "../../generated/prisma/client.js";
import type { RecordedFrame } from "../audit/audit-log.js";
import type { AuditLog, ClaimedFrame } from "../audit/audit-log.js";
import { type Authorization, authorizeStart } from "../authorization/authorization-rules.js";
import type { AuthorizationService } from "../authorization/authorization-service.js";
import { latestEnergyRegisterWh, type MeterReading } from "./meter-readings.js";
import type { StateWriter } from "../../db/state-writer.js";
import { takesStop } from "./transaction-rules.js";
import { applySessionEvent, type SessionEvent } from "./session-rules.js";

export { energyDeliveredWh } from "./transaction-rules.js";

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

/** A charger started a session on one of its connectors. */
export type TransactionStart = {
  connectorId: number;
  idTag: string;
  meterStartWh: number;
  startedAt: Date;
  reservationId: number | null;
};

/** A charger ended a session; readings are what it sampled during it and sends along with the stop. */
export type TransactionStop = {
  transactionId: number;
  /** The tag that ended the session, when one did. */
  idTag: string | null;
  meterStopWh: number;
  stoppedAt: Date;
  reason: string;
  readings: MeterReading[];
};

/** Readings a charger sampled on one EVSE or connector, during a transaction or outside of one. */
export type MeterSamples = {
  evseId: number | null;
  connectorId: number | null;
  transactionId: number | null;
  readings: MeterReading[];
};

/** Counts of sessions for a dashboard. */
export type SessionSummary = { activeTransactions: number; energyWhSince: number };

export class TransactionService {
  constructor(
    private readonly store: TransactionStore,
    private readonly authorization: AuthorizationService,
    private readonly writer: StateWriter,
    private readonly audit: AuditLog,
    private readonly recordAction: ActionRecorder = () => {},
  ) {}

  /**
   * Records a started transaction and returns it with the decision on its tag. A start resent after a lost answer
   * carries the same station, connector, idTag, meter start and time: it gets the same transaction and creates
   * nothing.
   *
   * `frame` (the charger's message) is stored in the statement or transaction that stores the start, or alone when
   * nothing is stored (a retransmission), before the answer: kill -9 cannot lose a frame that was answered.
   */
  start(
    chargePointId: string,
    start: TransactionStart,
    frame?: RecordedFrame,
  ): Promise<{ transaction: Transaction; authorization: Authorization }> {
    return this.audit.storeWith(frame, (claimed) => this.startWith(chargePointId, start, claimed));
  }

  private async startWith(chargePointId: string, start: TransactionStart, claimed: ClaimedFrame) {
    const { connectorId, idTag, meterStartWh, startedAt, reservationId } = start;
    const key = { chargePointId, connectorId, idTag, meterStartWh, startedAt };
    const [existing, authorized] = await Promise.all([
      this.store.findByStartKey(key),
      this.authorization.authorize(idTag),
    ]);
    if (existing) return { transaction: existing, authorization: await this.answerGiven(existing) };
    const stored = await this.store.insertStart({ key, reservationId }, authorized, authorizeStart, claimed);
    if (stored.retransmission) {
      return { transaction: stored.transaction, authorization: await this.answerGiven(stored.transaction) };
    }
    return { transaction: stored.transaction, authorization: stored.authorization };
  }

  /** A retried start gets the status it was first given (ConcurrentTx included), with current details. */
  private async answerGiven(transaction: Transaction): Promise<Authorization> {
    // Only 1.6 starts are retransmitted this way, and they always name their tag.
    const current = await this.authorization.authorize(transaction.idTag ?? "");
    return { ...current, status: transaction.idTagStatus as Authorization["status"] };
  }

  /**
   * Closes a transaction whose stop never came, on an admin's word; recorded in the audit log with the actor. A stop
   * that still arrives afterwards is recorded as the charger's stop.
   */
  async close(transactionId: number, reason: string): Promise<Transaction> {
    const closed = await this.store.close(transactionId, reason);
    if (!closed) {
      const status = await this.store.statusOf(transactionId);
      if (!status) throw new TransactionNotFoundError(`No transaction ${transactionId}`);
      throw new TransactionNotOpenError(`Transaction ${transactionId} is ${status}, not open`);
    }
    this.recordAction({
      chargePointId: closed.chargePointId,
      action: "CloseTransaction",
      payload: { transactionId, reason },
    });
    return closed;
  }

  /**
   * Completes a transaction. An unknown transaction is still answered (null), so the charger can empty its queue; a
   * repeated stop of a finished transaction changes nothing (see takesStop). The stop, its readings and `frame` are
   * stored together (the frame alone when nothing changes), before the answer.
   */
  stop(
    chargePointId: string,
    stop: TransactionStop,
    frame?: RecordedFrame,
  ): Promise<{ transaction: Transaction | null; authorization: Authorization | undefined }> {
    return this.audit.storeWith(frame, (claimed) => this.stopWith(chargePointId, stop, claimed));
  }

  private async stopWith(chargePointId: string, stop: TransactionStop, claimed: ClaimedFrame) {
    const [authorization, transaction] = await Promise.all([
      stop.idTag ? this.authorization.authorize(stop.idTag) : undefined,
      this.store.findOnStation(stop.transactionId, chargePointId),
    ]);
    if (!transaction) return { transaction: null, authorization };
    if (!takesStop(transaction)) return { transaction, authorization };
    const stopped = await this.store.stop(transaction, stop, claimed);
    // Another stop of the same transaction came first: this one changed nothing, as a repeated stop does.
    return { transaction: stopped ?? transaction, authorization };
  }

  /**
   * Records one numbered event of a session (see applySessionEvent in session-rules.ts): the session begins with
   * whichever event arrives first, its token is authorized when it first comes, and the event's readings are stored
   * with it. `answerOf` words the answer from the decision on the event's token (undefined when it carried none); the
   * answer is stored with the event, so that the same event resent gets the same answer and changes nothing.
   *
   * `frame` (the station's message) is stored in the same database transaction as the event, or alone when nothing
   * is stored (the same event resent), before the answer: kill -9 cannot lose a frame that was answered.
   */
  recordSessionEvent<Answer>(
    chargePointId: string,
    event: SessionEvent,
    answerOf: (authorization: Authorization | undefined) => Answer,
    frame?: RecordedFrame,
  ): Promise<{ transaction: Transaction; answer: Answer }> {
    return this.audit.storeWith(frame, async (claimed) => {
      const idTag = event.token?.idTag;
      const authorization = idTag ? await this.authorization.authorize(idTag) : undefined;
      const stored = await this.store.recordSessionEvent(
        chargePointId,
        event,
        (current, facts) => applySessionEvent(current, event, authorization, facts),
        (outcome) => answerOf(outcome.authorization),
        claimed,
      );
      return { transaction: stored.transaction, answer: stored.answer };
    });
  }

  /** Stores every sampled value; readings for a transaction of this station are linked to it and advance its energy. */
  recordMeterValues(chargePointId: string, samples: MeterSamples, frame?: RecordedFrame): Promise<void> {
    return this.writer.meterValues(
      { chargePointId, ...samples, energyWh: latestEnergyRegisterWh(samples.readings) },
      frame,
    );
  }

  /** Sessions running now, and the energy of those that ran at some point since `since`. */
  async summary(since: Date): Promise<SessionSummary> {
    const [activeTransactions, energyWhSince] = await Promise.all([
      this.store.countActive(),
      this.store.energyWhSince(since),
    ]);
    return { activeTransactions, energyWhSince };
  }
}
