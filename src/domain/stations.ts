import { parseOcppDateTime } from "../ocpp/date-time.js";
import type { Database } from "../db/client.js";
import { asModel, type Sql } from "../db/sql.js";
import type { EventBus } from "../events/event-bus.js";
import type { Station } from "../generated/prisma/client.js";
import type { FrameRecord } from "../ocpp/connection.js";
import type { AuditLog, ClaimedFrame } from "./audit-log.js";
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
    private readonly sql: Sql,
    private readonly audit: AuditLog,
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

  /** Registers the station or updates its details; the BootNotification frame is stored in the same statement. */
  booted(chargePointId: string, boot: BootNotificationRequest, at: Date, frame?: FrameRecord): Promise<void> {
    return this.audit.storeWith(frame, async (claimed) => {
      const station = await this.writeStation(
        claimed,
        `INSERT INTO stations AS s (charge_point_id, vendor, model, serial_number, charge_box_serial_number,
           firmware_version, iccid, imsi, meter_type, meter_serial_number, last_boot_at, last_heartbeat_at, updated_at)
         -- A boot is a sign of life, as a heartbeat is.
         VALUES ($1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, now())
         ON CONFLICT (charge_point_id) DO UPDATE SET vendor = EXCLUDED.vendor, model = EXCLUDED.model,
           serial_number = EXCLUDED.serial_number, charge_box_serial_number = EXCLUDED.charge_box_serial_number,
           firmware_version = EXCLUDED.firmware_version, iccid = EXCLUDED.iccid, imsi = EXCLUDED.imsi,
           meter_type = EXCLUDED.meter_type, meter_serial_number = EXCLUDED.meter_serial_number,
           last_boot_at = EXCLUDED.last_boot_at, last_heartbeat_at = EXCLUDED.last_heartbeat_at, updated_at = now()
         RETURNING s.*`,
        [
          chargePointId,
          boot.chargePointVendor,
          boot.chargePointModel,
          boot.chargePointSerialNumber ?? null,
          boot.chargeBoxSerialNumber ?? null,
          boot.firmwareVersion ?? null,
          boot.iccid ?? null,
          boot.imsi ?? null,
          boot.meterType ?? null,
          boot.meterSerialNumber ?? null,
          at,
        ],
      );
      this.events.publish("stationUpdated", station!);
    });
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

  firmwareStatus(
    chargePointId: string,
    notification: FirmwareStatusNotificationRequest,
    at: Date,
    frame?: FrameRecord,
  ): Promise<void> {
    return this.notified(
      chargePointId,
      "UPDATE stations AS s SET firmware_status = $3, firmware_status_at = $4, updated_at = now()",
      [notification.status, at],
      frame,
    );
  }

  diagnosticsStatus(
    chargePointId: string,
    notification: DiagnosticsStatusNotificationRequest,
    at: Date,
    frame?: FrameRecord,
  ): Promise<void> {
    return this.notified(
      chargePointId,
      "UPDATE stations AS s SET diagnostics_status = $3, diagnostics_status_at = $4, updated_at = now()",
      [notification.status, at],
      frame,
    );
  }

  /** A notification that updates the station's row (`update`, a SET over $3 and $4), its frame in the same statement. */
  private notified(chargePointId: string, update: string, values: unknown[], frame?: FrameRecord): Promise<void> {
    return this.audit.storeWith(frame, async (claimed) => {
      const station = await this.writeStation(claimed, `${update} WHERE s.charge_point_id = $1 RETURNING s.*`, [
        chargePointId,
        ...values,
      ]);
      if (!station) throw new Error(`No station ${chargePointId}`);
      this.events.publish("stationUpdated", station);
    });
  }

  /**
   * Runs `write` (an INSERT or UPDATE of stations returning its row; its own parameters from $1, leaving $2 for the
   * frame) with the claimed frame stored in the same statement; the station as stored, if there is one.
   */
  private async writeStation(claimed: ClaimedFrame, write: string, values: unknown[]): Promise<Station | undefined> {
    const audit = claimed.ctes(2);
    const [row] = await this.sql.query<Record<string, unknown>>(
      `WITH station AS (${write}), ${audit.text}
       SELECT (SELECT ids FROM audit_ids) AS audit_ids, s.* FROM (VALUES (1)) AS one (x) LEFT JOIN station AS s ON true`,
      [values[0], audit.value, ...values.slice(1)],
    );
    const { audit_ids: auditIds, ...station } = row!;
    claimed.committed(auditIds as string[] | null);
    return station.charge_point_id === null ? undefined : asModel<Station>(station);
  }
}
