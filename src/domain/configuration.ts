import type { Database } from "../db/client.js";
import type { EventBus } from "../events/event-bus.js";
import type { ChangeConfigurationResponse, GetConfigurationResponse } from "../generated/ocpp-types.js";
import type { ChargePointCommands } from "./charge-point-commands.js";
import { AUTHORIZATION_KEY, REDACTED, sameKey, type SecretConfigurationKeys } from "./secret-configuration.js";
import type { StationAccessService } from "./station-access.js";

/**
 * GetConfiguration and ChangeConfiguration, keeping the station's stored configuration in step. Secret keys' values
 * are never stored or returned (see SecretConfigurationKeys); an accepted AuthorizationKey becomes the station's
 * handshake password.
 */
export class ConfigurationService {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly commands: ChargePointCommands,
    private readonly stationAccess: StationAccessService,
    readonly secrets: SecretConfigurationKeys,
  ) {}

  async getConfiguration(chargePointId: string, keys?: string[]): Promise<GetConfigurationResponse> {
    const answer = this.secrets.redactAnswer(
      await this.send(chargePointId, "GetConfiguration", keys?.length ? { key: keys } : {}),
    );
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

  /**
   * Stores the new value once the charger accepted it (RebootRequired means accepted, effective after reboot). A new
   * AuthorizationKey is hashed before it is sent, so that the station's password changes as soon as the charger
   * accepts, not a hash's time later; a value no station password may have is refused without sending anything.
   */
  async changeConfiguration(chargePointId: string, key: string, value: string): Promise<ChangeConfigurationResponse> {
    const newPasswordHash = sameKey(key, AUTHORIZATION_KEY)
      ? await this.stationAccess.hashNewPassword(value, AUTHORIZATION_KEY)
      : undefined;
    const answer = await this.send(chargePointId, "ChangeConfiguration", { key, value });
    if (answer.status === "Accepted" || answer.status === "RebootRequired") {
      if (newPasswordHash) await this.stationAccess.setPasswordHash(chargePointId, newPasswordHash);
      const stored = this.secrets.storable(key, value);
      await this.db.configurationKey.upsert({
        where: { chargePointId_key: { chargePointId, key } },
        create: { chargePointId, key, value: stored },
        update: { value: stored },
      });
    }
    return answer;
  }

  /** A charger's CALLERROR may echo what it was sent or holds: it reaches the caller redacted too. */
  private send: ChargePointCommands["send"] = (chargePointId, action, request) =>
    this.commands.send(chargePointId, action, request).catch((error: unknown) => {
      throw this.secrets.redactError(error);
    });

  /**
   * Replaces values stored in clear for keys that became secret since (OCPP_SECRET_CONFIGURATION_KEYS grew); the
   * migration did so once for AuthorizationKey. Returns how many rows it changed.
   */
  async redactStoredSecrets(): Promise<number> {
    const { count } = await this.db.configurationKey.updateMany({
      where: {
        OR: this.secrets.names.map((key) => ({ key: { equals: key, mode: "insensitive" as const } })),
        value: { not: null },
        NOT: { value: REDACTED },
      },
      data: { value: REDACTED },
    });
    return count;
  }
}
