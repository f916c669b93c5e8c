import type { CommandAnswer } from "../command-answer.js";

export type FirmwareUpdate = { location: string; retrieveDate: Date; retries?: number; retryIntervalSeconds?: number };
export type DiagnosticsUpload = {
  location: string;
  retries?: number;
  retryIntervalSeconds?: number;
  startTime?: Date;
  stopTime?: Date;
};

/** What firmware updates and diagnostics uploads need to tell a charger, in any protocol version. */
export type FirmwareCommands = {
  /** The answer only says the charger received it: progress comes as firmware status notifications. */
  updateFirmware(chargePointId: string, update: FirmwareUpdate): Promise<Partial<CommandAnswer>>;
  /** The answer names the file the charger will upload, when it has diagnostics. */
  getDiagnostics(chargePointId: string, upload: DiagnosticsUpload): Promise<{ fileName?: string }>;
};

/**
 * Firmware updates and diagnostics uploads: the charger downloads or uploads on its own and reports its progress, which
 * the stations feature records (Station.firmwareStatus, Station.diagnosticsStatus).
 */
export class FirmwareService {
  constructor(private readonly commands: FirmwareCommands) {}

  updateFirmware(chargePointId: string, update: FirmwareUpdate): Promise<Partial<CommandAnswer>> {
    return this.commands.updateFirmware(chargePointId, update);
  }

  getDiagnostics(chargePointId: string, upload: DiagnosticsUpload): Promise<{ fileName?: string }> {
    return this.commands.getDiagnostics(chargePointId, upload);
  }
}
