import type { Database } from "../db/client.js";
import type { EventBus } from "../events/event-bus.js";
import type { ChangeConfigurationResponse, GetConfigurationResponse } from "../generated/ocpp-types.js";
import type { ChargePointCommands } from "./charge-point-commands.js";

/** GetConfiguration and ChangeConfiguration, keeping the station's stored configuration in step. */
export class ConfigurationService {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly commands: ChargePointCommands,
  ) {}

  async getConfiguration(chargePointId: string, keys?: string[]): Promise<GetConfigurationResponse> {
    const answer = await this.commands.send(chargePointId, "GetConfiguration", keys?.length ? { key: keys } : {});
    const reported = answer.configurationKey ?? [];
    const station = await this.db.$transaction(async (tx) => {
      for (const entry of reported) {
        const values = { value: entry.value ?? null, readonly: entry.readonly };
        await tx.configurationKey.upsert({
          where: { chargePointId_key: { chargePointId, key: entry.key } },
          create: { chargePointId, key: entry.key, ...values },
          update: values,
        });
      }
      return tx.station.update({
        where: { chargePointId },
        data: { unknownConfigurationKeys: answer.unknownKey ?? [], configurationFetchedAt: new Date() },
      });
    });
    this.events.publish("stationUpdated", station);
    return answer;
  }

  /** Stores the new value once the charger accepted it (RebootRequired means accepted, effective after reboot). */
  async changeConfiguration(chargePointId: string, key: string, value: string): Promise<ChangeConfigurationResponse> {
    const answer = await this.commands.send(chargePointId, "ChangeConfiguration", { key, value });
    if (answer.status === "Accepted" || answer.status === "RebootRequired") {
      await this.db.configurationKey.upsert({
        where: { chargePointId_key: { chargePointId, key } },
        create: { chargePointId, key, value },
        update: { value },
      });
    }
    return answer;
  }
}
