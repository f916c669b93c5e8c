import { describe, expect, it } from "vitest";
import {
  assertSessionProfile,
  type ChargingProfile,
  clearedBy,
  matches,
  replacedBy,
  type StackedProfile,
} from "../../../src/features/smart-charging/charging-profile-rules.js";
import { CommandRejectedError } from "../../../src/features/errors.js";

const profile = (overrides: Partial<ChargingProfile> = {}): ChargingProfile => ({
  chargingProfileId: 1,
  stackLevel: 0,
  chargingProfilePurpose: "TxDefaultProfile",
  chargingProfileKind: "Absolute",
  chargingSchedule: { chargingRateUnit: "A", chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
  ...overrides,
});
const stored = (overrides: Partial<StackedProfile> = {}): StackedProfile => ({
  chargingProfileId: 7,
  connectorId: 1,
  stackLevel: 0,
  purpose: "TxDefaultProfile",
  ...overrides,
});
const isReplaced = (existing: StackedProfile, connectorId: number, incoming: ChargingProfile) =>
  replacedBy(connectorId, incoming).some((match) => matches(existing, match));

describe("stacking charging profiles", () => {
  it("a new profile replaces the stored one with the same id, on any connector and level", () => {
    expect(
      isReplaced(stored({ chargingProfileId: 3, connectorId: 2, stackLevel: 5 }), 1, profile({ chargingProfileId: 3 })),
    ).toBe(true);
  });

  it("a new profile replaces the one with the same stack level and purpose on the same connector", () => {
    expect(isReplaced(stored({ stackLevel: 2 }), 1, profile({ chargingProfileId: 9, stackLevel: 2 }))).toBe(true);
  });

  it("profiles on other levels, of other purposes or on other connectors stay stacked", () => {
    const incoming = profile({ chargingProfileId: 9, stackLevel: 2 });
    expect(isReplaced(stored({ stackLevel: 1 }), 1, incoming)).toBe(false);
    expect(isReplaced(stored({ stackLevel: 2, purpose: "ChargePointMaxProfile" }), 1, incoming)).toBe(false);
    expect(isReplaced(stored({ stackLevel: 2, connectorId: 2 }), 1, incoming)).toBe(false);
  });
});

describe("clearing charging profiles", () => {
  it("clears every profile when no criterion is given", () => {
    expect(clearedBy({})).toEqual({});
    expect(matches(stored(), clearedBy({}))).toBe(true);
  });

  it("clears only profiles matching every given criterion", () => {
    const criteria = clearedBy({ connectorId: 1, purpose: "TxProfile", stackLevel: 3 });
    expect(matches(stored({ connectorId: 1, purpose: "TxProfile", stackLevel: 3 }), criteria)).toBe(true);
    expect(matches(stored({ connectorId: 1, purpose: "TxProfile", stackLevel: 2 }), criteria)).toBe(false);
    expect(matches(stored({ connectorId: 2, purpose: "TxProfile", stackLevel: 3 }), criteria)).toBe(false);
  });

  it("clears by id alone", () => {
    expect(matches(stored({ chargingProfileId: 4 }), clearedBy({ id: 4 }))).toBe(true);
    expect(matches(stored({ chargingProfileId: 5 }), clearedBy({ id: 4 }))).toBe(false);
  });
});

describe("a profile sent with a remote start", () => {
  it("must be a transaction profile", () => {
    expect(() => assertSessionProfile(profile({ chargingProfilePurpose: "TxDefaultProfile" }))).toThrow(
      CommandRejectedError,
    );
    expect(() => assertSessionProfile(profile({ chargingProfilePurpose: "TxProfile" }))).not.toThrow();
  });

  it("may be left out", () => {
    expect(() => assertSessionProfile(undefined)).not.toThrow();
  });
});
