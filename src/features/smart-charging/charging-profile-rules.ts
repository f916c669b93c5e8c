import type { ChargingProfile as StoredChargingProfile } from "../../generated/prisma/client.js";
import { CommandRejectedError } from "../errors.js";

export type ChargingProfilePurpose = "ChargePointMaxProfile" | "TxDefaultProfile" | "TxProfile";
export type ChargingRateUnit = "A" | "W";

export type ChargingSchedulePeriod = { startPeriod: number; limit: number; numberPhases?: number };

export type ChargingSchedule = {
  /** Seconds. */
  duration?: number;
  /** Date-time text, as the profile is stored and sent. */
  startSchedule?: string;
  chargingRateUnit: ChargingRateUnit;
  chargingSchedulePeriod: ChargingSchedulePeriod[];
  minChargingRate?: number;
};

/** A charging profile: limits over time, stacked by level and purpose, for a connector or the whole station. */
export type ChargingProfile = {
  chargingProfileId: number;
  transactionId?: number;
  stackLevel: number;
  chargingProfilePurpose: ChargingProfilePurpose;
  chargingProfileKind: "Absolute" | "Recurring" | "Relative";
  recurrencyKind?: "Daily" | "Weekly";
  validFrom?: string;
  validTo?: string;
  chargingSchedule: ChargingSchedule;
};

/** The fields of a stored profile that replacing and clearing look at. */
export type StackedProfile = Pick<
  StoredChargingProfile,
  "chargingProfileId" | "connectorId" | "stackLevel" | "purpose"
>;

/** A set of stored profiles: those whose every given field is equal. */
export type ProfileMatch = Partial<StackedProfile>;

/** What a clear names; profiles matching every given criterion are cleared (all of them when none is given). */
export type ClearCriteria = {
  id?: number;
  connectorId?: number;
  purpose?: ChargingProfilePurpose;
  stackLevel?: number;
};

/**
 * The profiles a new one replaces, any of these: the one with the same id, and the one with the same stack level and
 * purpose on the same connector (OCPP 1.6, 3.13.2). Two profiles of one purpose never share a level.
 */
export function replacedBy(connectorId: number, profile: ChargingProfile): ProfileMatch[] {
  return [
    { chargingProfileId: profile.chargingProfileId },
    { connectorId, stackLevel: profile.stackLevel, purpose: profile.chargingProfilePurpose },
  ];
}

/** The profiles a clear with these criteria removes. */
export function clearedBy(criteria: ClearCriteria): ProfileMatch {
  const match: ProfileMatch = {};
  if (criteria.id !== undefined) match.chargingProfileId = criteria.id;
  if (criteria.connectorId !== undefined) match.connectorId = criteria.connectorId;
  if (criteria.purpose !== undefined) match.purpose = criteria.purpose;
  if (criteria.stackLevel !== undefined) match.stackLevel = criteria.stackLevel;
  return match;
}

export function matches(profile: StackedProfile, match: ProfileMatch): boolean {
  return (Object.keys(match) as Array<keyof ProfileMatch>).every((field) => profile[field] === match[field]);
}

/** A profile sent along with a remote start governs that session alone, so it must be a transaction profile. */
export function assertSessionProfile(profile: ChargingProfile | undefined): void {
  if (profile && profile.chargingProfilePurpose !== "TxProfile") {
    throw new CommandRejectedError("A charging profile sent with a remote start must have purpose TxProfile");
  }
}
