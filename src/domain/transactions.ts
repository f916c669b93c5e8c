import type { Database } from "../db/client.js";
import type { EventBus } from "../events/event-bus.js";
import type { FrameRecord } from "../ocpp/connection.js";
import type { Transaction } from "../generated/prisma/client.js";
import type { MeterValuesRequest, StartTransactionRequest, StopTransactionRequest } from "../generated/ocpp-types.js";
import type { AuthorizationService } from "./authorization.js";
import type { StateWriter } from "./state-writer.js";
import { latestEnergyRegisterWh, type MeterReading, toMeterReadings } from "./meter-readings.js";
import type { IdTagInfo } from "./ocpp-shapes.js";

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";

/** Energy delivered so far: from the stop reading when stopped, else from the latest register reading. */
export function energyDeliveredWh(transaction: Pick<Transaction, "meterStart" | "meterStop" | "lastMeterWh">): number {
  const latest = transaction.meterStop ?? transaction.lastMeterWh;
  return latest === null ? 0 : Math.max(0, latest - transaction.meterStart);
}

export class TransactionService {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly authorization: AuthorizationService,
    private readonly writer: StateWriter,
  ) {}

  /**
   * Records a started transaction and returns its id. A StartTransaction resent after a lost answer carries the same
   * station, connector, idTag, meterStart and timestamp: it gets the same transactionId and creates nothing.
   */
  async start(chargePointId: string, request: StartTransactionRequest) {
    const key = {
      chargePointId,
      connectorId: request.connectorId,
      idTag: request.idTag,
      meterStart: request.meterStart,
      startedAt: new Date(request.timestamp),
    };
    const existing = await this.db.transaction.findUnique({ where: { startKey: key } });
    if (existing) return { transaction: existing, idTagInfo: await this.answerGiven(existing) };

    const idTagInfo = await this.authorizeStart(request.idTag);
    try {
      const transaction = await this.db.$transaction(async (tx) => {
        const created = await tx.transaction.create({
          data: { ...key, idTagStatus: idTagInfo.status, reservationId: request.reservationId ?? null },
        });
        if (request.reservationId !== undefined) {
          // A transaction started on a reservation consumes it.
          await tx.reservation.updateMany({
            where: {
              reservationId: request.reservationId,
              chargePointId,
              status: "Accepted",
              expiryDate: { gt: key.startedAt },
            },
            data: { status: "Used", transactionId: created.transactionId },
          });
        }
        return created;
      });
      this.events.publish("transactionUpdated", transaction);
      return { transaction, idTagInfo };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const transaction = await this.db.transaction.findUniqueOrThrow({ where: { startKey: key } });
      return { transaction, idTagInfo: await this.answerGiven(transaction) };
    }
  }

  /** A retried StartTransaction gets the status it was first given (ConcurrentTx included), with current details. */
  private async answerGiven(transaction: Transaction): Promise<IdTagInfo> {
    const info = await this.authorization.idTagInfo(transaction.idTag);
    return { ...info, status: transaction.idTagStatus as IdTagInfo["status"] };
  }

  /** ConcurrentTx when the tag is already charging elsewhere: OCPP lets the charger stop on that answer. */
  private async authorizeStart(idTag: string): Promise<IdTagInfo> {
    const info = await this.authorization.idTagInfo(idTag);
    if (info.status !== "Accepted") return info;
    const active = await this.db.transaction.findFirst({
      where: { idTag, stoppedAt: null },
      select: { transactionId: true },
    });
    return active ? { ...info, status: "ConcurrentTx" } : info;
  }

  /**
   * Completes a transaction. An unknown transactionId is still answered, so the charger can empty its queue; a
   * repeated stop of a finished transaction changes nothing.
   */
  async stop(chargePointId: string, request: StopTransactionRequest) {
    const idTagInfo = request.idTag ? await this.authorization.idTagInfo(request.idTag) : undefined;
    const transaction = await this.db.transaction.findFirst({
      where: { transactionId: request.transactionId, chargePointId },
    });
    if (!transaction) return { transaction: null, idTagInfo };
    if (transaction.stoppedAt) return { transaction, idTagInfo };

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
        },
      });
    });
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
