import { parseOcppDateTime } from "../../date-time.js";
import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/**
 * A connector of an EVSE changed status. 2.0.1 reports faults through NotifyEvent, not here: the status carries no
 * error code, so the connector's is NoError.
 */
export const handleStatusNotification =
  ({ stations }: Handler201Dependencies): ActionHandler201<"StatusNotification"> =>
  async (request, { chargePointId, frame }) => {
    await stations.connectorStatus(
      chargePointId,
      {
        evseId: request.evseId,
        connectorId: request.connectorId,
        status: request.connectorStatus,
        errorCode: "NoError",
        info: null,
        vendorId: null,
        vendorErrorCode: null,
        statusAt: parseOcppDateTime(request.timestamp),
      },
      new Date(),
      frame,
    );
    return {};
  };
