import type { Database } from "../db/client.js";
import type { OcppRequests, OcppResponses } from "../generated/ocpp-types.js";
import type { ChargePointCommands } from "./charge-point-commands.js";
import { CommandRejectedError } from "./errors.js";

/** Operations whose only effect is on the charger; the charger's later notifications update our state. */
type PassThroughAction =
  | "RemoteStartTransaction"
  | "Reset"
  | "UnlockConnector"
  | "ChangeAvailability"
  | "ClearCache"
  | "DataTransfer"
  | "TriggerMessage"
  | "UpdateFirmware"
  | "GetDiagnostics";

export class RemoteControlService {
  constructor(
    private readonly db: Database,
    private readonly commands: ChargePointCommands,
  ) {}

  send<A extends PassThroughAction>(
    chargePointId: string,
    action: A,
    request: OcppRequests[A],
  ): Promise<OcppResponses[A]> {
    return this.commands.send(chargePointId, action, request);
  }

  /** Only an active transaction of this station can be stopped; anything else is refused before sending. */
  async remoteStopTransaction(chargePointId: string, transactionId: number) {
    const transaction = await this.db.transaction.findUnique({ where: { transactionId } });
    if (!transaction || transaction.chargePointId !== chargePointId) {
      throw new CommandRejectedError(`Transaction ${transactionId} is not a transaction of ${chargePointId}`);
    }
    if (transaction.stoppedAt) throw new CommandRejectedError(`Transaction ${transactionId} has already stopped`);
    return this.commands.send(chargePointId, "RemoteStopTransaction", { transactionId });
  }
}
