import type { Logger } from "pino";
import type { AuditStore } from "../../db/stores/audit.js";

export type MessageRetentionOptions = {
  /** Audit-log entries older than this many days are deleted. */
  retentionDays: number;
  /** Rows deleted per statement. */
  batchSize?: number;
  /** Pause between two full batches, so a large backlog never holds the database for long. */
  pauseMs?: number;
  /** Time from the end of one run to the start of the next. */
  intervalMs?: number;
  /** Time from start() to the first run: chargers reconnecting after a restart come first. */
  firstRunDelayMs?: number;
  /** The clock, for tests. */
  now?: () => Date;
};

export type PruneResult = {
  /** Entries created before this were due. */
  cutoff: Date;
  deleted: number;
  /** Rows deleted by each statement, in order. */
  batches: number[];
  /** True when stop() ended the run before the backlog was gone. */
  interrupted: boolean;
};

const DAY_MS = 86_400_000;

/**
 * Deletes audit-log entries (ocpp_messages) older than the retention period, in the background and in small batches:
 * each statement deletes at most `batchSize` of the oldest due rows, found through the created_at index, then the
 * pruner pauses before the next, so neither locks nor WAL pile up and live traffic keeps its share of the database
 * (see AuditStore.deleteOlderThan).
 */
export class MessageRetention {
  private readonly batchSize: number;
  private readonly pauseMs: number;
  private readonly intervalMs: number;
  private readonly firstRunDelayMs: number;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PruneResult> | undefined;
  private stopped = false;
  private wakePause: (() => void) | undefined;

  constructor(
    private readonly store: AuditStore,
    private readonly logger: Logger,
    private readonly options: MessageRetentionOptions,
  ) {
    if (!Number.isInteger(options.retentionDays) || options.retentionDays < 1) {
      throw new RangeError("retentionDays must be a whole number, 1 or more");
    }
    this.batchSize = options.batchSize ?? 5000;
    this.pauseMs = options.pauseMs ?? 200;
    this.intervalMs = options.intervalMs ?? 3_600_000;
    this.firstRunDelayMs = options.firstRunDelayMs ?? 10_000;
    this.now = options.now ?? (() => new Date());
  }

  /** Prunes after firstRunDelayMs, then every intervalMs until stop(). */
  start(): void {
    if (this.stopped || this.timer) return;
    this.schedule(this.firstRunDelayMs);
  }

  /** Cancels the next run and waits for the current batch, if one is running; the run ends after it. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.wakePause?.();
    await this.running?.catch(() => undefined);
  }

  /** One full run: deletes due entries batch by batch until none are left (or stop() is called). */
  pruneOnce(): Promise<PruneResult> {
    this.running ??= this.prune().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pruneOnce()
        .catch((error: unknown) => this.logger.error({ err: error }, "Pruning old audit-log entries failed"))
        .finally(() => {
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async prune(): Promise<PruneResult> {
    const startedAt = performance.now();
    const cutoff = new Date(this.now().getTime() - this.options.retentionDays * DAY_MS);
    const batches: number[] = [];
    let deleted = 0;
    let interrupted = false;
    for (;;) {
      if (this.stopped) {
        interrupted = true;
        break;
      }
      const count = await this.store.deleteOlderThan(cutoff, this.batchSize);
      batches.push(count);
      deleted += count;
      if (count < this.batchSize) break;
      await this.pause();
    }
    if (deleted > 0) {
      const durationMs = Math.round(performance.now() - startedAt);
      this.logger.info(
        { deleted, batches: batches.length, cutoff, durationMs, interrupted },
        "Pruned old audit-log entries",
      );
    }
    return { cutoff, deleted, batches, interrupted };
  }

  private pause(): Promise<void> {
    if (this.stopped || this.pauseMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakePause = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pauseMs);
      this.wakePause = done;
    });
  }
}
