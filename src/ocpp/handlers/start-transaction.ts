import type { ActionHandler, HandlerDependencies } from "./types.js";

export const handleStartTransaction =
  ({ transactions }: HandlerDependencies): ActionHandler<"StartTransaction"> =>
  async (request, { chargePointId }) => {
    const { transaction, idTagInfo } = await transactions.start(chargePointId, request);
    return { transactionId: transaction.transactionId, idTagInfo };
  };
