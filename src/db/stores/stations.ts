import type { EventPublisher } from "../../events/event-bus.js";
import type { Connector, OcppVersion, RegistrationStatus, Station } from "../../generated/prisma/client.js";
import type { Database } from "../client.js";
import { asModel, type BatchStatement, type Sql } from "../sql.js";
import type { FrameInsertion } from "./audit.js";

/** What a charger says about itself when it registers (boots). */
export type StationRegistration = {
  vendor: string;
  model: string;
  serialNumber: string | null;
  chargeBoxSerialNumber: string | null;
  firmwareVersion: string | null;
  iccid: string | null;
  imsi: string | null;
  meterType: string | null;
  meterSerialNumber: string | null;
};

/** 1.6 reports connectors only: their evseId is their connectorId. */
export type ConnectorStatus = {
  chargePointId: string;
  evseId: number;
  connectorId: number;
  status: string;
  errorCode: string;
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
  statusAt: Date;
  receivedAt: Date;
};

/** A connect names the version the station speaks on this connection. */
export type ConnectionChange = { chargePointId: string; connected: boolean; at: Date; ocppVersion?: OcppVersion };
export type Heartbeat = { chargePointId: string; at: Date };

/** A configuration key as a charger reported it. */
export type ReportedConfigurationKey = { key: string; value: string | null; readonly: boolean };

/**
 * Stations and what hangs off them: connectors, status history, configuration keys, pending registrations. The only
 * code that writes these tables, and the only one that publishes stationUpdated and connectorStatusChanged, each
 * once its write committed.
 */
export class StationStore {
  constructor(
    private readonly db: Database,
    private readonly sql: Sql,
    private readonly events: EventPublisher,
  ) {}

  // Connection state

  /** After a restart no socket is open, whatever the table says. How many stations it changed (not published). */
  async markAllDisconnected(): Promise<number> {
    const { count } = await this.db.station.updateMany({
      where: { connected: true },
      data: { connected: false, disconnectedAt: new Date() },
    });
    return count;
  }

  /** The stations marked connected, and the database's time of reading (for markDisconnected). */
  async connectedStations(): Promise<{ chargePointIds: string[]; readAt: Date | undefined }> {
    const rows = await this.sql.query<{ id: string; readAt: Date }>(
      `SELECT charge_point_id AS id, statement_timestamp() AS "readAt" FROM stations WHERE connected`,
    );
    return { chargePointIds: rows.map((row) => row.id), readAt: rows[0]?.readAt };
  }

  /** Marks these stations disconnected unless written since `readAt` (a charger that just connected somewhere). */
  async markDisconnected(chargePointIds: string[], readAt: Date): Promise<number> {
    const marked = await this.sql.query<Record<string, unknown>>(
      `UPDATE stations SET connected = false, disconnected_at = now(), updated_at = now()
       WHERE charge_point_id = ANY($1) AND connected AND updated_at < $2
       RETURNING *`,
      [chargePointIds, readAt],
    );
    for (const row of marked) this.events.publish("stationUpdated", asModel<Station>(row));
    return marked.length;
  }

  // Statements of the group commit (StateWriter)

  /**
   * The latest state per station wins, keeping the time of its latest connect and of its latest disconnect. A
   * disconnect never creates a station that is gone.
   */
  connectionStatement(changes: ConnectionChange[]): BatchStatement[] {
    if (changes.length === 0) return [];
    type Entry = {
      id: string;
      connected: boolean;
      connectedAt?: Date;
      disconnectedAt?: Date;
      ocppVersion?: OcppVersion;
    };
    const latest = new Map<string, Entry>();
    for (const { chargePointId, connected, at, ocppVersion } of changes) {
      const entry = latest.get(chargePointId) ?? { id: chargePointId, connected };
      entry.connected = connected;
      if (connected) {
        entry.connectedAt = at;
        entry.ocppVersion = ocppVersion;
      } else entry.disconnectedAt = at;
      latest.set(chargePointId, entry);
    }
    return [
      {
        text: `
          INSERT INTO stations (charge_point_id, connected, connected_at, disconnected_at, ocpp_version, updated_at)
          SELECT c.id, c.connected, c."connectedAt", c."disconnectedAt",
                 coalesce(c."ocppVersion", 'OCPP16')::ocpp_version, now()
          FROM json_to_recordset($1::json) AS c(
            id text, connected boolean, "connectedAt" timestamptz, "disconnectedAt" timestamptz, "ocppVersion" text
          )
          WHERE c.connected OR EXISTS (SELECT 1 FROM stations AS s WHERE s.charge_point_id = c.id)
          ON CONFLICT (charge_point_id) DO UPDATE SET
            connected = EXCLUDED.connected,
            -- A station may speak another version after a firmware upgrade; a disconnect leaves it as it was.
            ocpp_version = CASE WHEN EXCLUDED.connected THEN EXCLUDED.ocpp_version ELSE stations.ocpp_version END,
            connected_at = coalesce(EXCLUDED.connected_at, stations.connected_at),
            disconnected_at = coalesce(EXCLUDED.disconnected_at, stations.disconnected_at),
            updated_at = now()
          RETURNING *`,
        values: [JSON.stringify([...latest.values()])],
        publish: (rows) => this.publishStations(rows),
      },
    ];
  }

  heartbeatStatement(heartbeats: Heartbeat[]): BatchStatement[] {
    const latest = new Map<string, Date>();
    for (const { chargePointId, at } of heartbeats) latest.set(chargePointId, at);
    if (latest.size === 0) return [];
    return [
      {
        text: `
          UPDATE stations AS s SET last_heartbeat_at = v.at, updated_at = now()
          FROM json_to_recordset($1::json) AS v(id text, at timestamptz)
          WHERE s.charge_point_id = v.id
          RETURNING s.*`,
        values: [JSON.stringify([...latest].map(([id, at]) => ({ id, at })))],
        publish: (rows) => this.publishStations(rows),
      },
    ];
  }

  /** The history gets every notification; the connector row only the latest per connector in the batch. */
  statusStatement(statuses: ConnectorStatus[]): BatchStatement[] {
    if (statuses.length === 0) return [];
    const latest = new Map<string, ConnectorStatus>();
    for (const status of statuses)
      latest.set(`${status.chargePointId}\u0001${status.evseId}\u0001${status.connectorId}`, status);
    const columns = `"chargePointId" text, "evseId" int, "connectorId" int, status text, "errorCode" text, info text,
      "vendorId" text, "vendorErrorCode" text, "statusAt" timestamptz, "receivedAt" timestamptz`;
    return [
      {
        text: `
          WITH history AS (
            INSERT INTO status_notifications
              (charge_point_id, evse_id, connector_id, status, error_code, info, vendor_id, vendor_error_code,
               timestamp, received_at)
            SELECT "chargePointId", "evseId", "connectorId", status, "errorCode", info, "vendorId", "vendorErrorCode",
                   "statusAt", "receivedAt"
            FROM json_to_recordset($1::json) AS u(${columns})
          )
          INSERT INTO connectors
            (charge_point_id, evse_id, connector_id, status, error_code, info, vendor_id, vendor_error_code,
             status_at, updated_at)
          SELECT "chargePointId", "evseId", "connectorId", status, "errorCode", info, "vendorId", "vendorErrorCode", "statusAt",
                 now()
          FROM json_to_recordset($2::json) AS u(${columns})
          ON CONFLICT (charge_point_id, evse_id, connector_id) DO UPDATE SET
            status = EXCLUDED.status, error_code = EXCLUDED.error_code, info = EXCLUDED.info,
            vendor_id = EXCLUDED.vendor_id, vendor_error_code = EXCLUDED.vendor_error_code,
            status_at = EXCLUDED.status_at, updated_at = now()
          RETURNING *`,
        values: [JSON.stringify(statuses), JSON.stringify([...latest.values()])],
        publish: (rows) =>
          rows.forEach((row) => this.events.publish("connectorStatusChanged", asModel<Connector>(row))),
      },
    ];
  }

  // Notifications stored with their frame

  /**
   * Registers the station or updates its details, with its frame in the same statement, and returns the
   * registration status it is answered with: Pending or Rejected when an operator set one, else Accepted.
   */
  async saveRegistration(
    chargePointId: string,
    registration: StationRegistration,
    at: Date,
    frame: FrameInsertion,
  ): Promise<RegistrationStatus> {
    const station = await this.writeStation(
      frame,
      `INSERT INTO stations AS s (charge_point_id, vendor, model, serial_number, charge_box_serial_number,
         firmware_version, iccid, imsi, meter_type, meter_serial_number, last_boot_at, last_heartbeat_at,
         registration_status, updated_at)
       -- A boot is a sign of life, as a heartbeat is.
       VALUES ($1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 'Accepted', now())
       ON CONFLICT (charge_point_id) DO UPDATE SET vendor = EXCLUDED.vendor, model = EXCLUDED.model,
         serial_number = EXCLUDED.serial_number, charge_box_serial_number = EXCLUDED.charge_box_serial_number,
         firmware_version = EXCLUDED.firmware_version, iccid = EXCLUDED.iccid, imsi = EXCLUDED.imsi,
         meter_type = EXCLUDED.meter_type, meter_serial_number = EXCLUDED.meter_serial_number,
         last_boot_at = EXCLUDED.last_boot_at, last_heartbeat_at = EXCLUDED.last_heartbeat_at,
         registration_status = coalesce(s.registration_status, 'Accepted'), updated_at = now()
       RETURNING s.*`,
      [
        chargePointId,
        registration.vendor,
        registration.model,
        registration.serialNumber,
        registration.chargeBoxSerialNumber,
        registration.firmwareVersion,
        registration.iccid,
        registration.imsi,
        registration.meterType,
        registration.meterSerialNumber,
        at,
      ],
    );
    this.events.publish("stationUpdated", station!);
    return station!.registrationStatus ?? "Accepted";
  }

  /** What a station's next BootNotification is answered (null: never booted, nothing decided). */
  async registrationStatus(chargePointId: string): Promise<RegistrationStatus | null> {
    const [row] = await this.sql.query<{ registration_status: RegistrationStatus | null }>(
      "SELECT registration_status FROM stations WHERE charge_point_id = $1",
      [chargePointId],
    );
    return row?.registration_status ?? null;
  }

  /** An operator's decision on how the station's boots are answered; undefined when there is no such station. */
  async setRegistrationStatus(chargePointId: string, status: RegistrationStatus): Promise<Station | undefined> {
    const [row] = await this.sql.query<Record<string, unknown>>(
      `UPDATE stations SET registration_status = $2::registration_status, updated_at = now()
       WHERE charge_point_id = $1 RETURNING *`,
      [chargePointId, status],
    );
    if (!row) return undefined;
    const station = asModel<Station>(row);
    this.events.publish("stationUpdated", station);
    return station;
  }

  saveFirmwareStatus(chargePointId: string, status: string, at: Date, frame: FrameInsertion): Promise<void> {
    return this.updateWithFrame(
      chargePointId,
      "UPDATE stations AS s SET firmware_status = $3, firmware_status_at = $4, updated_at = now()",
      [status, at],
      frame,
    );
  }

  saveDiagnosticsStatus(chargePointId: string, status: string, at: Date, frame: FrameInsertion): Promise<void> {
    return this.updateWithFrame(
      chargePointId,
      "UPDATE stations AS s SET diagnostics_status = $3, diagnostics_status_at = $4, updated_at = now()",
      [status, at],
      frame,
    );
  }

  /** An update of the station's row (`update`, a SET over $3 and $4), its frame in the same statement. */
  private async updateWithFrame(
    chargePointId: string,
    update: string,
    values: unknown[],
    frame: FrameInsertion,
  ): Promise<void> {
    const station = await this.writeStation(frame, `${update} WHERE s.charge_point_id = $1 RETURNING s.*`, [
      chargePointId,
      ...values,
    ]);
    if (!station) throw new Error(`No station ${chargePointId}`);
    this.events.publish("stationUpdated", station);
  }

  /**
   * Runs `write` (an INSERT or UPDATE of stations returning its row; its own parameters from $1, leaving $2 for the
   * frame) with the frame stored in the same statement; the station as stored, if there is one.
   */
  private async writeStation(frame: FrameInsertion, write: string, values: unknown[]): Promise<Station | undefined> {
    const audit = frame.ctes(2);
    const [row] = await this.sql.query<Record<string, unknown>>(
      `WITH station AS (${write}), ${audit.text}
       SELECT (SELECT ids FROM audit_ids) AS audit_ids, s.* FROM (VALUES (1)) AS one (x) LEFT JOIN station AS s ON true`,
      [values[0], audit.value, ...values.slice(1)],
    );
    const { audit_ids: auditIds, ...station } = row!;
    frame.committed(auditIds as string[] | null);
    return station.charge_point_id === null ? undefined : asModel<Station>(station);
  }

  // Access: passwords and the registry

  /** The station's password hash; undefined when there is no such station. Every handshake reads it. */
  async passwordHash(chargePointId: string): Promise<{ passwordHash: string | null } | undefined> {
    // Plain SQL keeps a reconnect storm of thousands of handshakes cheap (see Sql).
    const [station] = await this.sql.query<{ passwordHash: string | null }>(
      `SELECT password_hash AS "passwordHash" FROM stations WHERE charge_point_id = $1`,
      [chargePointId],
    );
    return station;
  }

  /** Sets (or clears) the station's password hash, registering the station when it is not known yet. */
  async setPasswordHash(chargePointId: string, passwordHash: string | null): Promise<Station> {
    const station = await this.db.station.upsert({
      where: { chargePointId },
      create: { chargePointId, passwordHash },
      update: { passwordHash },
    });
    this.events.publish("stationUpdated", station);
    return station;
  }

  /** Registers a pending (or never seen) identity as a known station. */
  async approve(chargePointId: string): Promise<Station> {
    const [, station] = await this.db.$transaction([
      this.db.pendingStation.deleteMany({ where: { chargePointId } }),
      this.db.station.upsert({ where: { chargePointId }, create: { chargePointId }, update: {} }),
    ]);
    this.events.publish("stationUpdated", station);
    return station;
  }

  async dismissPending(chargePointId: string): Promise<boolean> {
    const { count } = await this.db.pendingStation.deleteMany({ where: { chargePointId } });
    return count > 0;
  }

  /**
   * Lists (or counts again) an unknown identity seen from an address, within the bounds: an address keeps its newest
   * `perAddress` identities (older ones make room), and the list holds at most `total`. Whether it is listed.
   */
  recordPending(
    chargePointId: string,
    remoteAddress: string,
    { perAddress, total }: { perAddress: number; total: number },
  ): Promise<boolean> {
    // Serialized by a transaction-scoped advisory lock (this path is rare and already rate-limited), so that
    // parallel handshakes cannot all see room under the bounds and all insert.
    return this.sql.transaction(async (query) => {
      await query(`SELECT pg_advisory_xact_lock(hashtext('pending_stations'))`);
      const updated = await query(
        `UPDATE pending_stations SET remote_address = $2, attempts = attempts + 1, last_seen_at = now()
         WHERE charge_point_id = $1 RETURNING 1`,
        [chargePointId, remoteAddress],
      );
      if (updated.length > 0) return true;
      await query(
        `DELETE FROM pending_stations WHERE charge_point_id IN (
           SELECT charge_point_id FROM pending_stations WHERE remote_address = $1::varchar
           ORDER BY last_seen_at DESC, charge_point_id OFFSET $2::int)`,
        [remoteAddress, perAddress - 1],
      );
      const inserted = await query(
        `INSERT INTO pending_stations (charge_point_id, remote_address)
         SELECT $1::varchar, $2::varchar WHERE (SELECT count(*) FROM pending_stations) < $3::int
         RETURNING 1`,
        [chargePointId, remoteAddress, total],
      );
      return inserted.length > 0;
    });
  }

  // Local authorization list

  /** The list version the charger confirmed or reported. */
  async setLocalListVersion(chargePointId: string, localListVersion: number): Promise<void> {
    const station = await this.db.station.update({ where: { chargePointId }, data: { localListVersion } });
    this.events.publish("stationUpdated", station);
  }

  // Configuration

  /** What the charger reported of its configuration: keys it knows (upserted) and keys it does not. */
  async saveConfigurationReport(
    chargePointId: string,
    reported: ReportedConfigurationKey[],
    unknownKeys: string[],
  ): Promise<void> {
    const station = await this.db.$transaction(async (tx) => {
      for (const entry of reported) {
        const values = { value: entry.value, readonly: entry.readonly };
        await tx.configurationKey.upsert({
          where: { chargePointId_key: { chargePointId, key: entry.key } },
          create: { chargePointId, key: entry.key, ...values },
          update: values,
        });
      }
      return tx.station.update({
        where: { chargePointId },
        data: { unknownConfigurationKeys: unknownKeys, configurationFetchedAt: new Date() },
      });
    });
    this.events.publish("stationUpdated", station);
  }

  /** A value the charger accepted; the station is published so that its configuration is read again. */
  async saveConfigurationValue(chargePointId: string, key: string, value: string | null): Promise<void> {
    const [, station] = await this.db.$transaction([
      this.db.configurationKey.upsert({
        where: { chargePointId_key: { chargePointId, key } },
        create: { chargePointId, key, value },
        update: { value },
      }),
      this.db.station.findUnique({ where: { chargePointId } }),
    ]);
    if (station) this.events.publish("stationUpdated", station);
  }

  /** Replaces the stored values of these keys (any case) with `replacement`; how many rows it changed. */
  async replaceConfigurationValues(keys: string[], replacement: string): Promise<number> {
    const { count } = await this.db.configurationKey.updateMany({
      where: {
        OR: keys.map((key) => ({ key: { equals: key, mode: "insensitive" as const } })),
        value: { not: null },
        NOT: { value: replacement },
      },
      data: { value: replacement },
    });
    return count;
  }

  // Counts

  /** Stations by connection state, and physical connectors (connectorId > 0) by their latest status. */
  async counts(): Promise<{
    online: number;
    offline: number;
    connectorsByStatus: Array<{ status: string; count: number }>;
  }> {
    const [online, offline, connectors] = await Promise.all([
      this.db.station.count({ where: { connected: true } }),
      this.db.station.count({ where: { connected: false } }),
      this.db.connector.groupBy({ by: ["status"], where: { connectorId: { gt: 0 } }, _count: { _all: true } }),
    ]);
    return {
      online,
      offline,
      connectorsByStatus: connectors
        .map((group) => ({ status: group.status, count: group._count._all }))
        .sort((a, b) => a.status.localeCompare(b.status)),
    };
  }

  private publishStations(rows: Array<Record<string, unknown>>): void {
    for (const row of rows) this.events.publish("stationUpdated", asModel<Station>(row));
  }
}
