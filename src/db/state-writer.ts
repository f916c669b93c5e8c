import type { Logger } from "pino";
import type { BatchStatement, Sql } from "./sql.js";
import type { ConnectionChange, ConnectorStatus, Heartbeat, StationStore } from "./stores/stations.js";
import type { MeterReport, TransactionStore } from "./stores/transactions.js";
import type { AuditClaim, AuditLog, RecordedFrame } from "../features/audit/audit-log.js";
import type { OcppVersion } from "../generated/prisma/client.js";

export type { ConnectorStatus } from "./stores/stations.js";

/**
 * A queued message. claim: its CALL's audit entry, stored in the batch's transaction; stored: when the audit log had
 * already taken the entry, resolves once it is written (the message is answered after both).
 */
type Pending<T> = {
  value: T;
  resolve: () => void;
  reject: (error: unknown) => void;
  frame?: RecordedFrame;
  claim?: AuditClaim;
  stored?: Promise<void>;
};

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
 * reconnecting at once cost a few statements rather than ten thousand. The stores build the statements for their
 * tables (StationStore: connections, heartbeats, statuses; TransactionStore: meter values) and publish what they returned once the batch committed.
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
    /** Builds the statements for stations, connectors and status history, and publishes what they return. */
    private readonly stations: StationStore,
    /** Builds the meter-values statement, and publishes the transactions it updated. */
    private readonly transactions: TransactionStore,
    private readonly logger: Logger,
    private readonly options: StateWriterOptions = {},
  ) {}

  /** A charger's socket opened or closed; its first connection creates the station. */
  connection(chargePointId: string, connected: boolean, at: Date, ocppVersion?: OcppVersion): Promise<void> {
    return this.enqueue("connections", { chargePointId, connected, at, ocppVersion });
  }

  heartbeat(chargePointId: string, at: Date): Promise<void> {
    return this.enqueue("heartbeats", { chargePointId, at });
  }

  connectorStatus(status: ConnectorStatus, frame?: RecordedFrame): Promise<void> {
    return this.enqueue("statuses", status, frame);
  }

  meterValues(report: MeterReport, frame?: RecordedFrame): Promise<void> {
    return this.enqueue("meterReports", report, frame);
  }

  /** Resolves when everything queued so far is written. */
  async drain(): Promise<void> {
    while (this.flushing || this.scheduled || this.size > 0) {
      await (this.flushing ?? new Promise((resolve) => setImmediate(resolve)));
    }
  }

  private enqueue<K extends keyof Batch>(kind: K, value: Batch[K][number], frame?: RecordedFrame): Promise<void> {
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
      ...this.stations.connectionStatement(batch.connections),
      ...this.stations.heartbeatStatement(batch.heartbeats),
      ...this.stations.statusStatement(batch.statuses),
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
  private auditStatement(claims: AuditClaim[]): BatchStatement[] {
    if (claims.length === 0) return [];
    const { text, values, committed } = this.options.audit!.insertion(claims);
    return [{ text, values, publish: (rows) => committed(rows as Array<{ id: string }>) }];
  }

  private meterStatement(reports: MeterReport[]): BatchStatement[] {
    return reports.length === 0 ? [] : [this.transactions.meterValuesStatement(reports)];
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
