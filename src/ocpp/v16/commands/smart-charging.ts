import type { ChargePointCommands } from "../../../domain/charge-point-commands.js";
import type { ChargingProfile } from "../../../domain/charging-profile-rules.js";
import type { SmartChargingCommands } from "../../../domain/charging-profiles.js";
import type { SetChargingProfileRequest } from "../../../generated/ocpp-types.js";

type OcppChargingProfile = SetChargingProfileRequest["csChargingProfiles"];

/**
 * A charging profile in OCPP 1.6 words, which are the domain's: the profile is stored as it was sent. The two types
 * are checked to stay interchangeable, so a field added on either side fails to compile here.
 */
export const ocppChargingProfile = (profile: ChargingProfile): OcppChargingProfile => profile;
const fromOcpp = (profile: OcppChargingProfile): ChargingProfile => profile;
void fromOcpp;

/** Smart charging in OCPP 1.6 messages. */
export function smartChargingCommands(chargePoints: ChargePointCommands): SmartChargingCommands {
  return {
    setProfile: (chargePointId, connectorId, profile) =>
      chargePoints.send(chargePointId, "SetChargingProfile", {
        connectorId,
        csChargingProfiles: ocppChargingProfile(profile),
      }),
    clearProfiles: (chargePointId, { id, connectorId, purpose, stackLevel }) =>
      chargePoints.send(chargePointId, "ClearChargingProfile", {
        ...(id === undefined ? {} : { id }),
        ...(connectorId === undefined ? {} : { connectorId }),
        ...(purpose === undefined ? {} : { chargingProfilePurpose: purpose }),
        ...(stackLevel === undefined ? {} : { stackLevel }),
      }),
    compositeSchedule: (chargePointId, { connectorId, durationSeconds, rateUnit }) =>
      chargePoints.send(chargePointId, "GetCompositeSchedule", {
        connectorId,
        duration: durationSeconds,
        ...(rateUnit ? { chargingRateUnit: rateUnit } : {}),
      }),
  };
}
