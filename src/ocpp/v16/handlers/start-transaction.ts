import { parseOcppDateTime } from "../../date-time.js";
import { OcppError } from "../../errors.js";
import type { ActionHandler, HandlerDependencies } from "./types.js";

export const handleStartTransaction =
  ({ transactions }: HandlerDependencies): ActionHandler<"StartTransaction"> =>
  async (request, { chargePointId, frame }) => {
    // OCPP 1.6 requires connectorId > 0 here (0 is the charge point as a whole); the JSON schema only says integer.
    if (request.connectorId <= 0) {
      throw new OcppError("PropertyConstraintViolation", "StartTransaction needs a connectorId greater than 0", {
        connectorId: request.connectorId,
      });
    }
    const start = {
      connectorId: request.connectorId,
      idTag: request.idTag,
      meterStartWh: request.meterStart,
      startedAt: parseOcppDateTime(request.timestamp),
      reservationId: request.reservationId ?? null,
    };
    const { transaction, authorization } = await transactions.start(chargePointId, start, frame);
    return { transactionId: transaction.transactionId, idTagInfo: authorization };
  };
