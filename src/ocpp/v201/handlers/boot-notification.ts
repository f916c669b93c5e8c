import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/**
 * Registers or updates the station and answers as the operator decided (Accepted unless held Pending or
 * Rejected). For Pending and Rejected the interval is when to boot again, for Accepted the heartbeat interval.
 */
export const handleBootNotification =
  ({
    stations,
    registrations,
    heartbeatIntervalSeconds,
  }: Handler201Dependencies): ActionHandler201<"BootNotification"> =>
  async ({ chargingStation }, { chargePointId, frame }) => {
    const now = new Date();
    const status = await stations.registered(
      chargePointId,
      {
        vendor: chargingStation.vendorName,
        model: chargingStation.model,
        serialNumber: chargingStation.serialNumber ?? null,
        chargeBoxSerialNumber: null,
        firmwareVersion: chargingStation.firmwareVersion ?? null,
        iccid: chargingStation.modem?.iccid ?? null,
        imsi: chargingStation.modem?.imsi ?? null,
        meterType: null,
        meterSerialNumber: null,
      },
      now,
      frame,
    );
    registrations.booted(chargePointId, status);
    return { status, currentTime: now.toISOString(), interval: heartbeatIntervalSeconds };
  };
