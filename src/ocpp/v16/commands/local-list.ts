import type { ChargePointCommands } from "../../charge-point-commands.js";
import type { LocalListCommands } from "../../../features/local-list/local-list-service.js";

/** The local list over OCPP 1.6: GetLocalListVersion and SendLocalList. */
export const localListCommands = (chargePoints: ChargePointCommands): LocalListCommands => ({
  async version(chargePointId) {
    const { listVersion } = await chargePoints.send(chargePointId, "GetLocalListVersion", {});
    return listVersion;
  },
  async update(chargePointId, { version, kind, entries }) {
    const { status } = await chargePoints.send(chargePointId, "SendLocalList", {
      listVersion: version,
      updateType: kind,
      localAuthorizationList: entries,
    });
    return { status };
  },
});
