import { parseOcppDateTime } from "../../date-time.js";
import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/** A part of the station's events: each is kept, and its actualValue becomes the variable's Actual value. */
export const handleNotifyEvent =
  ({ stationEvents }: Handler201Dependencies): ActionHandler201<"NotifyEvent"> =>
  async (request, { chargePointId, frame }) => {
    await stationEvents.notified(
      chargePointId,
      request.eventData.map((event) => ({
        eventId: event.eventId,
        trigger: event.trigger,
        at: parseOcppDateTime(event.timestamp),
        component: event.component,
        variable: event.variable,
        actualValue: event.actualValue,
        cleared: event.cleared,
        techCode: event.techCode,
        techInfo: event.techInfo,
        transactionId: event.transactionId,
        monitorId: event.variableMonitoringId,
      })),
      frame,
    );
    return {};
  };
