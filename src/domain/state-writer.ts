import type { Logger } from "pino";
import { asModel, type Sql } from "../db/sql.js";
import type { EventBus } from "../events/event-bus.js";
import type { Connector, Station, Transaction } from "../generated/prisma/client.js";
import type { MeterReading } from "./meter-readings.js";

export type ConnectorStatus = {
  chargePointId: string;
  connectorId: number;
  status: string;
  errorCode: string;
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
  statusAt: Date;
  receivedAt: Date;
};

export type MeterReport = {
  chargePointId: string;
  connectorId: number;
  transactionId: number | null;
  readings: MeterReading[];
  /** The latest energy register reading in Wh, when the report has one. */
  energyWh: number | undefined;
};

/** One statement of a group commit, and what to publish from the rows it returns once the batch is committed. */
type Statement = { text: string; values: unknown[]; publish: (rows: Array<Record<string, unknown>>) => void };
type Pending<T> = { value: T; resolve: () => void; reject: (error: unknown) => void };

export type StateWriterOptions = {
  /** Told after each group commit how many messages it held and how long it took (metrics). */
  onBatch?: (size: number, durationMs: number) => void;
};

/**
 * Group commit for the charger messages that arrive all the time (Heartbeat, StatusNotification, MeterValues):
 * whatever arrives while one batch is being written goes into the next, and each batch is a handful of multi-row
 * statements in one database transaction. A message is answered only after its batch committed, so what a charger
 * was told is stored is stored; under load hundreds of messages share one round trip.
 */
export class StateWriter {
  private heartbeats: Array<Pending<{ chargePointId: string; at: Date }>> = [];
  private statuses: Array<Pending<ConnectorStatus>> = [];
  private meterReports: Array<Pending<MeterReport>> = [];
  private flushing: Promise<void> | undefined;
  private scheduled = false;

  constructor(
    private readonly sql: Sql,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly options: StateWriterOptions = {},
  ) {}

  heartbeat(chargePointId: string, at: Date): Promise<void> {
    return this.enqueue(this.heartbeats, { chargePointId, at });
  }

  connectorStatus(status: ConnectorStatus): Promise<void> {
    return this.enqueue(this.statuses, status);
  }

  meterValues(report: MeterReport): Promise<void> {
    return this.enqueue(this.meterReports, report);
  }

  /** Resolves when everything queued so far is written. */
  async drain(): Promise<void> {
    while (
      this.flushing ||
      this.scheduled ||
      this.heartbeats.length ||
      this.statuses.length ||
      this.meterReports.length
    ) {
      await (this.flushing ?? new Promise((resolve) => setImmediate(resolve)));
    }
  }

  private enqueue<T>(queue: Array<Pending<T>>, value: T): Promise<void> {
    return new Promise((resolve, reject) => {
      queue.push({ value, resolve, reject });
      if (!this.flushing && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const heartbeats = this.heartbeats.splice(0);
    const statuses = this.statuses.splice(0);
    const meterReports = this.meterReports.splice(0);
    const all = [...heartbeats, ...statuses, ...meterReports];
    if (all.length === 0) return;
    const started = performance.now();
    this.flushing = this.write(
      heartbeats.map((p) => p.value),
      statuses.map((p) => p.value),
      meterReports.map((p) => p.value),
    ).then(
      () => all.forEach((p) => p.resolve()),
      // One message the database refuses must not fail everybody else's: write them one by one.
      () => this.writeOneByOne(heartbeats, statuses, meterReports),
    );
    await this.flushing;
    this.flushing = undefined;
    this.options.onBatch?.(all.length, performance.now() - started);
    if (this.heartbeats.length || this.statuses.length || this.meterReports.length) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  private async writeOneByOne(
    heartbeats: Array<Pending<{ chargePointId: string; at: Date }>>,
    statuses: Array<Pending<ConnectorStatus>>,
    meterReports: Array<Pending<MeterReport>>,
  ): Promise<void> {
    const settle = async (pending: Pending<unknown>, write: () => Promise<void>) => {
      try {
        await write();
        pending.resolve();
      } catch (error) {
        this.logger.error({ err: error }, "Could not store a charger message");
        pending.reject(error);
      }
    };
    for (const p of heartbeats) await settle(p, () => this.write([p.value], [], []));
    for (const p of statuses) await settle(p, () => this.write([], [p.value], []));
    for (const p of meterReports) await settle(p, () => this.write([], [], [p.value]));
  }

  private async write(
    heartbeats: Array<{ chargePointId: string; at: Date }>,
    statuses: ConnectorStatus[],
    reports: MeterReport[],
  ) {
    const statements = [
      ...this.heartbeatStatement(heartbeats),
      ...this.statusStatement(statuses),
      ...this.meterStatement(reports),
    ];
    // One statement is atomic by itself; several share a transaction so a batch is stored whole or not at all.
    const results =
      statements.length === 1
        ? [await this.sql.query<Record<string, unknown>>(statements[0]!.text, statements[0]!.values)]
        : await this.sql.transaction(async (query) => {
            const rows: Array<Record<string, unknown>[]> = [];
            for (const statement of statements)
              rows.push(await query<Record<string, unknown>>(statement.text, statement.values));
            return rows;
          });
    // Live subscribers get the stored records straight from RETURNING, after the commit.
    statements.forEach((statement, index) => statement.publish(results[index]!));
  }

  private heartbeatStatement(heartbeats: Array<{ chargePointId: string; at: Date }>): Statement[] {
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
        publish: (rows) => rows.forEach((row) => this.events.publish("stationUpdated", asModel<Station>(row))),
      },
    ];
  }

  /** The history gets every notification; the connector row only the latest per connector in the batch. */
  private statusStatement(statuses: ConnectorStatus[]): Statement[] {
    if (statuses.length === 0) return [];
    const latest = new Map<string, ConnectorStatus>();
    for (const status of statuses) latest.set(`${status.chargePointId}\u0001${status.connectorId}`, status);
    const columns = `"chargePointId" text, "connectorId" int, status text, "errorCode" text, info text,
      "vendorId" text, "vendorErrorCode" text, "statusAt" timestamptz, "receivedAt" timestamptz`;
    return [
      {
        text: `
          WITH history AS (
            INSERT INTO status_notifications
              (charge_point_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, timestamp,
               received_at)
            SELECT "chargePointId", "connectorId", status, "errorCode", info, "vendorId", "vendorErrorCode",
                   "statusAt", "receivedAt"
            FROM json_to_recordset($1::json) AS u(${columns})
          )
          INSERT INTO connectors
            (charge_point_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, status_at,
             updated_at)
          SELECT "chargePointId", "connectorId", status, "errorCode", info, "vendorId", "vendorErrorCode", "statusAt",
                 now()
          FROM json_to_recordset($2::json) AS u(${columns})
          ON CONFLICT (charge_point_id, connector_id) DO UPDATE SET
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

  /**
   * Readings are linked to their transaction only when it belongs to the reporting station; the station's active
   * transactions that were reported on get their latest energy reading and are published.
   */
  private meterStatement(reports: MeterReport[]): Statement[] {
    if (reports.length === 0) return [];
    const readings = reports.flatMap((report) =>
      report.readings.map((reading) => ({
        chargePointId: report.chargePointId,
        connectorId: report.connectorId,
        transactionId: report.transactionId,
        ...reading,
      })),
    );
    const reported = new Map<number, { chargePointId: string; wh: number | null }>();
    for (const report of reports) {
      if (report.transactionId === null) continue;
      const wh = report.energyWh ?? reported.get(report.transactionId)?.wh ?? null;
      reported.set(report.transactionId, { chargePointId: report.chargePointId, wh });
    }
    return [
      {
        text: `
          WITH reading AS (
            INSERT INTO meter_values
              (charge_point_id, connector_id, transaction_id, timestamp, value, context, format, measurand, phase,
               location, unit)
            SELECT r."chargePointId", r."connectorId", t.transaction_id, r.timestamp, r.value, r.context, r.format,
                   r.measurand, r.phase, r.location, r.unit
            FROM ROWS FROM (json_to_recordset($1::json) AS (
              "chargePointId" text, "connectorId" int, "transactionId" int, timestamp timestamptz, value text,
              context text, format text, measurand text, phase text, location text, unit text
            )) WITH ORDINALITY AS r
            LEFT JOIN transactions AS t
              ON t.transaction_id = r."transactionId" AND t.charge_point_id = r."chargePointId"
            ORDER BY r.ordinality
          )
          UPDATE transactions AS t SET last_meter_wh = coalesce(v.wh, t.last_meter_wh), updated_at = now()
          FROM json_to_recordset($2::json) AS v(id int, "chargePointId" text, wh int)
          WHERE t.transaction_id = v.id AND t.charge_point_id = v."chargePointId" AND t.stopped_at IS NULL
          RETURNING t.*`,
        values: [
          JSON.stringify(readings),
          JSON.stringify([...reported].map(([id, { chargePointId, wh }]) => ({ id, chargePointId, wh }))),
        ],
        publish: (rows) => rows.forEach((row) => this.events.publish("transactionUpdated", asModel<Transaction>(row))),
      },
    ];
  }
}
