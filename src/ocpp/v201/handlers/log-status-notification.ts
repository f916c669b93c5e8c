import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/** A log upload is 2.0.1's diagnostics upload: its progress is kept where 1.6's DiagnosticsStatusNotification goes. */
export const handleLogStatusNotification =
  ({ stations }: Handler201Dependencies): ActionHandler201<"LogStatusNotification"> =>
  async (request, { chargePointId, frame }) => {
    await stations.diagnosticsStatus(chargePointId, request.status, new Date(), frame);
    return {};
  };
