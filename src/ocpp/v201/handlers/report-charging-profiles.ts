import type { ActionHandler201 } from "./types.js";

/**
 * The answer to a GetChargingProfiles this CSMS does not send yet; a station may still send it (an earlier CSMS asked),
 * and it is kept in the audit log.
 */
export const handleReportChargingProfiles = (): ActionHandler201<"ReportChargingProfiles"> => async () => ({});
