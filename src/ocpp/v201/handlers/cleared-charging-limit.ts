import type { ActionHandler201 } from "./types.js";

/** The end of a limit NotifyChargingLimit announced: kept in the audit log beside it (see that handler). */
export const handleClearedChargingLimit = (): ActionHandler201<"ClearedChargingLimit"> => async () => ({});
