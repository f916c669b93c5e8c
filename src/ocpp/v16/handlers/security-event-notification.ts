import { parseOcppDateTime } from "../../date-time.js";
import type { ActionHandler, HandlerDependencies } from "./types.js";

/** As the Security Whitepaper defines it; the same event as 2.0.1's, stored the same way. */
export const handleSecurityEventNotification =
  ({ stationEvents }: HandlerDependencies): ActionHandler<"SecurityEventNotification"> =>
  async (request, { chargePointId, frame }) => {
    await stationEvents.securityEvent(
      chargePointId,
      { type: request.type, at: parseOcppDateTime(request.timestamp), techInfo: request.techInfo },
      frame,
    );
    return {};
  };
