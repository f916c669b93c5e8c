import type { ActionHandler, HandlerDependencies } from "./types.js";

export const handleStopTransaction =
  ({ transactions }: HandlerDependencies): ActionHandler<"StopTransaction"> =>
  async (request, { chargePointId, connection, frame }) => {
    const { transaction, idTagInfo } = await transactions.stop(chargePointId, request, frame);
    if (!transaction) {
      // Answered anyway so the charger can empty its queue; the frame itself stays in the audit log.
      connection.log.warn({ transactionId: request.transactionId }, "StopTransaction for an unknown transaction");
    }
    return idTagInfo ? { idTagInfo } : {};
  };
