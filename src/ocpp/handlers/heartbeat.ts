import type { ActionHandler, HandlerDependencies } from "./types.js";

export const handleHeartbeat =
  ({ stations }: HandlerDependencies): ActionHandler<"Heartbeat"> =>
  async (_request, { chargePointId }) => {
    const now = new Date();
    await stations.heartbeat(chargePointId, now);
    return { currentTime: now.toISOString() };
  };
