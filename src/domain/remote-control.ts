import type { OcppRequests, OcppResponses } from "../generated/ocpp-types.js";
import type { ChargePointCommands } from "./charge-point-commands.js";

/** Operations whose only effect is on the charger; the charger's later notifications update our state. */
type PassThroughAction =
  | "RemoteStartTransaction"
  // Sent for any transactionId: our records may call a transaction unknown or stopped (after an outage, or
  // closeTransaction) while the charger still runs it. Its StopTransaction then ends it here too.
  | "RemoteStopTransaction"
  | "Reset"
  | "UnlockConnector"
  | "ChangeAvailability"
  | "ClearCache"
  | "DataTransfer"
  | "TriggerMessage"
  | "UpdateFirmware"
  | "GetDiagnostics";

export class RemoteControlService {
  constructor(private readonly commands: ChargePointCommands) {}

  send<A extends PassThroughAction>(
    chargePointId: string,
    action: A,
    request: OcppRequests[A],
  ): Promise<OcppResponses[A]> {
    return this.commands.send(chargePointId, action, request);
  }
}
