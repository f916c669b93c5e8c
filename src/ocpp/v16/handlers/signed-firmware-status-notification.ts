import type { ActionHandler, HandlerDependencies } from "./types.js";

/** The Security Whitepaper's signed firmware update reports progress where FirmwareStatusNotification's goes. */
export const handleSignedFirmwareStatusNotification =
  ({ stations }: HandlerDependencies): ActionHandler<"SignedFirmwareStatusNotification"> =>
  async (request, { chargePointId, frame }) => {
    await stations.firmwareStatus(chargePointId, request.status, new Date(), frame);
    return {};
  };
