import type { ChangeConfigurationResponse, GetConfigurationResponse } from "../../../src/generated/ocpp-types.js";

type KeyType = "integer" | "boolean" | "text";
type ConfigurationKey = { value: string; readonly: boolean; type: KeyType };

const rw = (type: KeyType, value: string | number | boolean): ConfigurationKey => ({
  value: String(value),
  readonly: false,
  type,
});
const ro = (type: KeyType, value: string | number | boolean): ConfigurationKey => ({
  value: String(value),
  readonly: true,
  type,
});

/** The standard keys (OCPP 1.6 chapter 9) this simulator has, with their initial values. */
export function standardConfiguration(settings: {
  connectors: number;
  heartbeatIntervalSeconds: number;
  meterIntervalSeconds: number;
}): ConfigurationStore {
  return new ConfigurationStore({
    // Core
    AllowOfflineTxForUnknownId: rw("boolean", true),
    AuthorizeRemoteTxRequests: ro("boolean", false),
    ClockAlignedDataInterval: rw("integer", 0),
    ConnectionTimeOut: rw("integer", 60),
    GetConfigurationMaxKeys: ro("integer", 50),
    HeartbeatInterval: rw("integer", settings.heartbeatIntervalSeconds),
    LocalAuthorizeOffline: rw("boolean", true),
    LocalPreAuthorize: rw("boolean", false),
    MeterValueSampleInterval: rw("integer", settings.meterIntervalSeconds),
    MeterValuesSampledData: ro("text", "Energy.Active.Import.Register,Power.Active.Import,SoC"),
    NumberOfConnectors: ro("integer", settings.connectors),
    ResetRetries: rw("integer", 1),
    StopTransactionOnEVSideDisconnect: ro("boolean", true),
    StopTransactionOnInvalidId: rw("boolean", true),
    StopTxnSampledData: ro("text", "Energy.Active.Import.Register"),
    SupportedFeatureProfiles: ro(
      "text",
      "Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger",
    ),
    UnlockConnectorOnEVSideDisconnect: rw("boolean", true),
    // Local Auth List Management
    LocalAuthListEnabled: rw("boolean", true),
    LocalAuthListMaxLength: ro("integer", 1000),
    SendLocalListMaxLength: ro("integer", 100),
    // Reservation
    ReserveConnectorZeroSupported: ro("boolean", false),
    // Smart Charging
    ChargeProfileMaxStackLevel: ro("integer", 10),
    ChargingScheduleAllowedChargingRateUnit: ro("text", "Current,Power"),
    ChargingScheduleMaxPeriods: ro("integer", 24),
    MaxChargingProfilesInstalled: ro("integer", 10),
  });
}

const validValue: Record<KeyType, RegExp> = { integer: /^\d{1,9}$/, boolean: /^(true|false)$/, text: /^.{0,500}$/s };

/** The charge point's configuration keys, in memory: read with GetConfiguration, written with ChangeConfiguration. */
export class ConfigurationStore {
  private readonly keys: Map<string, ConfigurationKey>;

  constructor(keys: Record<string, ConfigurationKey>) {
    this.keys = new Map(Object.entries(keys));
  }

  number(key: string): number {
    return Number(this.keys.get(key)?.value ?? 0);
  }

  flag(key: string): boolean {
    return this.keys.get(key)?.value === "true";
  }

  /** The charge point's own writes (e.g. the heartbeat interval from a BootNotification answer). */
  set(key: string, value: string | number): void {
    const entry = this.keys.get(key);
    if (entry) entry.value = String(value);
  }

  /** Unknown keys are NotSupported, read-only keys and ill-typed values Rejected. */
  change(key: string, value: string): ChangeConfigurationResponse["status"] {
    const entry = this.keys.get(key);
    if (!entry) return "NotSupported";
    if (entry.readonly || !validValue[entry.type].test(value)) return "Rejected";
    entry.value = value;
    return "Accepted";
  }

  /** Every key when none is asked for; asked-for keys we do not have are listed as unknownKey. */
  report(requested: string[] = []): GetConfigurationResponse {
    const names = requested.length > 0 ? requested : [...this.keys.keys()];
    const configurationKey = names.flatMap((key) => {
      const entry = this.keys.get(key);
      return entry ? [{ key, readonly: entry.readonly, value: entry.value }] : [];
    });
    const unknownKey = names.filter((key) => !this.keys.has(key));
    return unknownKey.length > 0 ? { configurationKey, unknownKey } : { configurationKey };
  }
}
