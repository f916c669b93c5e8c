import type { ActionHandler201 } from "./types.js";

/**
 * A limit set by a source outside OCPP (an energy management system, a grid operator). The smart-charging feature keeps
 * only the profiles it set itself, so the limit is kept in the audit log, where an operator can read it.
 */
export const handleNotifyChargingLimit = (): ActionHandler201<"NotifyChargingLimit"> => async () => ({});
