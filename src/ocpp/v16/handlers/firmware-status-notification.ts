import type { ActionHandler, HandlerDependencies } from "./types.js";

export const handleFirmwareStatusNotification =
  ({ stations }: HandlerDependencies): ActionHandler<"FirmwareStatusNotification"> =>
  async (request, { chargePointId, frame }) => {
    await stations.firmwareStatus(chargePointId, request.status, new Date(), frame);
    return {};
  };
