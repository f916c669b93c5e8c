import type { ActionHandler, HandlerDependencies } from "./types.js";

/**
 * The answer does not depend on the database, so it does not wait for it: lastHeartbeatAt is written with the next
 * state batch (and is published once stored). Losing one heartbeat time to a crash costs nothing.
 */
export const handleHeartbeat =
  ({ stations }: HandlerDependencies): ActionHandler<"Heartbeat"> =>
  async (_request, { chargePointId, connection }) => {
    const now = new Date();
    stations
      .heartbeat(chargePointId, now)
      .catch((error: unknown) => connection.log.error({ err: error }, "Could not store the heartbeat time"));
    return { currentTime: now.toISOString() };
  };
