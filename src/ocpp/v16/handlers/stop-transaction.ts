import { toMeterReadings } from "./meter-readings.js";
import { parseOcppDateTime } from "../../date-time.js";
import type { ActionHandler, HandlerDependencies } from "./types.js";

export const handleStopTransaction =
  ({ transactions }: HandlerDependencies): ActionHandler<"StopTransaction"> =>
  async (request, { chargePointId, connection, frame }) => {
    const stop = {
      transactionId: request.transactionId,
      idTag: request.idTag ?? null,
      meterStopWh: request.meterStop,
      stoppedAt: parseOcppDateTime(request.timestamp),
      // OCPP 1.6: an absent reason means Local.
      reason: request.reason ?? "Local",
      readings: toMeterReadings(request.transactionData ?? []),
    };
    const { transaction, authorization } = await transactions.stop(chargePointId, stop, frame);
    if (!transaction) {
      // Answered anyway so the charger can empty its queue; the frame itself stays in the audit log.
      connection.log.warn({ transactionId: request.transactionId }, "StopTransaction for an unknown transaction");
    }
    return authorization ? { idTagInfo: authorization } : {};
  };
