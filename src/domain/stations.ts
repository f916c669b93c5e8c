import { parseOcppDateTime } from "../ocpp/date-time.js";
import type { Database } from "../db/client.js";
import type { EventBus } from "../events/event-bus.js";
import type { FrameRecord } from "../ocpp/connection.js";
import type { StateWriter } from "./state-writer.js";
import type {
  BootNotificationRequest,
  DiagnosticsStatusNotificationRequest,
  FirmwareStatusNotificationRequest,
  StatusNotificationRequest,
} from "../generated/ocpp-types.js";

/** Stations and their connectors: registration, connection state, heartbeats and status. */
export class StationService {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly writer: StateWriter,
  ) {}

  /** After a restart no socket is open, whatever the table says. */
  async markAllDisconnected(): Promise<number> {
    const { count } = await this.db.station.updateMany({
      where: { connected: true },
      data: { connected: false, disconnectedAt: new Date() },
    });
    return count;
  }

  /**
   * Stations marked connected that no instance holds any more (found with isHeld) are marked disconnected. A station
   * written after the list was read (a charger that just connected somewhere) is left alone.
   */
  async markDisconnectedUnlessHeld(held: (chargePointIds: string[]) => Promise<Set<string>>): Promise<number> {
    const connected = await this.db.$queryRaw<Array<{ id: string; readAt: Date }>>`
      SELECT charge_point_id AS id, statement_timestamp() AS "readAt" FROM stations WHERE connected`;
    if (connected.length === 0) return 0;
    const holding = await held(connected.map((station) => station.id));
    const orphaned = connected.map((station) => station.id).filter((id) => !holding.has(id));
    if (orphaned.length === 0) return 0;
    const marked = await this.db.$queryRaw<Array<{ id: string }>>`
      UPDATE stations SET connected = false, disconnected_at = now(), updated_at = now()
      WHERE charge_point_id = ANY(${orphaned}) AND connected AND updated_at < ${connected[0]!.readAt}
      RETURNING charge_point_id AS id`;
    if (marked.length === 0) return 0;
    const stations = await this.db.station.findMany({ where: { chargePointId: { in: marked.map((row) => row.id) } } });
    for (const station of stations) this.events.publish("stationUpdated", station);
    return marked.length;
  }

  connected(chargePointId: string, at: Date): Promise<void> {
    return this.writer.connection(chargePointId, true, at);
  }

  disconnected(chargePointId: string, at: Date): Promise<void> {
    return this.writer.connection(chargePointId, false, at);
  }

  async booted(chargePointId: string, boot: BootNotificationRequest, at: Date): Promise<void> {
    const details = {
      vendor: boot.chargePointVendor,
      model: boot.chargePointModel,
      serialNumber: boot.chargePointSerialNumber ?? null,
      chargeBoxSerialNumber: boot.chargeBoxSerialNumber ?? null,
      firmwareVersion: boot.firmwareVersion ?? null,
      iccid: boot.iccid ?? null,
      imsi: boot.imsi ?? null,
      meterType: boot.meterType ?? null,
      meterSerialNumber: boot.meterSerialNumber ?? null,
      lastBootAt: at,
      // A boot is a sign of life, as a heartbeat is.
      lastHeartbeatAt: at,
    };
    const station = await this.db.station.upsert({
      where: { chargePointId },
      create: { chargePointId, ...details },
      update: details,
    });
    this.events.publish("stationUpdated", station);
  }

  heartbeat(chargePointId: string, at: Date): Promise<void> {
    return this.writer.heartbeat(chargePointId, at);
  }

  /** Keeps the latest status per connector and every notification as history (and its frame in the same commit). */
  statusNotification(
    chargePointId: string,
    notification: StatusNotificationRequest,
    receivedAt: Date,
    frame?: FrameRecord,
  ): Promise<void> {
    return this.writer.connectorStatus(
      {
        chargePointId,
        connectorId: notification.connectorId,
        status: notification.status,
        errorCode: notification.errorCode,
        info: notification.info ?? null,
        vendorId: notification.vendorId ?? null,
        vendorErrorCode: notification.vendorErrorCode ?? null,
        statusAt: notification.timestamp ? parseOcppDateTime(notification.timestamp) : receivedAt,
        receivedAt,
      },
      frame,
    );
  }

  async firmwareStatus(chargePointId: string, notification: FirmwareStatusNotificationRequest, at: Date) {
    const station = await this.db.station.update({
      where: { chargePointId },
      data: { firmwareStatus: notification.status, firmwareStatusAt: at },
    });
    this.events.publish("stationUpdated", station);
  }

  async diagnosticsStatus(chargePointId: string, notification: DiagnosticsStatusNotificationRequest, at: Date) {
    const station = await this.db.station.update({
      where: { chargePointId },
      data: { diagnosticsStatus: notification.status, diagnosticsStatusAt: at },
    });
    this.events.publish("stationUpdated", station);
  }
}
