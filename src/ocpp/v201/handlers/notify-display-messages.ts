import type { ActionHandler201 } from "./types.js";

/** The answer to a GetDisplayMessages this CSMS does not send yet: kept in the audit log. */
export const handleNotifyDisplayMessages = (): ActionHandler201<"NotifyDisplayMessages"> => async () => ({});
