import type { ActionHandler201 } from "./types.js";

/** The answer to a CustomerInformation request this CSMS does not send yet: kept in the audit log. */
export const handleNotifyCustomerInformation = (): ActionHandler201<"NotifyCustomerInformation"> => async () => ({});
