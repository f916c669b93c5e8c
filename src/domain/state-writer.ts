import type { Logger } from "pino";
import type { Database } from "../db/client.js";
import type { EventBus } from "../events/event-bus.js";
import type { Prisma } from "../generated/prisma/client.js";
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

type TransactionRef = { transactionId: number; chargePointId: string };
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
    private readonly db: Database,
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
    const statements: Prisma.PrismaPromise<unknown>[] = [];
    const stationIds = this.heartbeatStatement(heartbeats, statements);
    const upsertedConnectors = this.statusStatements(statuses, statements);
    const reported = this.meterStatements(reports, statements);
    const results = await this.db.$transaction(statements);
    const connectorRows =
      upsertedConnectors === undefined ? [] : (results[upsertedConnectors] as Array<{ id: number }>);
    this.publish(stationIds, connectorRows, reported);
  }

  private heartbeatStatement(
    heartbeats: Array<{ chargePointId: string; at: Date }>,
    statements: Prisma.PrismaPromise<unknown>[],
  ) {
    const latest = new Map<string, Date>();
    for (const { chargePointId, at } of heartbeats) latest.set(chargePointId, at);
    if (latest.size === 0) return [];
    statements.push(this.db.$executeRaw`
      UPDATE stations AS s SET last_heartbeat_at = v.at, updated_at = now()
      FROM unnest(${[...latest.keys()]}::text[], ${[...latest.values()]}::timestamptz[]) AS v(id, at)
      WHERE s.charge_point_id = v.id`);
    return [...latest.keys()];
  }

  /** Returns the index of the statement whose rows are the upserted connectors' ids. */
  private statusStatements(
    statuses: ConnectorStatus[],
    statements: Prisma.PrismaPromise<unknown>[],
  ): number | undefined {
    if (statuses.length === 0) return undefined;
    const latest = new Map<string, ConnectorStatus>();
    for (const status of statuses) latest.set(`${status.chargePointId}\u0001${status.connectorId}`, status);
    const column = <K extends keyof ConnectorStatus>(rows: ConnectorStatus[], key: K) => rows.map((row) => row[key]);
    const current = [...latest.values()];
    statements.push(this.db.$queryRaw`
      INSERT INTO connectors (charge_point_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, status_at, updated_at)
      SELECT u.*, now() FROM unnest(
        ${column(current, "chargePointId")}::text[], ${column(current, "connectorId")}::int[], ${column(current, "status")}::text[],
        ${column(current, "errorCode")}::text[], ${column(current, "info")}::text[], ${column(current, "vendorId")}::text[],
        ${column(current, "vendorErrorCode")}::text[], ${column(current, "statusAt")}::timestamptz[]
      ) AS u
      ON CONFLICT (charge_point_id, connector_id) DO UPDATE SET
        status = EXCLUDED.status, error_code = EXCLUDED.error_code, info = EXCLUDED.info, vendor_id = EXCLUDED.vendor_id,
        vendor_error_code = EXCLUDED.vendor_error_code, status_at = EXCLUDED.status_at, updated_at = now()
      RETURNING id`);
    const index = statements.length - 1;
    statements.push(this.db.$executeRaw`
      INSERT INTO status_notifications
        (charge_point_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, timestamp, received_at)
      SELECT * FROM unnest(
        ${column(statuses, "chargePointId")}::text[], ${column(statuses, "connectorId")}::int[], ${column(statuses, "status")}::text[],
        ${column(statuses, "errorCode")}::text[], ${column(statuses, "info")}::text[], ${column(statuses, "vendorId")}::text[],
        ${column(statuses, "vendorErrorCode")}::text[], ${column(statuses, "statusAt")}::timestamptz[],
        ${column(statuses, "receivedAt")}::timestamptz[]
      )`);
    return index;
  }

  /** Readings are linked to their transaction only when it belongs to the reporting station. */
  private meterStatements(reports: MeterReport[], statements: Prisma.PrismaPromise<unknown>[]): TransactionRef[] {
    const rows = reports.flatMap((report) => report.readings.map((reading) => ({ report, reading })));
    if (rows.length > 0) {
      const values = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
      statements.push(this.db.$executeRaw`
        INSERT INTO meter_values
          (charge_point_id, connector_id, transaction_id, timestamp, value, context, format, measurand, phase, location, unit)
        SELECT u.cp, u.connector, t.transaction_id, u.ts, u.value, u.context, u.format, u.measurand, u.phase, u.location, u.unit
        FROM unnest(
          ${values((r) => r.report.chargePointId)}::text[], ${values((r) => r.report.connectorId)}::int[],
          ${values((r) => r.report.transactionId)}::int[], ${values((r) => r.reading.timestamp)}::timestamptz[],
          ${values((r) => r.reading.value)}::text[], ${values((r) => r.reading.context)}::text[],
          ${values((r) => r.reading.format)}::text[], ${values((r) => r.reading.measurand)}::text[],
          ${values((r) => r.reading.phase)}::text[], ${values((r) => r.reading.location)}::text[],
          ${values((r) => r.reading.unit)}::text[]
        ) WITH ORDINALITY AS u(cp, connector, tx, ts, value, context, format, measurand, phase, location, unit, n)
        LEFT JOIN transactions AS t ON t.transaction_id = u.tx AND t.charge_point_id = u.cp
        ORDER BY u.n`);
    }
    const energy = new Map<number, { chargePointId: string; wh: number }>();
    for (const report of reports) {
      if (report.transactionId !== null && report.energyWh !== undefined) {
        energy.set(report.transactionId, { chargePointId: report.chargePointId, wh: report.energyWh });
      }
    }
    if (energy.size > 0) {
      statements.push(this.db.$executeRaw`
        UPDATE transactions AS t SET last_meter_wh = v.wh, updated_at = now()
        FROM unnest(${[...energy.keys()]}::int[], ${[...energy.values()].map((e) => e.chargePointId)}::text[],
                    ${[...energy.values()].map((e) => e.wh)}::int[]) AS v(id, cp, wh)
        WHERE t.transaction_id = v.id AND t.charge_point_id = v.cp AND t.stopped_at IS NULL`);
    }
    return reports.flatMap((report) =>
      report.transactionId === null
        ? []
        : [{ transactionId: report.transactionId, chargePointId: report.chargePointId }],
    );
  }

  /** Live subscribers get the stored records, read back once per batch. */
  private publish(stationIds: string[], connectorRows: Array<{ id: number }>, reported: TransactionRef[]) {
    const reads: Promise<void>[] = [];
    if (stationIds.length > 0) {
      reads.push(
        this.db.station
          .findMany({ where: { chargePointId: { in: stationIds } } })
          .then((stations) => stations.forEach((station) => this.events.publish("stationUpdated", station))),
      );
    }
    if (connectorRows.length > 0) {
      reads.push(
        this.db.connector
          .findMany({ where: { id: { in: connectorRows.map((row) => row.id) } } })
          .then((connectors) =>
            connectors.forEach((connector) => this.events.publish("connectorStatusChanged", connector)),
          ),
      );
    }
    if (reported.length > 0) {
      const reporter = new Map(reported.map((ref) => [ref.transactionId, ref.chargePointId]));
      reads.push(
        this.db.transaction
          .findMany({ where: { transactionId: { in: [...reporter.keys()] }, stoppedAt: null } })
          .then((transactions) =>
            transactions
              .filter((t) => reporter.get(t.transactionId) === t.chargePointId)
              .forEach((t) => this.events.publish("transactionUpdated", t)),
          ),
      );
    }
    // Publishing must not hold up the answers to the chargers.
    void Promise.all(reads).catch((error: unknown) =>
      this.logger.error({ err: error }, "Publishing a state batch failed"),
    );
  }
}
