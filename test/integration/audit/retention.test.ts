import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";
import { createDatabase, type Database } from "../../../src/db/client.js";
import { AuditStore } from "../../../src/db/stores/audit.js";
import { MessageRetention } from "../../../src/features/audit/message-retention.js";
import { createLogger } from "../../../src/logger.js";
import { startTestApp } from "../../helpers/app.js";

// The audit log shares its table with every other test file, whose rows are all created now: the rows here are made
// old by their created_at, and every assertion is about this file's own charge point identities.

const DAY_MS = 86_400_000;
const silent = createLogger("silent");
let db: Database;

beforeAll(() => {
  db = createDatabase(inject("databaseUrl"), { maxConnections: 2 });
});
afterAll(async () => {
  await db.$disconnect();
});

/** Inserts `count` audit rows for a charge point, each `ageDays` old. */
async function insertRows(chargePointId: string, count: number, ageDays: number) {
  const createdAt = new Date(Date.now() - ageDays * DAY_MS);
  await db.$executeRaw`
    INSERT INTO ocpp_messages (charge_point_id, direction, message_type, unique_id, action, payload, raw, created_at)
    SELECT ${chargePointId}, 'INBOUND', 'CALL', 'u-' || n, 'Heartbeat', '{}'::jsonb, '[2,"u","Heartbeat",{}]',
           ${createdAt}::timestamptz + n * interval '1 millisecond'
    FROM generate_series(1, ${count}::int) AS n`;
}

const countRows = async (chargePointId: string) => db.ocppMessage.count({ where: { chargePointId } });

describe("MESSAGE_RETENTION_DAYS", () => {
  it("is unset by default: messages are kept forever", () => {
    expect(loadConfig({}).messageRetentionDays).toBeUndefined();
    expect(loadConfig({ MESSAGE_RETENTION_DAYS: "" }).messageRetentionDays).toBeUndefined();
    expect(loadConfig({ MESSAGE_RETENTION_DAYS: "90" }).messageRetentionDays).toBe(90);
  });

  it.each(["0", "-3", "1.5", "ninety", "40000"])("refuses %j with a message naming the variable", (value) => {
    expect(() => loadConfig({ MESSAGE_RETENTION_DAYS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ MESSAGE_RETENTION_DAYS: value })).toThrow(
      new RegExp(`MESSAGE_RETENTION_DAYS="${value}": must be (a whole number of days, 1 or more|at most 36500 days)`),
    );
  });
});

describe("MessageRetention", () => {
  it("deletes entries older than the retention period in batches and keeps the newer ones", async () => {
    const old = `RET-OLD-${randomUUID().slice(0, 8)}`;
    const recent = `RET-NEW-${randomUUID().slice(0, 8)}`;
    const edge = `RET-EDGE-${randomUUID().slice(0, 8)}`;
    await insertRows(old, 30, 45);
    await insertRows(recent, 12, 5);
    // Just inside the period (29.9 days old): kept.
    await insertRows(edge, 3, 29.9);

    const retention = new MessageRetention(new AuditStore(db), silent, {
      retentionDays: 30,
      batchSize: 7,
      pauseMs: 20,
    });
    const started = performance.now();
    const result = await retention.pruneOnce();
    const elapsed = performance.now() - started;

    expect(await countRows(old)).toBe(0);
    expect(await countRows(recent)).toBe(12);
    expect(await countRows(edge)).toBe(3);
    // No statement deleted more than a batch; a full batch is followed by another, the last one is short.
    expect(result.batches.length).toBeGreaterThanOrEqual(Math.ceil(30 / 7));
    expect(Math.max(...result.batches)).toBeLessThanOrEqual(7);
    expect(result.batches.slice(0, -1).every((count) => count === 7)).toBe(true);
    expect(result.batches.at(-1)).toBeLessThan(7);
    expect(result.deleted).toBe(result.batches.reduce((a, b) => a + b, 0));
    expect(result.deleted).toBeGreaterThanOrEqual(30);
    expect(result.interrupted).toBe(false);
    // It paused between full batches.
    expect(elapsed).toBeGreaterThanOrEqual((result.batches.length - 1) * 20 - 5);
    expect(Date.now() - 30 * DAY_MS - result.cutoff.getTime()).toBeLessThan(60_000);

    // A second run finds nothing of ours left to do.
    await insertRows(recent, 1, 1);
    const again = await retention.pruneOnce();
    expect(again.batches.at(-1)).toBeLessThan(7);
    expect(await countRows(recent)).toBe(13);
  });

  it("stop() ends a run between batches and waits for the current one", async () => {
    const old = `RET-STOP-${randomUUID().slice(0, 8)}`;
    await insertRows(old, 50, 400);
    const retention = new MessageRetention(new AuditStore(db), silent, {
      retentionDays: 365,
      batchSize: 5,
      pauseMs: 200,
    });
    const run = retention.pruneOnce();
    // Let the first batch go through, then stop during the pause that follows it.
    await expect.poll(() => countRows(old), { timeout: 5000, interval: 10 }).toBeLessThan(50);
    const stopping = performance.now();
    await retention.stop();
    const stopMs = performance.now() - stopping;
    const result = await run;

    expect(result.interrupted).toBe(true);
    expect(result.batches.length).toBeGreaterThanOrEqual(1);
    expect(result.batches.length).toBeLessThan(10);
    expect(stopMs).toBeLessThan(150);
    const left = await countRows(old);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(50);
    // Stopped for good: another run deletes nothing.
    const after = await retention.pruneOnce();
    expect(after.batches).toEqual([]);
    expect(await countRows(old)).toBe(left);

    await new MessageRetention(new AuditStore(db), silent, { retentionDays: 365, batchSize: 1000 }).pruneOnce();
    expect(await countRows(old)).toBe(0);
  });

  it("runs on a timer after start() and stops cleanly", async () => {
    const old = `RET-TIMER-${randomUUID().slice(0, 8)}`;
    await insertRows(old, 10, 100);
    const retention = new MessageRetention(new AuditStore(db), silent, {
      retentionDays: 30,
      batchSize: 4,
      pauseMs: 5,
      firstRunDelayMs: 10,
      intervalMs: 50,
    });
    retention.start();
    await expect.poll(() => countRows(old), { timeout: 5000, interval: 25 }).toBe(0);
    // Later runs keep going on the interval.
    await insertRows(old, 3, 100);
    await expect.poll(() => countRows(old), { timeout: 5000, interval: 25 }).toBe(0);
    await retention.stop();
    await insertRows(old, 2, 100);
    // Stopped: nothing deletes them. A wait, as nothing announces a run that does not come; the runs above came
    // within a few tens of milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await countRows(old)).toBe(2);
    await new MessageRetention(new AuditStore(db), silent, { retentionDays: 30 }).pruneOnce();
  });

  it("refuses a retention period that is not a whole number of days", () => {
    expect(() => new MessageRetention(new AuditStore(db), silent, { retentionDays: 0 })).toThrow(RangeError);
    expect(() => new MessageRetention(new AuditStore(db), silent, { retentionDays: 2.5 })).toThrow(RangeError);
  });
});

describe("the server with MESSAGE_RETENTION_DAYS", () => {
  it("prunes in the background from startApp and stops in close()", async () => {
    const old = `RET-APP-${randomUUID().slice(0, 8)}`;
    const recent = `RET-APPNEW-${randomUUID().slice(0, 8)}`;
    await insertRows(old, 20, 31);
    await insertRows(recent, 5, 0);
    const app = await startTestApp({ MESSAGE_RETENTION_DAYS: "30" });
    try {
      // The first run comes 10 s after the start.
      await expect.poll(() => countRows(old), { timeout: 20_000, interval: 250 }).toBe(0);
      expect(await countRows(recent)).toBe(5);
    } finally {
      const closing = performance.now();
      await app.close();
      expect(performance.now() - closing).toBeLessThan(5000);
    }
  }, 30_000);
});
