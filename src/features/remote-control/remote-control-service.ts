import type { CommandAnswer } from "../command-answer.js";
import { assertSessionProfile, type ChargingProfile } from "../smart-charging/charging-profile-rules.js";

export type SessionStart = { idTag: string; connectorId?: number; chargingProfile?: ChargingProfile };

/**
 * What remote control needs to tell a charger, in any protocol version. These commands only act on the charger; its
 * later notifications update our state.
 */
export type RemoteControlCommands = {
  startSession(chargePointId: string, request: SessionStart): Promise<CommandAnswer>;
  stopSession(chargePointId: string, transactionId: number): Promise<CommandAnswer>;
  reset(chargePointId: string, kind: "Hard" | "Soft"): Promise<CommandAnswer>;
  unlockConnector(chargePointId: string, connectorId: number): Promise<CommandAnswer>;
  /** Connector 0 is the whole charge point. */
  changeAvailability(
    chargePointId: string,
    connectorId: number,
    availability: "Inoperative" | "Operative",
  ): Promise<CommandAnswer>;
  clearAuthorizationCache(chargePointId: string): Promise<CommandAnswer>;
  dataTransfer(
    chargePointId: string,
    request: { vendorId: string; messageId?: string; data?: string },
  ): Promise<{ status: string; data?: string }>;
  /** Asks the charger to send one of its own messages now, e.g. its status or meter values. */
  triggerMessage(chargePointId: string, request: { message: string; connectorId?: number }): Promise<CommandAnswer>;
};

/** Operations whose only effect is on the charger; the charger's later notifications update our state. */
export class RemoteControlService {
  constructor(private readonly commands: RemoteControlCommands) {}

  startSession(chargePointId: string, request: SessionStart): Promise<CommandAnswer> {
    assertSessionProfile(request.chargingProfile);
    return this.commands.startSession(chargePointId, request);
  }

  /**
   * Sent for any transactionId: our records may call a transaction unknown or stopped (after an outage, or
   * closeTransaction) while the charger still runs it. Its stop then ends it here too.
   */
  stopSession(chargePointId: string, transactionId: number): Promise<CommandAnswer> {
    return this.commands.stopSession(chargePointId, transactionId);
  }

  reset(chargePointId: string, kind: "Hard" | "Soft"): Promise<CommandAnswer> {
    return this.commands.reset(chargePointId, kind);
  }

  unlockConnector(chargePointId: string, connectorId: number): Promise<CommandAnswer> {
    return this.commands.unlockConnector(chargePointId, connectorId);
  }

  changeAvailability(
    chargePointId: string,
    connectorId: number,
    availability: "Inoperative" | "Operative",
  ): Promise<CommandAnswer> {
    return this.commands.changeAvailability(chargePointId, connectorId, availability);
  }

  clearAuthorizationCache(chargePointId: string): Promise<CommandAnswer> {
    return this.commands.clearAuthorizationCache(chargePointId);
  }

  dataTransfer(chargePointId: string, request: { vendorId: string; messageId?: string; data?: string }) {
    return this.commands.dataTransfer(chargePointId, request);
  }

  triggerMessage(chargePointId: string, request: { message: string; connectorId?: number }): Promise<CommandAnswer> {
    return this.commands.triggerMessage(chargePointId, request);
  }
}
