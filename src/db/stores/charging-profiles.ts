import type { ChargingProfile, ProfileMatch } from "../../features/smart-charging/charging-profile-rules.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { Database } from "../client.js";

/** The only writer of the charging_profiles table: profiles chargers accepted, cleared ones kept with clearedAt. */
export class ChargingProfileStore {
  constructor(private readonly db: Database) {}

  /** Stores the profile a charger accepted, clearing in the same transaction the stored ones it replaces. */
  async replace(
    chargePointId: string,
    connectorId: number,
    profile: ChargingProfile,
    replaced: ProfileMatch[],
  ): Promise<void> {
    await this.db.$transaction([
      this.db.chargingProfile.updateMany({
        where: { chargePointId, clearedAt: null, OR: replaced },
        data: { clearedAt: new Date() },
      }),
      this.db.chargingProfile.create({
        data: {
          chargePointId,
          connectorId,
          chargingProfileId: profile.chargingProfileId,
          stackLevel: profile.stackLevel,
          purpose: profile.chargingProfilePurpose,
          kind: profile.chargingProfileKind,
          recurrencyKind: profile.recurrencyKind ?? null,
          transactionId: profile.transactionId ?? null,
          validFrom: profile.validFrom ? new Date(profile.validFrom) : null,
          validTo: profile.validTo ? new Date(profile.validTo) : null,
          profile: profile as unknown as Prisma.InputJsonValue,
        },
      }),
    ]);
  }

  /** Marks this charge point's profiles in force that match as cleared. */
  async clear(chargePointId: string, match: ProfileMatch): Promise<void> {
    await this.db.chargingProfile.updateMany({
      where: { chargePointId, clearedAt: null, ...match },
      data: { clearedAt: new Date() },
    });
  }
}
