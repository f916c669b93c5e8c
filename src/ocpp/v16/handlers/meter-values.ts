import { toMeterReadings } from "./meter-readings.js";
import type { ActionHandler, HandlerDependencies } from "./types.js";

export const handleMeterValues =
  ({ transactions }: HandlerDependencies): ActionHandler<"MeterValues"> =>
  async (request, { chargePointId, frame }) => {
    const samples = {
      evseId: request.connectorId,
      connectorId: request.connectorId,
      transactionId: request.transactionId ?? null,
      readings: toMeterReadings(request.meterValue),
    };
    await transactions.recordMeterValues(chargePointId, samples, frame);
    return {};
  };
