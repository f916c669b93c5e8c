import type { Logger } from "pino";
import type { Database } from "../db/client.js";
import type { EventBus } from "../events/event-bus.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { FrameRecord } from "../ocpp/connection.js";

export type AuditLogOptions = { flushIntervalMs: number; maxBatchSize?: number; maxBufferedEntries?: number };

// PostgreSQL text and jsonb cannot hold NUL characters; garbage frames may contain them.
const NUL = /\u0000|\\u0000/g;
const hasNul = (text: string) => text.includes("\u0000") || text.includes("\\u0000");
const clip = (value: string | null, length: number) => (value === null ? null : value.slice(0, length));

function toRow(frame: FrameRecord): Prisma.OcppMessageCreateManyInput {
  let payload = frame.payload;
  let raw = frame.raw;
  // The payload was read from (or written as) the raw text, so checking the raw text covers both.
  if (hasNul(raw)) {
    raw = raw.replaceAll("\u0000", "\uFFFD");
    if (payload !== null && payload !== undefined) payload = JSON.parse(JSON.stringify(payload).replace(NUL, "\uFFFD"));
  }
  return {
    chargePointId: frame.chargePointId.slice(0, 64),
    direction: frame.direction,
    messageType: frame.messageType,
    uniqueId: clip(frame.uniqueId, 64),
    action: clip(frame.action, 64),
    payload: payload === null || payload === undefined ? undefined : (payload as Prisma.InputJsonValue),
    raw,
    errorCode: clip(frame.errorCode, 64),
    errorDescription: frame.errorDescription,
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

  async close(): Promise<void> {
    await this.flush();
    if (this.buffer.length > 0) await this.flush();
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
        this.timer ??= setTimeout(() => void this.flush(), Math.max(this.options.flushIntervalMs, 1000));
        return;
      }
    }
  }
}
