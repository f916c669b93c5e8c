import type { ActionHandler201 } from "./types.js";

/**
 * Accepted would promise a charging schedule (K15.FR.03) and Processing one to come later (K15.FR.05); this CSMS
 * computes none, so Rejected (K15.FR.04): the station charges without waiting for one. The EV's needs stay in the
 * audit log.
 */
export const handleNotifyEVChargingNeeds = (): ActionHandler201<"NotifyEVChargingNeeds"> => async () => ({
  status: "Rejected",
  statusInfo: { reasonCode: "NotEnabled", additionalInfo: "This CSMS does not compute charging schedules." },
});
