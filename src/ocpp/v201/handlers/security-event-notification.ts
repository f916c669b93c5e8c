import { parseOcppDateTime } from "../../date-time.js";
import type { ActionHandler201, Handler201Dependencies } from "./types.js";

export const handleSecurityEventNotification =
  ({ stationEvents }: Handler201Dependencies): ActionHandler201<"SecurityEventNotification"> =>
  async (request, { chargePointId, frame }) => {
    await stationEvents.securityEvent(
      chargePointId,
      { type: request.type, at: parseOcppDateTime(request.timestamp), techInfo: request.techInfo },
      frame,
    );
    return {};
  };
