import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/** As in 1.6: answered without waiting for the database; the time is written with the next state batch. */
export const handleHeartbeat =
  ({ stations }: Handler201Dependencies): ActionHandler201<"Heartbeat"> =>
  async (_request, { chargePointId, connection }) => {
    const now = new Date();
    stations
      .heartbeat(chargePointId, now)
      .catch((error: unknown) => connection.log.error({ err: error }, "Could not store the heartbeat time"));
    return { currentTime: now.toISOString() };
  };
