import type { Database } from "../db/client.js";
import type {
  ClearChargingProfileRequest,
  ClearChargingProfileResponse,
  GetCompositeScheduleRequest,
  GetCompositeScheduleResponse,
  SetChargingProfileRequest,
  SetChargingProfileResponse,
} from "../generated/ocpp-types.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { ChargePointCommands } from "./charge-point-commands.js";

export type OcppChargingProfile = SetChargingProfileRequest["csChargingProfiles"];

/** Smart Charging: profiles the charger accepted are stored; cleared ones are kept with clearedAt. */
export class ChargingProfileService {
  constructor(
    private readonly db: Database,
    private readonly commands: ChargePointCommands,
  ) {}

  async setChargingProfile(
    chargePointId: string,
    connectorId: number,
    profile: OcppChargingProfile,
  ): Promise<SetChargingProfileResponse> {
    const answer = await this.commands.send(chargePointId, "SetChargingProfile", {
      connectorId,
      csChargingProfiles: profile,
    });
    if (answer.status !== "Accepted") return answer;
    const now = new Date();
    await this.db.$transaction([
      // OCPP 1.6 (3.13.2): a new profile replaces one with the same id, or with the same stack level and purpose
      // on the same connector.
      this.db.chargingProfile.updateMany({
        where: {
          chargePointId,
          clearedAt: null,
          OR: [
            { chargingProfileId: profile.chargingProfileId },
            { connectorId, stackLevel: profile.stackLevel, purpose: profile.chargingProfilePurpose },
          ],
        },
        data: { clearedAt: now },
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
    return answer;
  }

  /** Marks the stored profiles matching the same criteria as cleared once the charger accepted. */
  async clearChargingProfile(
    chargePointId: string,
    criteria: ClearChargingProfileRequest,
  ): Promise<ClearChargingProfileResponse> {
    const answer = await this.commands.send(chargePointId, "ClearChargingProfile", criteria);
    if (answer.status !== "Accepted") return answer;
    const where: Prisma.ChargingProfileWhereInput = { chargePointId, clearedAt: null };
    if (criteria.id !== undefined) where.chargingProfileId = criteria.id;
    if (criteria.connectorId !== undefined) where.connectorId = criteria.connectorId;
    if (criteria.chargingProfilePurpose !== undefined) where.purpose = criteria.chargingProfilePurpose;
    if (criteria.stackLevel !== undefined) where.stackLevel = criteria.stackLevel;
    await this.db.chargingProfile.updateMany({ where, data: { clearedAt: new Date() } });
    return answer;
  }

  getCompositeSchedule(
    chargePointId: string,
    request: GetCompositeScheduleRequest,
  ): Promise<GetCompositeScheduleResponse> {
    return this.commands.send(chargePointId, "GetCompositeSchedule", request);
  }
}
