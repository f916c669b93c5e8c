import type { ActionHandler, HandlerDependencies } from "./types.js";

/**
 * Registers or updates the station and answers as the operator decided: Accepted with our heartbeat interval unless
 * held Pending or Rejected (then the interval is when to boot again).
 */
export const handleBootNotification =
  ({ stations, heartbeatIntervalSeconds }: HandlerDependencies): ActionHandler<"BootNotification"> =>
  async (request, { chargePointId, frame }) => {
    const now = new Date();
    const status = await stations.registered(
      chargePointId,
      {
        vendor: request.chargePointVendor,
        model: request.chargePointModel,
        serialNumber: request.chargePointSerialNumber ?? null,
        chargeBoxSerialNumber: request.chargeBoxSerialNumber ?? null,
        firmwareVersion: request.firmwareVersion ?? null,
        iccid: request.iccid ?? null,
        imsi: request.imsi ?? null,
        meterType: request.meterType ?? null,
        meterSerialNumber: request.meterSerialNumber ?? null,
      },
      now,
      frame,
    );
    return { status, currentTime: now.toISOString(), interval: heartbeatIntervalSeconds };
  };
