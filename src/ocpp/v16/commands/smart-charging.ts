import type { ChargePointCommands } from "../../charge-point-commands.js";
import type { ChargingProfile } from "../../../features/smart-charging/charging-profile-rules.js";
import type { SmartChargingCommands } from "../../../features/smart-charging/charging-profile-service.js";
import type { SetChargingProfileRequest } from "../../../generated/ocpp-types.js";

type OcppChargingProfile = SetChargingProfileRequest["csChargingProfiles"];

/**
 * A charging profile in OCPP 1.6 words, which the domain's are: a profile is stored exactly as it was sent. A field
 * 1.6 requires that the domain's type lacks, or a value 1.6 does not allow, fails to compile here.
 */
export const ocppChargingProfile = (profile: ChargingProfile): OcppChargingProfile => profile;

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
