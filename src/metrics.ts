import type { Pool } from "pg";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { OCPP16_ACTIONS } from "./generated/ocpp-vocabulary.js";
import { OCPP201_ACTIONS } from "./generated/ocpp201-vocabulary.js";
import type { GraphQLObserver, OperationType } from "./graphql/metrics-plugin.js";
import { CALL_OUTCOMES, type CallOutcome } from "./ocpp/call-failures.js";
import type { ConnectionObserver, FrameRecord } from "./ocpp/connection.js";
import { OCPP_ERROR_CODES } from "./ocpp/errors.js";

// Prometheus metrics for one app instance, on a registry of its own (never prom-client's global one), so several
// apps can run in one process. The protocol layer, the audit log, the state writer and GraphQL report through small
// hooks; gauges whose value already exists somewhere (connected chargers, audit queue, database pool) read it at
// scrape time. Every label comes from a small fixed set: no charge point ids, no unique ids.

const PREFIX = "ocpp_central_";

const ERROR_CODES: ReadonlySet<string> = new Set(OCPP_ERROR_CODES);
const ACTIONS: ReadonlySet<string> = new Set([...OCPP16_ACTIONS, ...OCPP201_ACTIONS]);

/** An OCPP action as a label: only the actions OCPP 1.6 or 2.0.1 define, anything a charger makes up is "unknown". */
const actionLabel = (action: string | null | undefined) =>
  action == null ? "none" : ACTIONS.has(action) ? action : "unknown";
const errorCodeLabel = (code: string | null | undefined) => (code && ERROR_CODES.has(code) ? code : "other");
const directionLabel = (direction: FrameRecord["direction"]) => (direction === "INBOUND" ? "inbound" : "outbound");

/**
 * Label values that come from clients (GraphQL operation names): the first `limit` distinct values are kept, later
 * ones are counted as "other", so a client inventing names cannot grow the registry without bound.
 */
class BoundedLabels {
  private readonly seen = new Set<string>();
  constructor(private readonly limit: number) {}

  label(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.limit) return "other";
    this.seen.add(value);
    return value;
  }
}

/**
 * Counts in plain numbers on the hot path (a prom-client inc() hashes its labels every time, about 1 µs); the
 * Prometheus counter catches up when it is scraped.
 */
class Tally<L extends string> {
  private readonly entries = new Map<string, { labels: Record<L, string>; count: number; reported: number }>();

  add(key: string, labels: (key: string) => Record<L, string>): void {
    const entry = this.entries.get(key);
    if (entry) entry.count++;
    else this.entries.set(key, { labels: labels(key), count: 1, reported: 0 });
  }

  reportTo(counter: Counter<L>): void {
    for (const entry of this.entries.values()) {
      if (entry.count === entry.reported) continue;
      counter.inc(entry.labels, entry.count - entry.reported);
      entry.reported = entry.count;
    }
  }
}

const SECONDS_FAST = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const SECONDS_ROUND_TRIP = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const BATCH_SIZES = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

/** What the gauges read when scraped; attached once the app has built them. */
export type MetricsSources = {
  connectedChargers: () => number;
  auditQueueDepth: () => number;
  /** The pg Pool behind Prisma's driver adapter. */
  databasePool?: Pool;
};

export class AppMetrics implements ConnectionObserver, GraphQLObserver {
  readonly registry = new Registry();
  private sources: MetricsSources | undefined;

  private readonly messages = new Tally<"direction" | "message_type" | "action">();
  private readonly callErrors = new Tally<"direction" | "error_code">();
  private readonly commandDuration: Histogram<"action" | "outcome">;
  private readonly auditFlushDuration: Histogram;
  private readonly auditRowsWritten: Counter;
  private readonly stateBatchSize: Histogram;
  private readonly stateBatchDuration: Histogram;
  private readonly graphqlOperations: Counter<"operation_type" | "operation_name">;
  private readonly graphqlErrors: Counter<"code">;
  private readonly graphqlSubscriptions: Gauge;
  private readonly operationNames = new BoundedLabels(200);
  private readonly graphqlErrorCodes = new BoundedLabels(50);

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    const sources = () => this.sources;
    const { messages, callErrors } = this;

    new Gauge({
      name: `${PREFIX}chargers_connected`,
      help: "Charge points with an open OCPP WebSocket to this instance",
      registers,
      collect() {
        this.set(sources()?.connectedChargers() ?? 0);
      },
    });
    new Counter({
      name: `${PREFIX}ocpp_messages_total`,
      help: "OCPP frames sent and received, by direction, message type (invalid: unreadable frame) and action",
      labelNames: ["direction", "message_type", "action"],
      registers,
      collect() {
        messages.reportTo(this);
      },
    });
    new Counter({
      name: `${PREFIX}ocpp_call_errors_total`,
      help: "CALLERROR frames by OCPP error code and direction (outbound: we refused a charger's message)",
      labelNames: ["direction", "error_code"],
      registers,
      collect() {
        callErrors.reportTo(this);
      },
    });
    this.commandDuration = new Histogram({
      name: `${PREFIX}ocpp_command_duration_seconds`,
      help: `Central-system CALL to the charger's answer, by action and outcome (${CALL_OUTCOMES.join(", ")})`,
      labelNames: ["action", "outcome"],
      buckets: SECONDS_ROUND_TRIP,
      registers,
    });

    new Gauge({
      name: `${PREFIX}audit_queue_depth`,
      help: "Audit log entries buffered, waiting to be written",
      registers,
      collect() {
        this.set(sources()?.auditQueueDepth() ?? 0);
      },
    });
    this.auditFlushDuration = new Histogram({
      name: `${PREFIX}audit_flush_duration_seconds`,
      help: "Time to write one flush of the audit log buffer",
      buckets: SECONDS_FAST,
      registers,
    });
    this.auditRowsWritten = new Counter({
      name: `${PREFIX}audit_rows_written_total`,
      help: "Audit log entries stored in the database",
      registers,
    });

    this.stateBatchSize = new Histogram({
      name: `${PREFIX}state_writer_batch_size`,
      help: "Charger messages (heartbeats, status notifications, meter values) written in one group commit",
      buckets: BATCH_SIZES,
      registers,
    });
    this.stateBatchDuration = new Histogram({
      name: `${PREFIX}state_writer_batch_duration_seconds`,
      help: "Time to write one state-writer group commit",
      buckets: SECONDS_FAST,
      registers,
    });

    this.graphqlOperations = new Counter({
      name: `${PREFIX}graphql_operations_total`,
      help: "GraphQL operations executed, by type and name (anonymous: unnamed; other: beyond the first 200 names)",
      labelNames: ["operation_type", "operation_name"],
      registers,
    });
    this.graphqlErrors = new Counter({
      name: `${PREFIX}graphql_errors_total`,
      help: "GraphQL errors by extensions.code",
      labelNames: ["code"],
      registers,
    });
    this.graphqlSubscriptions = new Gauge({
      name: `${PREFIX}graphql_subscriptions_active`,
      help: "GraphQL subscriptions currently streaming (graphql-ws)",
      registers,
    });

    new Gauge({
      name: `${PREFIX}db_pool_connections`,
      help: "Connections in the database pool by state (idle, in_use) and its maximum (max)",
      labelNames: ["state"],
      registers,
      collect() {
        const pool = sources()?.databasePool;
        if (!pool) return;
        this.set({ state: "idle" }, pool.idleCount);
        this.set({ state: "in_use" }, pool.totalCount - pool.idleCount);
        this.set({ state: "max" }, pool.options.max ?? 10);
      },
    });
    new Gauge({
      name: `${PREFIX}db_pool_waiting_queries`,
      help: "Queries waiting for a free database connection",
      registers,
      collect() {
        this.set(sources()?.databasePool?.waitingCount ?? 0);
      },
    });
  }

  /** Attaches what the scrape-time gauges read. */
  watch(sources: MetricsSources): void {
    this.sources = sources;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  // --- OCPP ---

  /** Every frame the connection recorded (the audit sink sees each one exactly once). */
  onFrame(frame: FrameRecord): void {
    const direction = directionLabel(frame.direction);
    const messageType = frame.messageType ?? "invalid";
    const action = actionLabel(frame.action);
    this.messages.add(`${direction} ${messageType} ${action}`, () => ({
      direction,
      message_type: messageType,
      action,
    }));
    // An unreadable inbound frame counts as message_type "invalid"; our CALLERROR answering it counts here.
    if (frame.messageType === "CALLERROR") {
      const errorCode = errorCodeLabel(frame.errorCode);
      this.callErrors.add(`${direction} ${errorCode}`, () => ({ direction, error_code: errorCode }));
    }
  }

  onCallSettled(action: string, outcome: CallOutcome, durationMs: number): void {
    this.commandDuration.observe({ action: actionLabel(action), outcome }, durationMs / 1000);
  }

  // --- Audit log and state writer ---

  onAuditFlush(rowsWritten: number, durationMs: number): void {
    this.auditFlushDuration.observe(durationMs / 1000);
    if (rowsWritten > 0) this.auditRowsWritten.inc(rowsWritten);
  }

  /** Audit-log entries stored in the state writer's transaction, with the state change they answered. */
  onAuditRowsStored(rowsWritten: number): void {
    this.auditRowsWritten.inc(rowsWritten);
  }

  onStateBatch(size: number, durationMs: number): void {
    this.stateBatchSize.observe(size);
    this.stateBatchDuration.observe(durationMs / 1000);
  }

  // --- GraphQL ---

  onOperation(type: OperationType, name: string | undefined): void {
    const label = name ? this.operationNames.label(name.slice(0, 64)) : "anonymous";
    this.graphqlOperations.inc({ operation_type: type, operation_name: label });
  }

  onError(code: string): void {
    this.graphqlErrors.inc({ code: this.graphqlErrorCodes.label(code.slice(0, 64)) });
  }

  onSubscriptionStarted(): void {
    this.graphqlSubscriptions.inc();
  }

  onSubscriptionEnded(): void {
    this.graphqlSubscriptions.dec();
  }
}
