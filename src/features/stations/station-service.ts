import type { ConnectorStatus, StationRegistration, StationStore } from "../../db/stores/stations.js";
import type { AuditLog, RecordedFrame } from "../audit/audit-log.js";
import type { StateWriter } from "../../db/state-writer.js";

export type { StationRegistration } from "../../db/stores/stations.js";

/** A connector's reported state; connector 0 is the station as a whole. */
export type ConnectorStatusReport = Omit<ConnectorStatus, "chargePointId" | "receivedAt">;

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

  connected(chargePointId: string, at: Date): Promise<void> {
    return this.writer.connection(chargePointId, true, at);
  }

  disconnected(chargePointId: string, at: Date): Promise<void> {
    return this.writer.connection(chargePointId, false, at);
  }

  /** Registers the station or updates its details; its frame is stored in the same statement. */
  registered(chargePointId: string, registration: StationRegistration, at: Date, frame?: RecordedFrame): Promise<void> {
    return this.audit.storeWith(frame, (claimed) =>
      this.store.saveRegistration(chargePointId, registration, at, claimed),
    );
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
