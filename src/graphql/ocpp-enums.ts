import { OCPP16_ENUMS } from "../generated/ocpp-vocabulary.js";
import { builder } from "./builder.js";

// OCPP 1.6 enumerations used as command arguments and answers, spelled as in the specification; their values come
// from the vendored schemas (src/generated/ocpp-vocabulary.ts).
export const ResetType = builder.enumType("ResetType", { values: OCPP16_ENUMS.ResetType });
export const AvailabilityType = builder.enumType("AvailabilityType", { values: OCPP16_ENUMS.AvailabilityType });
export const MessageTrigger = builder.enumType("MessageTrigger", { values: OCPP16_ENUMS.MessageTrigger });
export const UpdateType = builder.enumType("UpdateType", { values: OCPP16_ENUMS.UpdateType });
export const UpdateStatus = builder.enumType("UpdateStatus", { values: OCPP16_ENUMS.UpdateStatus });
export const ChargingProfilePurpose = builder.enumType("ChargingProfilePurpose", {
  values: OCPP16_ENUMS.ChargingProfilePurpose,
});
export const ChargingProfileKind = builder.enumType("ChargingProfileKind", {
  values: OCPP16_ENUMS.ChargingProfileKind,
});
export const RecurrencyKind = builder.enumType("RecurrencyKind", { values: OCPP16_ENUMS.RecurrencyKind });
export const ChargingRateUnit = builder.enumType("ChargingRateUnit", { values: OCPP16_ENUMS.ChargingRateUnit });
