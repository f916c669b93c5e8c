import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/** Kept as the station's firmware status, as 1.6's is; the requestId names an update this CSMS does not send yet. */
export const handleFirmwareStatusNotification =
  ({ stations }: Handler201Dependencies): ActionHandler201<"FirmwareStatusNotification"> =>
  async (request, { chargePointId, frame }) => {
    await stations.firmwareStatus(chargePointId, request.status, new Date(), frame);
    return {};
  };
