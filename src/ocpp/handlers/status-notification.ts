import type { ActionHandler, HandlerDependencies } from "./types.js";

export const handleStatusNotification =
  ({ stations }: HandlerDependencies): ActionHandler<"StatusNotification"> =>
  async (request, { chargePointId, frame }) => {
    await stations.statusNotification(chargePointId, request, new Date(), frame);
    return {};
  };
