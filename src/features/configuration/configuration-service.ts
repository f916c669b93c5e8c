import type { StationStore } from "../../db/stores/stations.js";
import { AUTHORIZATION_KEY, REDACTED, sameKey, type SecretConfigurationKeys } from "./secret-configuration.js";
import type { StationAccessService } from "../access/station-access-service.js";

/** A station's configuration as it reported it: the keys it knows, and the asked-for keys it does not. */
export type ReportedConfiguration = {
  keys: Array<{ key: string; value: string | null; readonly: boolean }>;
  unknownKeys: string[];
};
/** RebootRequired: accepted, effective after the next reboot. */
export type ConfigurationChangeStatus = "Accepted" | "Rejected" | "RebootRequired" | "NotSupported";

/** What configuration needs from a charger, whatever protocol it speaks. */
export type ConfigurationCommands = {
  /** The given keys, or every key the charger has when none are given. */
  read(chargePointId: string, keys?: string[]): Promise<ReportedConfiguration>;
  change(chargePointId: string, key: string, value: string): Promise<{ status: ConfigurationChangeStatus }>;
};

/**
 * Reading and changing a station's configuration, keeping its stored configuration in step. Secret keys' values are
 * never stored or returned (see SecretConfigurationKeys); an accepted AuthorizationKey becomes the station's
 * handshake password.
 */
export class ConfigurationService {
  constructor(
    private readonly stations: StationStore,
    private readonly commands: ConfigurationCommands,
    private readonly stationAccess: StationAccessService,
    readonly secrets: SecretConfigurationKeys,
  ) {}

  async getConfiguration(chargePointId: string, keys?: string[]): Promise<ReportedConfiguration> {
    const answer = this.secrets.redactAnswer(await this.redactingErrors(this.commands.read(chargePointId, keys)));
    await this.stations.saveConfigurationReport(chargePointId, answer.keys, answer.unknownKeys);
    return answer;
  }

  /**
   * Stores the new value once the charger accepted it (RebootRequired means accepted, effective after reboot). A new
   * AuthorizationKey is hashed before it is sent, so that the station's password changes as soon as the charger
   * accepts, not a hash's time later; a value no station password may have is refused without sending anything.
   */
  async changeConfiguration(
    chargePointId: string,
    key: string,
    value: string,
  ): Promise<{ status: ConfigurationChangeStatus }> {
    const newPasswordHash = sameKey(key, AUTHORIZATION_KEY)
      ? await this.stationAccess.hashNewPassword(value, AUTHORIZATION_KEY)
      : undefined;
    const answer = await this.redactingErrors(this.commands.change(chargePointId, key, value));
    if (answer.status === "Accepted" || answer.status === "RebootRequired") {
      if (newPasswordHash) await this.stationAccess.setPasswordHash(chargePointId, newPasswordHash);
      await this.stations.saveConfigurationValue(chargePointId, key, this.secrets.storable(key, value));
    }
    return answer;
  }

  /** A charger's error may echo what it was sent or holds: it reaches the caller redacted too. */
  private redactingErrors<T>(command: Promise<T>): Promise<T> {
    return command.catch((error: unknown) => {
      throw this.secrets.redactError(error);
    });
  }

  /**
   * Replaces values stored in clear for keys that became secret since (OCPP_SECRET_CONFIGURATION_KEYS grew); the
   * migration did so once for AuthorizationKey. Returns how many rows it changed.
   */
  redactStoredSecrets(): Promise<number> {
    return this.stations.replaceConfigurationValues([...this.secrets.names], REDACTED);
  }
}
