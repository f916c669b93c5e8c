import type { Logger } from "pino";
import { asModel, type Sql } from "../db/sql.js";
import { type MeterReport, meterValuesStatement } from "../db/stores/transactions.js";
import type { EventBus } from "../events/event-bus.js";
import type { Connector, Station } from "../generated/prisma/client.js";
import type { FrameRecord } from "../ocpp/connection.js";
import type { AuditClaim, AuditLog } from "./audit-log.js";

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

export type { MeterReport };

/** One statement of a group commit, and what to publish from the rows it returns once the batch is committed. */
type Statement = { text: string; values: unknown[]; publish: (rows: Array<Record<string, unknown>>) => void };
/**
 * A queued message. claim: its CALL's audit entry, stored in the batch's transaction; stored: when the audit log had
 * already taken the entry, resolves once it is written (the message is answered after both).
 */
type Pending<T> = {
  value: T;
  resolve: () => void;
  reject: (error: unknown) => void;
  frame?: FrameRecord;
  claim?: AuditClaim;
  stored?: Promise<void>;
};

export type ConnectionChange = { chargePointId: string; connected: boolean; at: Date };
export type Heartbeat = { chargePointId: string; at: Date };

/** What one group commit writes, by kind of message. */
type Batch = {
  connections: ConnectionChange[];
  heartbeats: Heartbeat[];
  statuses: ConnectorStatus[];
  meterReports: MeterReport[];
};
type Queues = { [K in keyof Batch]: Array<Pending<Batch[K][number]>> };

const emptyQueues = (): Queues => ({ connections: [], heartbeats: [], statuses: [], meterReports: [] });

export type StateWriterOptions = {
  /** Where the CALL frames of the messages go: each batch stores them in its own transaction. */
  audit?: AuditLog;
  /** Told after each group commit how many messages it held and how long it took (metrics). */
  onBatch?: (size: number, durationMs: number) => void;
};

/**
 * Group commit for what chargers report all the time (connections, Heartbeat, StatusNotification, MeterValues):
 * whatever arrives while one batch is being written goes into the next, and each batch is a handful of multi-row
 * statements in one database transaction. A message is answered only after its batch committed, so what a charger
 * was told is stored is stored; under load hundreds of messages share one round trip, and ten thousand chargers
 * reconnecting at once cost a few statements rather than ten thousand.
 *
 * A message given with its CALL frame (StatusNotification, MeterValues) has the frame's audit entry inserted in the
 * same transaction (AuditLog.claim), so a crash cannot lose a frame whose answer said its state was stored.
 */
export class StateWriter {
  private queued = emptyQueues();
  private size = 0;
  private flushing: Promise<void> | undefined;
  private scheduled = false;

  constructor(
    private readonly sql: Sql,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly options: StateWriterOptions = {},
  ) {}

  /** A charger's socket opened or closed; its first connection creates the station. */
  connection(chargePointId: string, connected: boolean, at: Date): Promise<void> {
    return this.enqueue("connections", { chargePointId, connected, at });
  }

  heartbeat(chargePointId: string, at: Date): Promise<void> {
    return this.enqueue("heartbeats", { chargePointId, at });
  }

  connectorStatus(status: ConnectorStatus, frame?: FrameRecord): Promise<void> {
    return this.enqueue("statuses", status, frame);
  }

  meterValues(report: MeterReport, frame?: FrameRecord): Promise<void> {
    return this.enqueue("meterReports", report, frame);
  }

  /** Resolves when everything queued so far is written. */
  async drain(): Promise<void> {
    while (this.flushing || this.scheduled || this.size > 0) {
      await (this.flushing ?? new Promise((resolve) => setImmediate(resolve)));
    }
  }

  private enqueue<K extends keyof Batch>(kind: K, value: Batch[K][number], frame?: FrameRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      const pending: Pending<Batch[K][number]> = { value, resolve, reject };
      if (frame && this.options.audit) {
        pending.frame = frame;
        pending.claim = this.options.audit.claim(frame);
        // Already being written by the audit log: the answer waits for it instead.
        if (!pending.claim) pending.stored = this.options.audit.stored(frame);
      }
      (this.queued[kind] as Array<Pending<Batch[K][number]>>).push(pending);
      this.size++;
      if (!this.flushing && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const queues = this.queued;
    const size = this.size;
    if (size === 0) return;
    this.queued = emptyQueues();
    this.size = 0;
    const started = performance.now();
    const all = Object.values(queues).flat() as Array<Pending<unknown>>;
    const claims = all.flatMap((p) => (p.claim ? [p.claim] : []));
    this.flushing = this.write(valuesOf(queues), claims).then(
      () => all.forEach(answer),
      // One message the database refuses must not fail everybody else's: write them one by one.
      () => this.writeOneByOne(queues),
    );
    await this.flushing;
    this.flushing = undefined;
    this.options.onBatch?.(size, performance.now() - started);
    if (this.size > 0) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  private async writeOneByOne(queues: Queues): Promise<void> {
    const { audit } = this.options;
    for (const kind of Object.keys(queues) as Array<keyof Batch>) {
      for (const pending of queues[kind] as Array<Pending<Batch[typeof kind][number]>>) {
        // Alone, its audit entry goes back to the audit log: an entry the database refuses, or the database being
        // away, must not cost the message (the audit log has its own fallbacks and retries).
        if (pending.claim) {
          audit!.release([pending.claim]);
          pending.claim = undefined;
          pending.stored = audit!.stored(pending.frame!);
        }
        try {
          await this.write({ ...valuesOf(emptyQueues()), [kind]: [pending.value] }, []);
          answer(pending);
        } catch (error) {
          this.logger.error({ err: error, kind }, "Could not store a charger message");
          pending.reject(error);
        }
      }
    }
  }

  private async write(batch: Batch, claims: AuditClaim[]) {
    // Connections first: a new charger's station must exist before its first heartbeat or status.
    const statements = [
      ...this.connectionStatement(batch.connections),
      ...this.heartbeatStatement(batch.heartbeats),
      ...this.statusStatement(batch.statuses),
      ...this.meterStatement(batch.meterReports),
      ...this.auditStatement(claims),
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

  /** The CALL frames of the batch's messages, stored with what they changed; published once committed. */
  private auditStatement(claims: AuditClaim[]): Statement[] {
    if (claims.length === 0) return [];
    const { text, values, committed } = this.options.audit!.insertion(claims);
    return [{ text, values, publish: (rows) => committed(rows as Array<{ id: string }>) }];
  }

  /**
   * The latest state per station wins, keeping the time of its latest connect and of its latest disconnect. A
   * disconnect never creates a station that is gone.
   */
  private connectionStatement(changes: ConnectionChange[]): Statement[] {
    if (changes.length === 0) return [];
    const latest = new Map<string, { id: string; connected: boolean; connectedAt?: Date; disconnectedAt?: Date }>();
    for (const { chargePointId, connected, at } of changes) {
      const entry = latest.get(chargePointId) ?? { id: chargePointId, connected };
      entry.connected = connected;
      if (connected) entry.connectedAt = at;
      else entry.disconnectedAt = at;
      latest.set(chargePointId, entry);
    }
    return [
      {
        text: `
          INSERT INTO stations (charge_point_id, connected, connected_at, disconnected_at, updated_at)
          SELECT c.id, c.connected, c."connectedAt", c."disconnectedAt", now()
          FROM json_to_recordset($1::json)
            AS c(id text, connected boolean, "connectedAt" timestamptz, "disconnectedAt" timestamptz)
          WHERE c.connected OR EXISTS (SELECT 1 FROM stations AS s WHERE s.charge_point_id = c.id)
          ON CONFLICT (charge_point_id) DO UPDATE SET
            connected = EXCLUDED.connected,
            connected_at = coalesce(EXCLUDED.connected_at, stations.connected_at),
            disconnected_at = coalesce(EXCLUDED.disconnected_at, stations.disconnected_at),
            updated_at = now()
          RETURNING *`,
        values: [JSON.stringify([...latest.values()])],
        publish: (rows) => rows.forEach((row) => this.events.publish("stationUpdated", asModel<Station>(row))),
      },
    ];
  }

  private heartbeatStatement(heartbeats: Heartbeat[]): Statement[] {
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

  /** Meter readings, and the latest energy of the transactions reported on: the transactions store's statement. */
  private meterStatement(reports: MeterReport[]): Statement[] {
    return reports.length === 0 ? [] : [meterValuesStatement(reports, this.events)];
  }
}

/** A stored message is answered, once its audit entry is stored too when the audit log was writing it. */
const answer = (pending: Pending<unknown>) =>
  pending.stored ? void pending.stored.then(pending.resolve) : pending.resolve();

const valuesOf = (queues: Queues): Batch => ({
  connections: queues.connections.map((p) => p.value),
  heartbeats: queues.heartbeats.map((p) => p.value),
  statuses: queues.statuses.map((p) => p.value),
  meterReports: queues.meterReports.map((p) => p.value),
});
