import type { ActionHandler201 } from "./types.js";

/**
 * The status says whether the CSMS processed the schedule, not whether it approves it; Rejected is for a schedule
 * outside the limits of a schedule the CSMS gave (K16.FR.07), and this CSMS gives none. Kept in the audit log.
 */
export const handleNotifyEVChargingSchedule = (): ActionHandler201<"NotifyEVChargingSchedule"> => async () => ({
  status: "Accepted",
});
