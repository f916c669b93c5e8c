import type {
  ChargingProfileType,
  ClearChargingProfileRequest,
  ClearChargingProfileResponse,
  GetCompositeScheduleRequest,
  GetCompositeScheduleResponse,
  SetChargingProfileRequest,
  SetChargingProfileResponse,
} from "../../../src/generated/ocpp201-types.js";
import { convertLimit } from "../charging-rate.js";

type Installed = { evseId: number; profile: ChargingProfileType };

const PURPOSE_PRIORITY = ["TxProfile", "TxDefaultProfile", "ChargingStationMaxProfile"] as const;

/** Smart charging: the installed charging profiles, kept, replaced and cleared as OCPP 2.0.1 K01 to K10 describe. */
export class ChargingProfiles {
  private installed: Installed[] = [];

  constructor(private readonly maxPowerW: number) {}

  /**
   * SetChargingProfile. A ChargingStationMaxProfile belongs on EVSE 0; a TxProfile needs a session on its EVSE,
   * and if it names a transaction, that session's. External constraints are the station's own business (K01.FR.22).
   */
  set(
    { evseId, chargingProfile: profile }: SetChargingProfileRequest,
    session: { transactionId: string } | undefined,
  ): SetChargingProfileResponse["status"] {
    if (profile.chargingProfilePurpose === "ChargingStationExternalConstraints") return "Rejected";
    if (profile.chargingProfilePurpose === "ChargingStationMaxProfile" && evseId !== 0) return "Rejected";
    if (profile.chargingProfilePurpose === "TxProfile") {
      if (!session) return "Rejected";
      if (profile.transactionId !== undefined && profile.transactionId !== session.transactionId) return "Rejected";
    }
    this.install(evseId, profile);
    return "Accepted";
  }

  /** A new profile replaces the one with its id, and the one with its stack level and purpose on its EVSE. */
  install(evseId: number, profile: ChargingProfileType): void {
    this.installed = this.installed.filter(
      (p) =>
        p.profile.id !== profile.id &&
        !(
          p.evseId === evseId &&
          p.profile.stackLevel === profile.stackLevel &&
          p.profile.chargingProfilePurpose === profile.chargingProfilePurpose
        ),
    );
    this.installed.push({ evseId, profile });
  }

  /** ClearChargingProfile: by id, or the profiles matching every given criterion. */
  clear({ chargingProfileId, chargingProfileCriteria: criteria }: ClearChargingProfileRequest) {
    const matches = ({ evseId, profile }: Installed) =>
      (chargingProfileId === undefined || profile.id === chargingProfileId) &&
      (criteria?.evseId === undefined || evseId === criteria.evseId) &&
      (criteria?.chargingProfilePurpose === undefined ||
        profile.chargingProfilePurpose === criteria.chargingProfilePurpose) &&
      (criteria?.stackLevel === undefined || profile.stackLevel === criteria.stackLevel);
    const before = this.installed.length;
    this.installed = this.installed.filter((p) => !matches(p));
    const status: ClearChargingProfileResponse["status"] = this.installed.length < before ? "Accepted" : "Unknown";
    return status;
  }

  /** A TxProfile ends with its transaction. */
  transactionEnded(evseId: number): void {
    this.installed = this.installed.filter(
      (p) => !(p.evseId === evseId && p.profile.chargingProfilePurpose === "TxProfile"),
    );
  }

  /**
   * GetCompositeSchedule, simplified: the first schedule of the governing profile for the EVSE (a TxProfile before
   * a TxDefaultProfile before a ChargingStationMaxProfile, the highest stack level first), or the EVSE's full power.
   */
  compositeSchedule(request: GetCompositeScheduleRequest, now = new Date()): GetCompositeScheduleResponse {
    const relevant = this.installed.filter((p) => p.evseId === request.evseId || p.evseId === 0);
    const governing = PURPOSE_PRIORITY.map(
      (purpose) =>
        relevant
          .filter((p) => p.profile.chargingProfilePurpose === purpose)
          .sort((a, b) => b.profile.stackLevel - a.profile.stackLevel)[0],
    ).find(Boolean)?.profile.chargingSchedule[0];
    const unit = request.chargingRateUnit ?? governing?.chargingRateUnit ?? "W";
    const periods = governing
      ? governing.chargingSchedulePeriod.map((period) => ({
          startPeriod: period.startPeriod,
          limit: convertLimit(period.limit, governing.chargingRateUnit, unit),
        }))
      : [{ startPeriod: 0, limit: convertLimit(this.maxPowerW, "W", unit) }];
    const [first, ...rest] = periods.filter((period, index) => index === 0 || period.startPeriod < request.duration);
    return {
      status: "Accepted",
      schedule: {
        evseId: request.evseId,
        duration: request.duration,
        scheduleStart: now.toISOString(),
        chargingRateUnit: unit,
        chargingSchedulePeriod: [first!, ...rest],
      },
    };
  }
}
