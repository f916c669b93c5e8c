import type { Logger } from "pino";
import type { Sql } from "../db/sql.js";
import type { EventBus } from "../events/event-bus.js";
import type { OcppMessage } from "../generated/prisma/client.js";
import type { FrameRecord } from "../ocpp/connection.js";

export type AuditLogOptions = {
  flushIntervalMs: number;
  maxBatchSize?: number;
  maxBufferedEntries?: number;
  /** Told after each flush how many entries it stored and how long it took (metrics). */
  onFlush?: (rowsWritten: number, durationMs: number) => void;
};

// PostgreSQL text and jsonb cannot hold U+0000, and jsonb refuses lone UTF-16 surrogates. A frame can carry either
// raw or as a JSON escape (which JSON.parse turns into the real thing), so any sign of them in the raw text means
// every stored string gets cleaned: NUL becomes U+FFFD, and so does a lone surrogate.
const NUL = "\u0000";
const SUSPICIOUS_ESCAPE = /\\u0000|\\u[dD][89a-fA-F]/;
const REPLACEMENT = "\uFFFD";
const clean = (text: string) => text.toWellFormed().replaceAll(NUL, REPLACEMENT);
const needsCleaning = (raw: string) => raw.includes(NUL) || !raw.isWellFormed() || SUSPICIOUS_ESCAPE.test(raw);

function deepClean(value: unknown): unknown {
  if (typeof value === "string") return clean(value);
  if (Array.isArray(value)) return value.map(deepClean);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [clean(key), deepClean(inner)]));
  }
  return value;
}

const clip = (value: string | null | undefined, length: number) => (value == null ? null : value.slice(0, length));

/** A log entry as stored; the id is assigned when its batch is written. */
type AuditRow = Omit<OcppMessage, "id">;

function toRow(frame: FrameRecord): AuditRow {
  const dirty = needsCleaning(frame.raw);
  const text = (value: string | null) => (dirty && value !== null ? clean(value) : value);
  const payload = dirty ? deepClean(frame.payload) : frame.payload;
  return {
    chargePointId: frame.chargePointId.slice(0, 64),
    direction: frame.direction,
    messageType: frame.messageType,
    uniqueId: clip(text(frame.uniqueId), 64),
    action: clip(text(frame.action), 64),
    payload: payload === undefined ? null : (payload as OcppMessage["payload"]),
    raw: dirty ? clean(frame.raw) : frame.raw,
    errorCode: clip(text(frame.errorCode), 64),
    errorDescription: text(frame.errorDescription),
    actor: clip(frame.actor, 120),
    createdAt: frame.at,
  };
}

/**
 * The audit log of every OCPP frame. Recording is synchronous and cheap: frames are buffered and written in
 * multi-row inserts on a short timer, then published to live subscribers. close() writes whatever is left.
 */
export class AuditLog {
  private buffer: AuditRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly maxBatchSize: number;
  private readonly maxBufferedEntries: number;
  private dropped = 0;
  private closed = false;

  constructor(
    private readonly sql: Sql,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly options: AuditLogOptions,
  ) {
    this.maxBatchSize = options.maxBatchSize ?? 1000;
    this.maxBufferedEntries = options.maxBufferedEntries ?? 200_000;
  }

  /** Entries waiting to be written. */
  get pending(): number {
    return this.buffer.length;
  }

  record(frame: FrameRecord): void {
    if (this.buffer.length >= this.maxBufferedEntries) {
      // Only reachable when the database has been failing for a long time: bound memory, count what is lost.
      this.dropped++;
      if (this.dropped % 1000 === 1) this.logger.error({ dropped: this.dropped }, "Audit log buffer full, dropping");
      return;
    }
    this.buffer.push(toRow(frame));
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs);
  }

  /** Writes everything buffered so far; resolves once it is in the database. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return;
    this.flushing = this.writeBuffered().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  /** Writes what is left; afterwards nothing is retried (the database is about to close). */
  async close(): Promise<void> {
    await this.flush();
    if (this.buffer.length > 0) await this.flush();
    this.closed = true;
    clearTimeout(this.timer);
    if (this.buffer.length > 0)
      this.logger.error({ lost: this.buffer.length }, "Audit log entries could not be written");
  }

  private async writeBuffered(): Promise<void> {
    const started = performance.now();
    let written = 0;
    try {
      await this.writeBatches((rows) => (written += rows));
    } finally {
      this.options.onFlush?.(written, performance.now() - started);
    }
  }

  private async writeBatches(wrote: (rows: number) => void): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.maxBatchSize);
      try {
        const rows = await this.insert(batch);
        wrote(rows.length);
        for (const row of rows) this.events.publish("ocppMessageLogged", row);
      } catch (error) {
        const alone = await this.insertOneByOne(batch);
        wrote(alone);
        if (alone > 0) continue;
        // Not one entry could be written: the database is away. Keep everything and retry rather than lose it.
        this.buffer.unshift(...batch);
        this.logger.error({ err: error, pending: this.buffer.length }, "Audit log write failed, will retry");
        if (!this.closed)
          this.timer ??= setTimeout(() => void this.flush(), Math.max(this.options.flushIntervalMs, 1000));
        return;
      }
    }
  }

  /**
   * One INSERT per batch. Ids are drawn from the sequence in the same statement and returned in the batch's order,
   * so that each published entry carries its own id without relying on the order of RETURNING.
   */
  private async insert(batch: AuditRow[]): Promise<OcppMessage[]> {
    const ids = await this.sql.query<{ id: string }>(
      `WITH entry AS MATERIALIZED (
         SELECT nextval(pg_get_serial_sequence('ocpp_messages', 'id')) AS id, e.*
         FROM ROWS FROM (json_to_recordset($1::json) AS (
           "chargePointId" text, direction message_direction, "messageType" message_type, "uniqueId" text,
           action text, payload jsonb, raw text, "errorCode" text, "errorDescription" text, actor text,
           "createdAt" timestamptz
         )) WITH ORDINALITY AS e
       ), stored AS (
         INSERT INTO ocpp_messages
           (id, charge_point_id, direction, message_type, unique_id, action, payload, raw, error_code,
            error_description, actor, created_at)
         SELECT id, "chargePointId", direction, "messageType", "uniqueId", action, payload, raw, "errorCode",
                "errorDescription", actor, "createdAt"
         FROM entry
       )
       SELECT id FROM entry ORDER BY ordinality`,
      [JSON.stringify(batch)],
    );
    return batch.map((row, index) => ({ id: BigInt(ids[index]!.id), ...row }));
  }

  /**
   * After a failed batch: writes each entry alone, so one the database refuses cannot hold back the others. An entry
   * refused alone is stored without its parsed payload (the raw text, JSON-escaped, still says what came), or as a
   * last resort dropped and logged. Returns how many were written: 0 when nothing at all could be.
   */
  private async insertOneByOne(batch: AuditRow[]): Promise<number> {
    let written = 0;
    const refused: AuditRow[] = [];
    for (const row of batch) {
      const attempts = [row, { ...row, payload: null, raw: JSON.stringify(row.raw).replace(/[^\x20-\x7e]/g, "?") }];
      let stored = false;
      for (const attempt of attempts) {
        try {
          const [entry] = await this.insert([attempt]);
          this.events.publish("ocppMessageLogged", entry!);
          stored = true;
          break;
        } catch {
          // try the next, plainer form
        }
      }
      if (stored) written++;
      else refused.push(row);
    }
    if (written === 0) return 0;
    if (refused.length > 0) {
      this.logger.error(
        { refused: refused.length, uniqueIds: refused.map((r) => r.uniqueId) },
        "Audit entries refused",
      );
    }
    return written;
  }
}
