import type { OcppRequests } from "../../../generated/ocpp-types.js";
import type { CallHandler } from "../../connection.js";
import { withStorableText } from "../../../db/storable-text.js";
import { handleAuthorize } from "./authorize.js";
import { handleBootNotification } from "./boot-notification.js";
import { handleDataTransfer } from "./data-transfer.js";
import { handleDiagnosticsStatusNotification } from "./diagnostics-status-notification.js";
import { handleFirmwareStatusNotification } from "./firmware-status-notification.js";
import { handleHeartbeat } from "./heartbeat.js";
import { handleLogStatusNotification } from "./log-status-notification.js";
import { handleMeterValues } from "./meter-values.js";
import { handleSecurityEventNotification } from "./security-event-notification.js";
import { handleSignCertificate } from "./sign-certificate.js";
import { handleSignedFirmwareStatusNotification } from "./signed-firmware-status-notification.js";
import { handleStartTransaction } from "./start-transaction.js";
import { handleStatusNotification } from "./status-notification.js";
import { handleStopTransaction } from "./stop-transaction.js";
import type { ActionHandler, HandlerDependencies } from "./types.js";

export type { HandlerDependencies, VendorDataTransferHandler } from "./types.js";

type HandlerTable = { [A in keyof OcppRequests]?: (dependencies: HandlerDependencies) => ActionHandler<A> };

/** The charger-initiated actions this central system answers; any other OCPP 1.6 action is NotSupported. */
const chargePointActions: HandlerTable = {
  Authorize: handleAuthorize,
  BootNotification: handleBootNotification,
  DataTransfer: handleDataTransfer,
  DiagnosticsStatusNotification: handleDiagnosticsStatusNotification,
  FirmwareStatusNotification: handleFirmwareStatusNotification,
  Heartbeat: handleHeartbeat,
  LogStatusNotification: handleLogStatusNotification,
  MeterValues: handleMeterValues,
  SecurityEventNotification: handleSecurityEventNotification,
  SignCertificate: handleSignCertificate,
  SignedFirmwareStatusNotification: handleSignedFirmwareStatusNotification,
  StartTransaction: handleStartTransaction,
  StatusNotification: handleStatusNotification,
  StopTransaction: handleStopTransaction,
};

export function createChargePointHandlers(dependencies: HandlerDependencies): Map<string, CallHandler> {
  return new Map(
    Object.entries(chargePointActions).map(([action, create]) => {
      // The connection validated the payload against this action's schema before calling.
      const handler = (create as (d: HandlerDependencies) => CallHandler)(dependencies);
      // What a handler stores must be text the database can hold (NUL and lone surrogates cannot be).
      return [action, (payload, context) => handler(withStorableText(payload), context)];
    }),
  );
}
