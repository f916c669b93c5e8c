import type { Ocpp201Requests } from "../../../generated/ocpp201-types.js";
import type { CallHandler } from "../../connection.js";
import { withStorableText } from "../../../db/storable-text.js";
import { handleBootNotification } from "./boot-notification.js";
import { handleHeartbeat } from "./heartbeat.js";
import { handleNotifyEvent } from "./notify-event.js";
import { handleNotifyMonitoringReport } from "./notify-monitoring-report.js";
import { handleNotifyReport } from "./notify-report.js";
import { handleSecurityEventNotification } from "./security-event-notification.js";
import { handleStatusNotification } from "./status-notification.js";
import type { ActionHandler201, Handler201Dependencies } from "./types.js";

export type { Handler201Dependencies } from "./types.js";

type HandlerTable = { [A in keyof Ocpp201Requests]?: (dependencies: Handler201Dependencies) => ActionHandler201<A> };

/** The station-initiated 2.0.1 actions this CSMS answers; any other 2.0.1 action is NotSupported. */
const stationActions: HandlerTable = {
  BootNotification: handleBootNotification,
  Heartbeat: handleHeartbeat,
  NotifyEvent: handleNotifyEvent,
  NotifyMonitoringReport: handleNotifyMonitoringReport,
  NotifyReport: handleNotifyReport,
  SecurityEventNotification: handleSecurityEventNotification,
  StatusNotification: handleStatusNotification,
};

export function createStationHandlers201(dependencies: Handler201Dependencies): Map<string, CallHandler> {
  return new Map(
    Object.entries(stationActions).map(([action, create]) => {
      // The connection validated the payload against this action's schema before calling.
      const handler = (create as (d: Handler201Dependencies) => CallHandler)(dependencies);
      // What a handler stores must be text the database can hold (NUL and lone surrogates cannot be).
      return [action, (payload, context) => handler(withStorableText(payload), context)];
    }),
  );
}
