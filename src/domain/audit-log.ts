import type { Logger } from "pino";
import type { Database } from "../db/client.js";
import type { EventBus } from "../events/event-bus.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { FrameRecord } from "../ocpp/connection.js";

export type AuditLogOptions = { flushIntervalMs: number; maxBatchSize?: number; maxBufferedEntries?: number };

// PostgreSQL text and jsonb cannot hold U+0000. A frame can carry it raw or as the JSON escape \u0000 (which
// JSON.parse turns into a real U+0000), so either in the raw text means every stored string gets cleaned.
const NUL = "\u0000";
const NUL_ESCAPE = "\\u0000";
const REPLACEMENT = "\uFFFD";
const withoutNul = (text: string) => text.replaceAll(NUL, REPLACEMENT);

function deepWithoutNul(value: unknown): unknown {
  if (typeof value === "string") return withoutNul(value);
  if (Array.isArray(value)) return value.map(deepWithoutNul);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [withoutNul(key), deepWithoutNul(inner)]));
  }
  return value;
}

const clip = (value: string | null | undefined, length: number) => (value == null ? null : value.slice(0, length));

function toRow(frame: FrameRecord): Prisma.OcppMessageCreateManyInput {
  const dirty = frame.raw.includes(NUL) || frame.raw.includes(NUL_ESCAPE) || frame.chargePointId.includes(NUL);
  const text = (value: string | null) => (dirty && value !== null ? withoutNul(value) : value);
  const payload = dirty ? deepWithoutNul(frame.payload) : frame.payload;
  return {
    chargePointId: frame.chargePointId.slice(0, 64),
    direction: frame.direction,
    messageType: frame.messageType,
    uniqueId: clip(text(frame.uniqueId), 64),
    action: clip(text(frame.action), 64),
    payload: payload === null || payload === undefined ? undefined : (payload as Prisma.InputJsonValue),
    raw: dirty ? withoutNul(frame.raw) : frame.raw,
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
  private buffer: Prisma.OcppMessageCreateManyInput[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly maxBatchSize: number;
  private readonly maxBufferedEntries: number;
  private dropped = 0;
  private closed = false;

  constructor(
    private readonly db: Database,
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
    if (this.buffer.length > 0) this.logger.error({ lost: this.buffer.length }, "Audit log entries could not be written");
  }

  private async writeBuffered(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.maxBatchSize);
      try {
        const rows = await this.db.ocppMessage.createManyAndReturn({ data: batch });
        for (const row of rows) this.events.publish("ocppMessageLogged", row);
      } catch (error) {
        // Keep the entries and retry on the next tick rather than lose them.
        this.buffer.unshift(...batch);
        this.logger.error({ err: error, pending: this.buffer.length }, "Audit log write failed, will retry");
        if (!this.closed) this.timer ??= setTimeout(() => void this.flush(), Math.max(this.options.flushIntervalMs, 1000));
        return;
      }
    }
  }
}
