import type { CommandAnswer } from "../command-answer.js";
import type { ChargingProfileStore } from "../../db/stores/charging-profiles.js";
import {
  type ChargingProfile,
  type ChargingRateUnit,
  type ChargingSchedule,
  type ClearCriteria,
  clearedBy,
  replacedBy,
} from "./charging-profile-rules.js";

export type { ChargingProfile } from "./charging-profile-rules.js";

/** The limits a charger says it will apply on a connector over a period, all profiles stacked. */
export type CompositeSchedule = {
  status: string;
  connectorId?: number;
  /** Date-time text. */
  scheduleStart?: string;
  chargingSchedule?: ChargingSchedule;
};

/** What smart charging needs to tell a charger, in any protocol version. */
export type SmartChargingCommands = {
  setProfile(chargePointId: string, connectorId: number, profile: ChargingProfile): Promise<CommandAnswer>;
  clearProfiles(chargePointId: string, criteria: ClearCriteria): Promise<CommandAnswer>;
  compositeSchedule(
    chargePointId: string,
    request: { connectorId: number; durationSeconds: number; rateUnit?: ChargingRateUnit },
  ): Promise<CompositeSchedule>;
};

/** Smart Charging: profiles the charger accepted are stored; cleared ones are kept with clearedAt. */
export class ChargingProfileService {
  constructor(
    private readonly store: ChargingProfileStore,
    private readonly commands: SmartChargingCommands,
  ) {}

  async setChargingProfile(
    chargePointId: string,
    connectorId: number,
    profile: ChargingProfile,
  ): Promise<CommandAnswer> {
    const answer = await this.commands.setProfile(chargePointId, connectorId, profile);
    if (answer.status !== "Accepted") return answer;
    await this.store.replace(chargePointId, connectorId, profile, replacedBy(connectorId, profile));
    return answer;
  }

  /** Marks the stored profiles matching the same criteria as cleared once the charger accepted. */
  async clearChargingProfile(chargePointId: string, criteria: ClearCriteria): Promise<CommandAnswer> {
    const answer = await this.commands.clearProfiles(chargePointId, criteria);
    if (answer.status !== "Accepted") return answer;
    await this.store.clear(chargePointId, clearedBy(criteria));
    return answer;
  }

  getCompositeSchedule(
    chargePointId: string,
    request: { connectorId: number; durationSeconds: number; rateUnit?: ChargingRateUnit },
  ): Promise<CompositeSchedule> {
    return this.commands.compositeSchedule(chargePointId, request);
  }
}
