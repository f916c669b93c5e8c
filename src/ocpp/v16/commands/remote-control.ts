import { present } from "../../../features/command-answer.js";
import type { ChargePointCommands } from "../../charge-point-commands.js";
import type { RemoteControlCommands } from "../../../features/remote-control/remote-control-service.js";
import type { TriggerMessageRequest } from "../../../generated/ocpp-types.js";
import { ocppChargingProfile } from "./smart-charging.js";

/** Remote control in OCPP 1.6 messages. */
export function remoteControlCommands(chargePoints: ChargePointCommands): RemoteControlCommands {
  return {
    startSession: (chargePointId, { idTag, connectorId, chargingProfile }) =>
      chargePoints.send(chargePointId, "RemoteStartTransaction", {
        idTag,
        ...present("connectorId", connectorId),
        ...present("chargingProfile", chargingProfile && ocppChargingProfile(chargingProfile)),
      }),
    stopSession: (chargePointId, transactionId) =>
      chargePoints.send(chargePointId, "RemoteStopTransaction", { transactionId }),
    reset: (chargePointId, kind) => chargePoints.send(chargePointId, "Reset", { type: kind }),
    unlockConnector: (chargePointId, connectorId) =>
      chargePoints.send(chargePointId, "UnlockConnector", { connectorId }),
    changeAvailability: (chargePointId, connectorId, availability) =>
      chargePoints.send(chargePointId, "ChangeAvailability", { connectorId, type: availability }),
    clearAuthorizationCache: (chargePointId) => chargePoints.send(chargePointId, "ClearCache", {}),
    dataTransfer: (chargePointId, { vendorId, messageId, data }) =>
      chargePoints.send(chargePointId, "DataTransfer", {
        vendorId,
        ...present("messageId", messageId),
        ...present("data", data),
      }),
    triggerMessage: (chargePointId, { message, connectorId }) =>
      // An unknown message fails the request's schema validation before anything is sent.
      chargePoints.send(chargePointId, "TriggerMessage", {
        requestedMessage: message as TriggerMessageRequest["requestedMessage"],
        ...present("connectorId", connectorId),
      }),
  };
}
