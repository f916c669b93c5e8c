import type {
  ClearChargingProfileRequest,
  ClearChargingProfileResponse,
  GetCompositeScheduleRequest,
  GetCompositeScheduleResponse,
  SetChargingProfileRequest,
  SetChargingProfileResponse,
} from "../../../src/generated/ocpp-types.js";
import { convertLimit as convert } from "../charging-rate.js";

export type ChargingProfile = SetChargingProfileRequest["csChargingProfiles"];
type Installed = { connectorId: number; profile: ChargingProfile };

const PURPOSE_PRIORITY = ["TxProfile", "TxDefaultProfile", "ChargePointMaxProfile"] as const;

/** Smart charging: the installed charging profiles, kept, replaced and cleared as OCPP 1.6 section 3.13 describes. */
export class ChargingProfiles {
  private installed: Installed[] = [];

  constructor(private readonly maxPowerW: number) {}

  /**
   * SetChargingProfile. A ChargePointMaxProfile belongs on connector 0; a TxProfile needs a session on its
   * connector, and if it names a transaction, that session's.
   */
  set(
    request: SetChargingProfileRequest,
    session: { transactionId?: number } | undefined,
  ): SetChargingProfileResponse["status"] {
    const { connectorId, csChargingProfiles: profile } = request;
    if (profile.chargingProfilePurpose === "ChargePointMaxProfile" && connectorId !== 0) return "Rejected";
    if (profile.chargingProfilePurpose === "TxProfile") {
      if (!session) return "Rejected";
      if (profile.transactionId !== undefined && profile.transactionId !== session.transactionId) return "Rejected";
    }
    this.install(connectorId, profile);
    return "Accepted";
  }

  /** A new profile replaces the one with its id, and the one with its stack level and purpose on its connector. */
  install(connectorId: number, profile: ChargingProfile): void {
    this.installed = this.installed.filter(
      (p) =>
        p.profile.chargingProfileId !== profile.chargingProfileId &&
        !(
          p.connectorId === connectorId &&
          p.profile.stackLevel === profile.stackLevel &&
          p.profile.chargingProfilePurpose === profile.chargingProfilePurpose
        ),
    );
    this.installed.push({ connectorId, profile });
  }

  /** ClearChargingProfile: removes the profiles matching every given criterion. */
  clear(request: ClearChargingProfileRequest): ClearChargingProfileResponse["status"] {
    const matches = ({ connectorId, profile }: Installed) =>
      (request.id === undefined || profile.chargingProfileId === request.id) &&
      (request.connectorId === undefined || connectorId === request.connectorId) &&
      (request.chargingProfilePurpose === undefined ||
        profile.chargingProfilePurpose === request.chargingProfilePurpose) &&
      (request.stackLevel === undefined || profile.stackLevel === request.stackLevel);
    const before = this.installed.length;
    this.installed = this.installed.filter((p) => !matches(p));
    return this.installed.length < before ? "Accepted" : "Unknown";
  }

  /** A TxProfile ends with its transaction. */
  transactionEnded(connectorId: number): void {
    this.installed = this.installed.filter(
      (p) => !(p.connectorId === connectorId && p.profile.chargingProfilePurpose === "TxProfile"),
    );
  }

  /**
   * GetCompositeSchedule, simplified: the schedule of the governing profile for the connector (a TxProfile before a
   * TxDefaultProfile before a ChargePointMaxProfile, the highest stack level first), or the connector's full power.
   */
  compositeSchedule(request: GetCompositeScheduleRequest, now = new Date()): GetCompositeScheduleResponse {
    const relevant = this.installed.filter((p) => p.connectorId === request.connectorId || p.connectorId === 0);
    const governing = PURPOSE_PRIORITY.map(
      (purpose) =>
        relevant
          .filter((p) => p.profile.chargingProfilePurpose === purpose)
          .sort((a, b) => b.profile.stackLevel - a.profile.stackLevel)[0],
    ).find(Boolean)?.profile.chargingSchedule;
    const unit = request.chargingRateUnit ?? governing?.chargingRateUnit ?? "W";
    const periods = governing
      ? governing.chargingSchedulePeriod.map((period) => ({
          startPeriod: period.startPeriod,
          limit: convert(period.limit, governing.chargingRateUnit, unit),
        }))
      : [{ startPeriod: 0, limit: convert(this.maxPowerW, "W", unit) }];
    return {
      status: "Accepted",
      connectorId: request.connectorId,
      scheduleStart: now.toISOString(),
      chargingSchedule: {
        duration: request.duration,
        chargingRateUnit: unit,
        chargingSchedulePeriod: periods.filter((period, index) => index === 0 || period.startPeriod < request.duration),
      },
    };
  }
}
