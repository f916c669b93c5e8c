import type { ActionHandler201 } from "./types.js";

/**
 * A local controller's progress publishing firmware for the stations behind it, after a PublishFirmware this CSMS does
 * not send yet: kept in the audit log, apart from the station's own firmware status.
 */
export const handlePublishFirmwareStatusNotification =
  (): ActionHandler201<"PublishFirmwareStatusNotification"> => async () => ({});
