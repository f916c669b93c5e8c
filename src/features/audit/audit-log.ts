import type { Logger } from "pino";
import {
  type AuditRow,
  type AuditStore,
  entryCtes,
  type FrameCtes,
  type FrameInsertion,
  storableRow,
} from "../../db/stores/audit.js";
import type { OcppMessage } from "../../generated/prisma/client.js";

/**
 * One frame as the audit log keeps it: raw text always, the parsed parts when the frame could be read. The protocol
 * layer hands frames over in this shape; the audit log does not know where they come from.
 */
export type RecordedFrame = {
  chargePointId: string;
  direction: OcppMessage["direction"];
  raw: string;
  messageType: OcppMessage["messageType"];
  uniqueId: string | null;
  action: string | null;
  payload: unknown;
  errorCode: string | null;
  errorDescription: string | null;
  /** Who asked for an outbound CALL, when someone did. */
  actor?: string | null;
  at: Date;
};

const clip = (value: string | null | undefined, length: number) => (value == null ? null : value.slice(0, length));

/** The frame as its entry is stored: text the database can hold (see storableRow), clipped to the columns. */
function toRow(frame: RecordedFrame): AuditRow {
  const row = storableRow({
    chargePointId: frame.chargePointId,
    direction: frame.direction,
    messageType: frame.messageType,
    uniqueId: frame.uniqueId,
    action: frame.action,
    payload: frame.payload === undefined ? null : (frame.payload as OcppMessage["payload"]),
    raw: frame.raw,
    errorCode: frame.errorCode,
    errorDescription: frame.errorDescription,
    actor: frame.actor ?? null,
    createdAt: frame.at,
  });
  return {
    ...row,
    chargePointId: row.chargePointId.slice(0, 64),
    uniqueId: clip(row.uniqueId, 64),
    action: clip(row.action, 64),
    errorCode: clip(row.errorCode, 64),
    actor: clip(row.actor, 120),
  };
}

/**
 * SQLSTATE classes by which PostgreSQL refuses the data itself: data exception (22), integrity constraint violation
 * (23), program limit exceeded (54). Anything else (no connection, a connection cut, the server shutting down or
 * starting, too many clients, a timeout) says the database is away, not that the entry is bad: it is retried.
 */
const REFUSAL_CLASSES = new Set(["22", "23", "54"]);
const isRefusal = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.length === 5 && REFUSAL_CLASSES.has(code.slice(0, 2));
};

const FIRST_RETRY_DELAY_MS = 100;
/** How long close() keeps trying to write what is left, unless told otherwise. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/**
 * One recorded frame on its way to the database. `buffered`: waiting for the audit log to write it; `writing`: in a
 * batch under way; `claimed`: somebody else writes it in their own transaction (see claim()); `stored`: written, or
 * refused by the database and given up on.
 */
type Entry = {
  row: AuditRow;
  state: "buffered" | "writing" | "claimed" | "stored";
  /** Whether it sits in the buffer array (a claimed entry stays there until a batch passes it over). */
  inBuffer: boolean;
  /** For inbound CALLs: how claim() finds it. */
  key?: string;
  /** Resolved once it is stored (see stored()). */
  waiters?: Array<() => void>;
};

/** An inbound CALL's audit entry taken by a handler, to be stored in the same transaction as its state change. */
export type AuditClaim = Entry;

/** What a claimant runs in its transaction, and tells once the transaction committed. */
export type AuditInsertion = {
  text: string;
  values: unknown[];
  committed: (rows: Array<{ id: string | number | bigint }>) => void;
};

export type AuditLogOptions = {
  flushIntervalMs: number;
  maxBatchSize?: number;
  /**
   * Entries waiting to be written beyond which onBackpressure(true) asks to stop reading chargers; once half of them
   * are written, onBackpressure(false) lets them go on. Nothing is ever dropped for want of room.
   */
  highWaterMark?: number;
  onBackpressure?: (holdBack: boolean) => void;
  /** The longest pause between retries while the database is away (they start at 100 ms and double). */
  maxRetryDelayMs?: number;
  /** Told after each flush how many entries it stored and how long it took (metrics). */
  onFlush?: (rowsWritten: number, durationMs: number) => void;
  /** Told how many claimed entries a claimant's transaction stored (metrics). */
  onClaimsStored?: (rowsWritten: number) => void;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const claimKey = (frame: Pick<RecordedFrame, "chargePointId" | "uniqueId">) =>
  `${frame.chargePointId}\u0001${frame.uniqueId}`;

/**
 * An inbound CALL's frame in the hands of a handler that changes state with plain SQL (see AuditLog.storeWith). The
 * statement that changes the state stores the frame too, through ctes(); once it committed, committed() is told the
 * ids it returned. Whatever path stored nothing (a retransmission answered from what is stored, an unknown
 * transaction), settle() stores the frame in a statement of its own before the answer goes out.
 */
export class ClaimedFrame implements FrameInsertion {
  private claim: AuditClaim | undefined;
  private storedHere = false;

  constructor(
    private readonly audit: AuditLog,
    private readonly frame: RecordedFrame | undefined,
    claim = true,
  ) {
    this.claim = claim && frame ? audit.claim(frame) : undefined;
  }

  /**
   * CTEs that insert the frame when `condition` (SQL over the statement's own CTEs) holds, its JSON at parameter
   * `$parameter`. They define `audit_ids` with one row: `ids`, to give to committed() (null when nothing was
   * inserted). With nothing claimed they insert nothing.
   */
  ctes(parameter: number, condition?: string): FrameCtes {
    return {
      text: entryCtes(parameter, condition),
      value: JSON.stringify(this.claim ? [this.claim.row] : []),
    };
  }

  /** The statement with ctes() committed, and returned these audit_ids. */
  committed(ids: Array<string | number | bigint> | null | undefined): void {
    if (!this.claim || !ids || ids.length === 0) return;
    this.audit.insertion([this.claim]).committed(ids.map((id) => ({ id })));
    this.claim = undefined;
    this.storedHere = true;
  }

  /**
   * Resolves once the frame is stored, so the answer may go out: stores it alone when no statement did, or waits
   * for the audit log's own write when it had taken the entry before the handler came for it.
   */
  async settle(): Promise<void> {
    const { claim, frame } = this;
    if (claim) {
      try {
        await this.audit.storeClaimed([claim]);
        this.claim = undefined;
        return;
      } catch (error) {
        this.release();
        // The database refused the entry as data: the audit log stores it with its own fallbacks.
        if (!isRefusal(error)) throw error;
      }
    }
    if (!this.storedHere && frame) await this.audit.stored(frame);
  }

  /** The change failed: the audit log writes the frame itself. Whether there was a claim to give back. */
  release(): boolean {
    if (!this.claim) return false;
    this.audit.release([this.claim]);
    this.claim = undefined;
    return true;
  }
}

/**
 * The audit log of every OCPP frame. Recording is synchronous and cheap: frames are buffered and written in
 * multi-row inserts on a short timer, then published to live subscribers.
 *
 * Nothing is dropped while the database is merely away: a failed write is put back and retried with exponential
 * backoff (capped), and when too much waits, onBackpressure asks the OCPP server to stop reading chargers until it
 * has drained. Only an entry PostgreSQL itself refuses, twice (the second time without its parsed payload), is given
 * up on and logged. A write cut off after its commit may store its entries twice; none is lost.
 *
 * A frame whose answer depends on a state change can be stored in the same transaction as that change, so that a
 * crash (kill -9) cannot lose a frame that was answered: the handler claims the inbound CALL's entry and its
 * transaction inserts it. The state writer's group commit does so for StatusNotification and MeterValues (see
 * StateWriter); StartTransaction, StopTransaction, BootNotification and the firmware and diagnostics notifications
 * through storeWith(), which hands a ClaimedFrame to the store whose plain SQL statement makes the change:
 *
 *   return audit.storeWith(context.frame, async (claimed) => {   // in the store:
 *     const frame = claimed.ctes(3);             // CTEs for the statement's WITH list, their JSON as $3
 *     const [row] = await sql.query(`WITH changed AS (...), ${frame.text} SELECT (SELECT ids FROM audit_ids) ...`,
 *       [..., frame.value]);
 *     claimed.committed(row.audit_ids);          // ocppMessageLogged with the stored id
 *   });                                          // resolves once the frame is stored: answer then
 *
 * What a kill -9 can still lose is what waits in the buffer: every other frame (the answers we sent, our CALLs and
 * the chargers' answers to them, Heartbeat, Authorize, DataTransfer, CALLs answered with a CALLERROR), for at most
 * one flush interval plus one write — or, while the database is away, everything buffered, at most the high-water
 * mark plus what the paused sockets had already delivered. See docs/audit-log.md.
 */
export class AuditLog {
  private buffer: Entry[] = [];
  /** Entries buffered or being written by the audit log itself: what it still has to store. */
  private waiting = 0;
  private readonly claimable = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private retrying = false;
  private retryDelayMs = 0;
  private flushing: Promise<void> | undefined;
  private holdingBack = false;
  private readonly maxBatchSize: number;
  private readonly highWaterMark: number;
  private readonly maxRetryDelayMs: number;
  private closed = false;

  constructor(
    private readonly store: AuditStore,
    private readonly logger: Logger,
    private readonly options: AuditLogOptions,
  ) {
    this.maxBatchSize = options.maxBatchSize ?? 1000;
    this.highWaterMark = options.highWaterMark ?? 100_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5000;
  }

  /** Entries waiting to be written. */
  get pending(): number {
    return this.waiting;
  }

  /** Whether chargers are being held back until the buffer drains. */
  get backpressure(): boolean {
    return this.holdingBack;
  }

  record(frame: RecordedFrame): void {
    const entry: Entry = { row: toRow(frame), state: "buffered", inBuffer: true };
    if (frame.direction === "INBOUND" && frame.messageType === "CALL" && frame.uniqueId !== null) {
      entry.key = claimKey(frame);
      this.claimable.set(entry.key, entry);
    }
    this.buffer.push(entry);
    this.waiting++;
    this.checkPressure();
    if (!this.retrying) this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs);
  }

  /**
   * Takes an inbound CALL's entry (found by charger and unique id) so that the caller stores it in its own
   * transaction: insertion() or within() writes it, committed() publishes it; on failure the caller must release()
   * it. Undefined when the entry is no longer waiting in the buffer: it is being written (await stored()) or is.
   */
  claim(frame: RecordedFrame): AuditClaim | undefined {
    const entry = this.claimable.get(claimKey(frame));
    if (!entry || entry.state !== "buffered") return undefined;
    entry.state = "claimed";
    this.waiting--;
    this.checkPressure();
    return entry;
  }

  /** Resolves once the frame's entry is stored (at once when it is, or when the frame is unknown). */
  stored(frame: RecordedFrame): Promise<void> {
    const entry = this.claimable.get(claimKey(frame));
    if (!entry || entry.state === "stored") return Promise.resolve();
    return new Promise((resolve) => (entry.waiters ??= []).push(resolve));
  }

  /** The INSERT of claimed entries for the claimant's transaction; committed() with its rows once it committed. */
  insertion(claims: AuditClaim[]): AuditInsertion {
    return {
      ...this.store.insertion(claims.map((claim) => claim.row)),
      committed: (rows) => {
        this.storedAs(claims, rows);
        this.options.onClaimsStored?.(claims.length);
      },
    };
  }

  /**
   * Stores claimed entries with `query`, the caller's query inside its open transaction; returns what to call once
   * that transaction committed (publishes the entries with their ids).
   */
  async within(
    query: (text: string, values: unknown[]) => Promise<Array<{ id: string | number | bigint }>>,
    claims: AuditClaim[],
  ): Promise<() => void> {
    const insertion = this.insertion(claims);
    const rows = await query(insertion.text, insertion.values);
    return () => insertion.committed(rows);
  }

  /** Stores claimed entries in a statement of their own (their claimant's change stored nothing). */
  async storeClaimed(claims: AuditClaim[]): Promise<void> {
    const insertion = this.insertion(claims);
    insertion.committed(await this.store.insert(claims.map((claim) => claim.row)));
  }

  /**
   * Runs a handler's state change with its inbound CALL's frame claimed (see ClaimedFrame) and resolves once the
   * change and the frame are both stored: the answer may go out. When the database refuses the statement as data,
   * the change runs once more without the frame (the audit log stores it with its own fallbacks), so that an entry
   * the database cannot take never costs the message; any other failure gives the frame back and fails.
   */
  async storeWith<T>(frame: RecordedFrame | undefined, change: (frame: ClaimedFrame) => Promise<T>): Promise<T> {
    let claimed = new ClaimedFrame(this, frame);
    let result: T;
    try {
      result = await change(claimed);
    } catch (error) {
      if (!claimed.release() || !isRefusal(error)) throw error;
      claimed = new ClaimedFrame(this, frame, false);
      result = await change(claimed);
    }
    await claimed.settle();
    return result;
  }

  /** Gives claimed entries back (the claimant's transaction failed): the audit log writes them itself. */
  release(claims: AuditClaim[]): void {
    for (const entry of claims) {
      if (entry.state !== "claimed") continue;
      entry.state = "buffered";
      this.waiting++;
      if (!entry.inBuffer) {
        entry.inBuffer = true;
        this.buffer.push(entry);
      }
    }
    this.checkPressure();
    if (!this.retrying) this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs);
  }

  /** Writes everything buffered so far; resolves once it is in the database, or once a write failed. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.retrying = false;
    while (this.flushing) await this.flushing;
    if (this.waiting === 0) return;
    this.flushing = this.writeBuffered().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  /**
   * Writes what is left, retrying for up to timeoutMs while the database is away; then logs how many entries could
   * not be written, and nothing more is retried (the database is about to close).
   */
  async close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    const remaining = () => deadline - performance.now();
    while (this.waiting > 0 && remaining() > 0) {
      await Promise.race([this.flush(), sleep(remaining())]);
      if (this.waiting > 0 && remaining() > 0) await sleep(Math.min(this.retryDelayMs, remaining()));
    }
    this.closed = true;
    clearTimeout(this.timer);
    if (this.waiting > 0) {
      this.logger.error({ lost: this.waiting, timeoutMs }, "Audit log entries could not be written");
      // Nobody waits for ever on an entry that will not be written.
      for (const entry of this.buffer) for (const wake of entry.waiters?.splice(0) ?? []) wake();
    }
  }

  private checkPressure(): void {
    if (!this.holdingBack && this.waiting >= this.highWaterMark) {
      this.holdingBack = true;
      this.logger.warn({ pending: this.waiting }, "Audit log buffer full: holding chargers back until it drains");
      this.options.onBackpressure?.(true);
    } else if (this.holdingBack && this.waiting <= this.highWaterMark / 2) {
      this.holdingBack = false;
      this.logger.info({ pending: this.waiting }, "Audit log buffer drained: reading chargers again");
      this.options.onBackpressure?.(false);
    }
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
    while (this.waiting > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      try {
        this.storedAs(batch, await this.insert(batch.map((entry) => entry.row)));
        wrote(batch.length);
      } catch (error) {
        if (!isRefusal(error)) return this.retryLater(batch, error);
        // One entry the database refuses must not hold back the others.
        const unwritten = await this.insertOneByOne(batch, wrote);
        if (unwritten) return this.retryLater(unwritten.entries, unwritten.error);
      }
      this.retryDelayMs = 0;
    }
  }

  /** The oldest entries still waiting for the audit log; claimed ones are passed over (their claimant writes them). */
  private takeBatch(): Entry[] {
    const batch: Entry[] = [];
    let passed = 0;
    while (passed < this.buffer.length && batch.length < this.maxBatchSize) {
      const entry = this.buffer[passed++]!;
      entry.inBuffer = false;
      if (entry.state !== "buffered") continue;
      entry.state = "writing";
      batch.push(entry);
    }
    this.buffer.splice(0, passed);
    return batch;
  }

  /** The database is away: the entries go back to the front of the buffer, to be retried after a growing pause. */
  private retryLater(entries: Entry[], error: unknown): void {
    for (const entry of entries) {
      entry.state = "buffered";
      entry.inBuffer = true;
    }
    this.buffer.unshift(...entries);
    this.retryDelayMs = Math.min(this.maxRetryDelayMs, Math.max(FIRST_RETRY_DELAY_MS, this.retryDelayMs * 2));
    this.logger.error(
      { err: error, pending: this.waiting, retryInMs: this.retryDelayMs },
      "Audit log write failed, will retry",
    );
    if (this.closed) return;
    clearTimeout(this.timer);
    this.retrying = true;
    // A little jitter, so that the instances of a cluster do not all come back at the same moment.
    this.timer = setTimeout(() => void this.flush(), this.retryDelayMs * (0.8 + Math.random() * 0.4));
  }

  /** Entries written (or given up on): published with their ids, waiters woken, no longer claimable. */
  private storedAs(entries: Entry[], rows: Array<{ id: string | number | bigint } | null>): void {
    entries.forEach((entry, index) => {
      if (entry.state !== "claimed") this.waiting--;
      entry.state = "stored";
      const stored = rows[index];
      if (stored) this.store.published(entry.row, stored.id);
      if (entry.key !== undefined && this.claimable.get(entry.key) === entry) this.claimable.delete(entry.key);
      for (const wake of entry.waiters?.splice(0) ?? []) wake();
    });
    this.checkPressure();
  }

  private insert(rows: AuditRow[]): Promise<Array<{ id: string }>> {
    return this.store.insert(rows);
  }

  /**
   * After a batch the database refused: writes each entry alone. An entry refused alone is stored without its parsed
   * payload (the raw text, JSON-escaped, still says what came), or as a last resort given up on and logged. Stops at
   * the first failure that is not a refusal (the database went away) and returns the entries not yet written.
   */
  private async insertOneByOne(
    batch: Entry[],
    wrote: (rows: number) => void,
  ): Promise<{ entries: Entry[]; error: unknown } | undefined> {
    const refused: Entry[] = [];
    for (const [index, entry] of batch.entries()) {
      const { row } = entry;
      const attempts = [row, { ...row, payload: null, raw: JSON.stringify(row.raw).replace(/[^\x20-\x7e]/g, "?") }];
      let stored = false;
      for (const attempt of attempts) {
        try {
          const [id] = await this.insert([attempt]);
          entry.row = attempt;
          this.storedAs([entry], [id!]);
          stored = true;
          wrote(1);
          break;
        } catch (error) {
          if (!isRefusal(error)) return { entries: batch.slice(index), error };
          // refused: try the next, plainer form
        }
      }
      if (!stored) refused.push(entry);
    }
    if (refused.length > 0) {
      this.storedAs(refused, []);
      this.logger.error(
        { refused: refused.length, uniqueIds: refused.map((entry) => entry.row.uniqueId) },
        "Audit entries refused",
      );
    }
    return undefined;
  }
}
