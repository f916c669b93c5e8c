import type { ActionHandler, HandlerDependencies } from "./types.js";

export const handleMeterValues =
  ({ transactions }: HandlerDependencies): ActionHandler<"MeterValues"> =>
  async (request, { chargePointId, frame }) => {
    await transactions.meterValues(chargePointId, request, frame);
    return {};
  };
