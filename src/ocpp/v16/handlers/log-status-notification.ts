import type { ActionHandler, HandlerDependencies } from "./types.js";

/** The Security Whitepaper's log upload: its progress is kept where DiagnosticsStatusNotification's goes. */
export const handleLogStatusNotification =
  ({ stations }: HandlerDependencies): ActionHandler<"LogStatusNotification"> =>
  async (request, { chargePointId, frame }) => {
    await stations.diagnosticsStatus(chargePointId, request.status, new Date(), frame);
    return {};
  };
