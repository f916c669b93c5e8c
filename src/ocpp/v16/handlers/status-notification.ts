import { parseOcppDateTime } from "../../date-time.js";
import type { ActionHandler, HandlerDependencies } from "./types.js";

/** A status without its own timestamp happened when it arrived. */
export const handleStatusNotification =
  ({ stations }: HandlerDependencies): ActionHandler<"StatusNotification"> =>
  async (request, { chargePointId, frame }) => {
    const receivedAt = new Date();
    await stations.connectorStatus(
      chargePointId,
      {
        evseId: request.connectorId,
        connectorId: request.connectorId,
        status: request.status,
        errorCode: request.errorCode,
        info: request.info ?? null,
        vendorId: request.vendorId ?? null,
        vendorErrorCode: request.vendorErrorCode ?? null,
        statusAt: request.timestamp ? parseOcppDateTime(request.timestamp) : receivedAt,
      },
      receivedAt,
      frame,
    );
    return {};
  };
