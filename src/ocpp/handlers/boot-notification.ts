import type { ActionHandler, HandlerDependencies } from "./types.js";

/** Registers or updates the station and accepts it with our heartbeat interval. */
export const handleBootNotification =
  ({ stations, heartbeatIntervalSeconds }: HandlerDependencies): ActionHandler<"BootNotification"> =>
  async (request, { chargePointId, frame }) => {
    const now = new Date();
    await stations.booted(chargePointId, request, now, frame);
    return { status: "Accepted", currentTime: now.toISOString(), interval: heartbeatIntervalSeconds };
  };
