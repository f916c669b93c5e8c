import type { ActionHandler, HandlerDependencies } from "./types.js";

export const handleFirmwareStatusNotification =
  ({ stations }: HandlerDependencies): ActionHandler<"FirmwareStatusNotification"> =>
  async (request, { chargePointId }) => {
    await stations.firmwareStatus(chargePointId, request, new Date());
    return {};
  };
