import type { ConnectorStatus, StationRegistration, StationStore } from "../../db/stores/stations.js";
import type { AuditLog, RecordedFrame } from "../audit/audit-log.js";
import type { StateWriter } from "../../db/state-writer.js";
import type { OcppVersion, RegistrationStatus } from "../../generated/prisma/client.js";

export type { StationRegistration } from "../../db/stores/stations.js";

/** A connector's reported state; connector 0 is the station as a whole. */
export type ConnectorStatusReport = Omit<ConnectorStatus, "chargePointId" | "receivedAt">;

/** An operation named a station that does not exist. */
export class StationNotFoundError extends Error {
  override name = "StationNotFoundError";
}

/** Stations and their connectors: registration, connection state, heartbeats and status. */
export class StationService {
  constructor(
    private readonly store: StationStore,
    private readonly writer: StateWriter,
    private readonly audit: AuditLog,
  ) {}

  /** After a restart no socket is open, whatever the table says. */
  markAllDisconnected(): Promise<number> {
    return this.store.markAllDisconnected();
  }

  /**
   * Stations marked connected that no instance holds any more (found with isHeld) are marked disconnected. A station
   * written after the list was read (a charger that just connected somewhere) is left alone.
   */
  async markDisconnectedUnlessHeld(held: (chargePointIds: string[]) => Promise<Set<string>>): Promise<number> {
    const { chargePointIds, readAt } = await this.store.connectedStations();
    if (chargePointIds.length === 0) return 0;
    const holding = await held(chargePointIds);
    const orphaned = chargePointIds.filter((id) => !holding.has(id));
    if (orphaned.length === 0) return 0;
    return this.store.markDisconnected(orphaned, readAt!);
  }

  /** The station connected, speaking this version. */
  connected(chargePointId: string, at: Date, ocppVersion: OcppVersion): Promise<void> {
    return this.writer.connection(chargePointId, true, at, ocppVersion);
  }

  disconnected(chargePointId: string, at: Date): Promise<void> {
    return this.writer.connection(chargePointId, false, at);
  }

  /**
   * Registers the station or updates its details (its frame is stored in the same statement), and says how its
   * boot is answered: Accepted, or Pending or Rejected as an operator decided.
   */
  registered(
    chargePointId: string,
    registration: StationRegistration,
    at: Date,
    frame?: RecordedFrame,
  ): Promise<RegistrationStatus> {
    return this.audit.storeWith(frame, (claimed) =>
      this.store.saveRegistration(chargePointId, registration, at, claimed),
    );
  }

  /** How the station's next boot will be answered; null when it never booted. */
  registrationStatus(chargePointId: string): Promise<RegistrationStatus | null> {
    return this.store.registrationStatus(chargePointId);
  }

  /** Holds a station in Pending (it may only be asked for reports and variables) or Rejects it, or Accepts it. */
  async setRegistrationStatus(chargePointId: string, status: RegistrationStatus) {
    const station = await this.store.setRegistrationStatus(chargePointId, status);
    if (!station) throw new StationNotFoundError(`No station ${chargePointId}`);
    return station;
  }

  /** A sign of life; stored with the next state batch. */
  heartbeat(chargePointId: string, at: Date): Promise<void> {
    return this.writer.heartbeat(chargePointId, at);
  }

  /** Keeps the latest status per connector and every report as history (and its frame in the same commit). */
  connectorStatus(
    chargePointId: string,
    report: ConnectorStatusReport,
    receivedAt: Date,
    frame?: RecordedFrame,
  ): Promise<void> {
    return this.writer.connectorStatus({ chargePointId, ...report, receivedAt }, frame);
  }

  /** Where a firmware update stands, as the station reports it. */
  firmwareStatus(chargePointId: string, status: string, at: Date, frame?: RecordedFrame): Promise<void> {
    return this.audit.storeWith(frame, (claimed) => this.store.saveFirmwareStatus(chargePointId, status, at, claimed));
  }

  /** Where a diagnostics upload stands, as the station reports it. */
  diagnosticsStatus(chargePointId: string, status: string, at: Date, frame?: RecordedFrame): Promise<void> {
    return this.audit.storeWith(frame, (claimed) =>
      this.store.saveDiagnosticsStatus(chargePointId, status, at, claimed),
    );
  }

  /** Stations by connection state and physical connectors by status, for a dashboard. */
  counts() {
    return this.store.counts();
  }
}
