import type { SendLocalListResponse } from "../generated/ocpp-types.js";
import { builder } from "./builder.js";

// OCPP 1.6 enumerations used as command arguments, spelled as in the specification.
export const ResetType = builder.enumType("ResetType", { values: ["Hard", "Soft"] as const });
export const AvailabilityType = builder.enumType("AvailabilityType", { values: ["Inoperative", "Operative"] as const });
export const MessageTrigger = builder.enumType("MessageTrigger", {
  values: [
    "BootNotification",
    "DiagnosticsStatusNotification",
    "FirmwareStatusNotification",
    "Heartbeat",
    "MeterValues",
    "StatusNotification",
  ] as const,
});
export const UpdateType = builder.enumType("UpdateType", { values: ["Full", "Differential"] as const });
export const UpdateStatus = builder.enumType("UpdateStatus", {
  values: ["Accepted", "Failed", "NotSupported", "VersionMismatch"] as const satisfies ReadonlyArray<
    SendLocalListResponse["status"]
  >,
});
export const ChargingProfilePurpose = builder.enumType("ChargingProfilePurpose", {
  values: ["ChargePointMaxProfile", "TxDefaultProfile", "TxProfile"] as const,
});
export const ChargingProfileKind = builder.enumType("ChargingProfileKind", {
  values: ["Absolute", "Recurring", "Relative"] as const,
});
export const RecurrencyKind = builder.enumType("RecurrencyKind", { values: ["Daily", "Weekly"] as const });
export const ChargingRateUnit = builder.enumType("ChargingRateUnit", { values: ["A", "W"] as const });
