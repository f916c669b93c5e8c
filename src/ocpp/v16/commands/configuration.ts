import type { ChargePointCommands } from "../../charge-point-commands.js";
import type { ConfigurationCommands } from "../../../features/configuration/configuration-service.js";

/** A station's configuration over OCPP 1.6: GetConfiguration and ChangeConfiguration. */
export const configurationCommands = (chargePoints: ChargePointCommands): ConfigurationCommands => ({
  async read(chargePointId, keys) {
    const answer = await chargePoints.send(chargePointId, "GetConfiguration", keys?.length ? { key: keys } : {});
    return {
      keys: (answer.configurationKey ?? []).map(({ key, value, readonly }) => ({
        key,
        value: value ?? null,
        readonly,
      })),
      unknownKeys: answer.unknownKey ?? [],
    };
  },
  async change(chargePointId, key, value) {
    const { status } = await chargePoints.send(chargePointId, "ChangeConfiguration", { key, value });
    return { status };
  },
});
