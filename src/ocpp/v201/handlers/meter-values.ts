import { toMeterReadings } from "./sampled-values.js";
import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/** Readings outside a transaction (those of a transaction come with its TransactionEvents); EVSE 0 is the main meter. */
export const handleMeterValues =
  ({ transactions }: Handler201Dependencies): ActionHandler201<"MeterValues"> =>
  async (request, { chargePointId, frame }) => {
    const samples = {
      evseId: request.evseId,
      connectorId: null,
      transactionId: null,
      readings: toMeterReadings(request.meterValue),
    };
    await transactions.recordMeterValues(chargePointId, samples, frame);
    return {};
  };
