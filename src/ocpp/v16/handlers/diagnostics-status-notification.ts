import type { ActionHandler, HandlerDependencies } from "./types.js";

export const handleDiagnosticsStatusNotification =
  ({ stations }: HandlerDependencies): ActionHandler<"DiagnosticsStatusNotification"> =>
  async (request, { chargePointId, frame }) => {
    await stations.diagnosticsStatus(chargePointId, request.status, new Date(), frame);
    return {};
  };
