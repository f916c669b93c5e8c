import type { Ocpp201Requests } from "../../../generated/ocpp201-types.js";
import type { CallHandler } from "../../connection.js";
import { withStorableText } from "../../../db/storable-text.js";
import { handleAuthorize } from "./authorize.js";
import { handleBootNotification } from "./boot-notification.js";
import { handleClearedChargingLimit } from "./cleared-charging-limit.js";
import { handleDataTransfer } from "./data-transfer.js";
import { handleFirmwareStatusNotification } from "./firmware-status-notification.js";
import { handleGet15118EVCertificate } from "./get-15118-ev-certificate.js";
import { handleGetCertificateStatus } from "./get-certificate-status.js";
import { handleHeartbeat } from "./heartbeat.js";
import { handleLogStatusNotification } from "./log-status-notification.js";
import { handleMeterValues } from "./meter-values.js";
import { handleNotifyChargingLimit } from "./notify-charging-limit.js";
import { handleNotifyCustomerInformation } from "./notify-customer-information.js";
import { handleNotifyDisplayMessages } from "./notify-display-messages.js";
import { handleNotifyEVChargingNeeds } from "./notify-ev-charging-needs.js";
import { handleNotifyEVChargingSchedule } from "./notify-ev-charging-schedule.js";
import { handleNotifyEvent } from "./notify-event.js";
import { handleNotifyMonitoringReport } from "./notify-monitoring-report.js";
import { handleNotifyReport } from "./notify-report.js";
import { handlePublishFirmwareStatusNotification } from "./publish-firmware-status-notification.js";
import { handleReportChargingProfiles } from "./report-charging-profiles.js";
import { handleReservationStatusUpdate } from "./reservation-status-update.js";
import { handleSecurityEventNotification } from "./security-event-notification.js";
import { handleSignCertificate } from "./sign-certificate.js";
import { handleStatusNotification } from "./status-notification.js";
import { handleTransactionEvent } from "./transaction-event.js";
import type { ActionHandler201, Handler201Dependencies } from "./types.js";

export type { Handler201Dependencies } from "./types.js";

type HandlerTable = { [A in keyof Ocpp201Requests]?: (dependencies: Handler201Dependencies) => ActionHandler201<A> };

/** The station-initiated 2.0.1 actions this CSMS answers; any other 2.0.1 action is NotSupported. */
const stationActions: HandlerTable = {
  Authorize: handleAuthorize,
  BootNotification: handleBootNotification,
  ClearedChargingLimit: handleClearedChargingLimit,
  DataTransfer: handleDataTransfer,
  FirmwareStatusNotification: handleFirmwareStatusNotification,
  Get15118EVCertificate: handleGet15118EVCertificate,
  GetCertificateStatus: handleGetCertificateStatus,
  Heartbeat: handleHeartbeat,
  LogStatusNotification: handleLogStatusNotification,
  MeterValues: handleMeterValues,
  NotifyChargingLimit: handleNotifyChargingLimit,
  NotifyCustomerInformation: handleNotifyCustomerInformation,
  NotifyDisplayMessages: handleNotifyDisplayMessages,
  NotifyEVChargingNeeds: handleNotifyEVChargingNeeds,
  NotifyEVChargingSchedule: handleNotifyEVChargingSchedule,
  NotifyEvent: handleNotifyEvent,
  NotifyMonitoringReport: handleNotifyMonitoringReport,
  NotifyReport: handleNotifyReport,
  PublishFirmwareStatusNotification: handlePublishFirmwareStatusNotification,
  ReportChargingProfiles: handleReportChargingProfiles,
  ReservationStatusUpdate: handleReservationStatusUpdate,
  SecurityEventNotification: handleSecurityEventNotification,
  SignCertificate: handleSignCertificate,
  StatusNotification: handleStatusNotification,
  TransactionEvent: handleTransactionEvent,
};

/** The station-initiated 2.0.1 actions answered by a handler, for docs/ocpp-support.md's test. */
export const HANDLED_STATION_ACTIONS_201 = Object.keys(stationActions) as (keyof Ocpp201Requests)[];

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
