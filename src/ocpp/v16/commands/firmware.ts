import { present } from "../../../features/command-answer.js";
import type { FirmwareCommands } from "../../../features/firmware/firmware-service.js";
import type { ChargePointCommands } from "../../charge-point-commands.js";

/** Firmware updates and diagnostics uploads in OCPP 1.6 messages. */
export function firmwareCommands(chargePoints: ChargePointCommands): FirmwareCommands {
  return {
    updateFirmware: (chargePointId, update) =>
      chargePoints.send(chargePointId, "UpdateFirmware", {
        location: update.location,
        retrieveDate: update.retrieveDate.toISOString(),
        ...present("retries", update.retries),
        ...present("retryInterval", update.retryIntervalSeconds),
      }),
    getDiagnostics: (chargePointId, upload) =>
      chargePoints.send(chargePointId, "GetDiagnostics", {
        location: upload.location,
        ...present("retries", upload.retries),
        ...present("retryInterval", upload.retryIntervalSeconds),
        ...present("startTime", upload.startTime?.toISOString()),
        ...present("stopTime", upload.stopTime?.toISOString()),
      }),
  };
}
