import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { RPCClient } from "ocpp-rpc";
import type { RPC_ClientOptions } from "ocpp-rpc/lib/client.js";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../helpers/app.js";
import { killServers, startServer } from "../../helpers/server-process.js";
import { startTcpProxy } from "../../helpers/tcp-proxy.js";
import { ownDatabase } from "../../helpers/own-database.js";
import { until } from "../../helpers/until.js";

// A database of its own: a server process marks every station of its database disconnected when it starts.
const database = ownDatabase("ocpp_audit_test");
beforeAll(() => database.create({ migrated: true }));
afterAll(() => database.drop());

// The audit log keeps every frame through database outages (retrying, and holding chargers back when its buffer is
// full), and a frame whose answer changed state is stored in the same commit as the change, so kill -9 cannot lose it.

/** Outages, retries and restarts: a loaded runner takes longer than for one write. */
const OUTAGE_TIMEOUT_MS = 20_000;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  killServers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Frame = { message: string; outbound: boolean };

/** A strict ocpp-rpc charge point that keeps every raw frame it sends and receives. */
async function charger(ocppUrl: string, options: Partial<RPC_ClientOptions> = {}) {
  const identity = `AUD-${randomUUID().slice(0, 8)}`;
  const clientOptions: Partial<RPC_ClientOptions> = {
    endpoint: ocppUrl,
    identity,
    protocols: ["ocpp1.6"],
    strictMode: true,
    reconnect: false,
    callTimeoutMs: 60_000,
    ...options,
  };
  const client = new RPCClient(clientOptions as RPC_ClientOptions);
  const frames: Frame[] = [];
  client.on("message", (frame: Frame) => frames.push(frame));
  await client.connect();
  await client.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
  cleanups.push(() => client.close({ force: true }));
  return { identity, client, frames, answered: 0, failed: 0 };
}
type Charger = Awaited<ReturnType<typeof charger>>;

const stateMessages = (i: number): Array<[string, object]> => {
  const timestamp = new Date().toISOString();
  return [
    [
      "StatusNotification",
      { connectorId: 1, errorCode: "NoError", status: i % 2 ? "Charging" : "Available", timestamp },
    ],
    [
      "MeterValues",
      {
        connectorId: 1,
        meterValue: [
          { timestamp, sampledValue: [{ value: String(i * 10), measurand: "Energy.Active.Import.Register" }] },
        ],
      },
    ],
  ];
};

/** Calls `pick(i)` until stopped; a CALLERROR answer (the database is away) is an exchange like any other. */
async function keepCalling(target: Charger, stop: { stopped: boolean }, pick: (i: number) => [string, object]) {
  // Ends with the connection too (WebSocket.OPEN is 1), so a failed test's clean-up is not starved by rejections.
  for (let i = 0; !stop.stopped && target.client.state === 1; i++) {
    const [action, payload] = pick(i);
    try {
      await target.client.call(action, payload);
      target.answered++;
    } catch {
      target.failed++;
    }
  }
}

const mixedMessages = (i: number): [string, object] =>
  [
    ...stateMessages(i),
    ["Heartbeat", {}] as [string, object],
    ["Authorize", { idTag: "AUDIT-TAG" }] as [string, object],
  ][i % 4]!;

async function storedFrames(identities: string[]) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ charge_point_id: string; direction: string; raw: string }>(
      "SELECT charge_point_id, direction, raw FROM ocpp_messages WHERE charge_point_id = ANY($1)",
      [identities],
    );
    return new Set(rows.map((row) => `${row.charge_point_id} ${row.direction} ${row.raw}`));
  } finally {
    await client.end();
  }
}

/** Tags the chargers start their transactions with, one each, accepted. */
async function acceptedTags(count: number) {
  const tags = Array.from({ length: count }, () => `AUD-TAG-${randomUUID().slice(0, 8)}`);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(
      "INSERT INTO id_tags (id_tag, status, created_at, updated_at) SELECT unnest($1::text[]), 'Accepted', now(), now()",
      [tags],
    );
  } finally {
    await client.end();
  }
  return tags;
}

/** Every frame a charger sent or received, as the audit log would key it. */
const exchanged = (chargers: Charger[]) =>
  chargers.flatMap(({ identity, frames }) =>
    frames.map((frame) => `${identity} ${frame.outbound ? "INBOUND" : "OUTBOUND"} ${frame.message}`),
  );

/** Waits until the audit log holds every frame exchanged, then says which are missing (none, or the test fails). */
async function missingFrames(app: TestApp, chargers: Charger[]) {
  const expected = exchanged(chargers);
  let missing: string[] = expected;
  try {
    await until(
      async () => {
        if (app.audit.pending > 0) return false;
        const stored = await storedFrames(chargers.map((c) => c.identity));
        missing = expected.filter((key) => !stored.has(key));
        return missing.length === 0;
      },
      "every frame is in the audit log",
      OUTAGE_TIMEOUT_MS,
    );
  } catch {
    // reported below, with the frames that are missing
  }
  return { missing: missing.slice(0, 5), count: missing.length, of: expected.length };
}

async function appBehindProxy(environment: Record<string, string> = {}) {
  const proxy = await startTcpProxy(database.url);
  cleanups.push(() => proxy.close());
  const app = await startTestApp({
    DATABASE_URL: proxy.url,
    OCPP_MAX_MESSAGES_PER_SECOND: "10000",
    AUDIT_FLUSH_INTERVAL_MS: "20",
    ...environment,
  });
  cleanups.push(() => app.close());
  return { app, proxy };
}

describe("audit entries stored with their state change", () => {
  it("stores StatusNotification and MeterValues frames in the state's transaction and publishes them with their ids", async () => {
    const app = await startTestApp({ DATABASE_URL: database.url, OCPP_MAX_MESSAGES_PER_SECOND: "10000" });
    cleanups.push(() => app.close());
    const target = await charger(app.ocppUrl);
    const publishedIds = new Map<string, bigint>();
    const published = (async () => {
      for await (const entry of app.events.subscribe("ocppMessageLogged", target.identity)) {
        if (entry.direction === "INBOUND" && entry.messageType === "CALL") publishedIds.set(entry.action!, entry.id);
        if (publishedIds.has("StatusNotification") && publishedIds.has("MeterValues")) return;
      }
    })();
    for (const [action, payload] of stateMessages(1)) await target.client.call(action, payload);
    await published;

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    cleanups.push(() => client.end());
    // xmin is the id of the transaction that wrote a row: the frame and what it changed share one commit.
    const { rows } = await client.query<{ action: string; id: string; logged: string; changed: string }>(
      `SELECT m.action, m.id, m.xmin::text AS logged,
              CASE m.action
                WHEN 'StatusNotification'
                  THEN (SELECT s.xmin::text FROM status_notifications AS s WHERE s.charge_point_id = $1)
                ELSE (SELECT v.xmin::text FROM meter_values AS v WHERE v.charge_point_id = $1)
              END AS changed
       FROM ocpp_messages AS m
       WHERE m.charge_point_id = $1 AND m.direction = 'INBOUND' AND m.action IN ('StatusNotification', 'MeterValues')
       ORDER BY m.action`,
      [target.identity],
    );
    expect(rows.map((row) => [row.action, row.logged === row.changed, BigInt(row.id)])).toEqual([
      ["MeterValues", true, publishedIds.get("MeterValues")],
      ["StatusNotification", true, publishedIds.get("StatusNotification")],
    ]);
  });
});

describe("transaction and boot frames stored with their state change", () => {
  it("stores BootNotification, StartTransaction and StopTransaction frames in the transaction that changed the row", async () => {
    const app = await startTestApp({
      DATABASE_URL: database.url,
      OCPP_MAX_MESSAGES_PER_SECOND: "10000",
      AUDIT_FLUSH_INTERVAL_MS: "5000",
    });
    cleanups.push(() => app.close());
    const target = await charger(app.ocppUrl);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    cleanups.push(() => client.end());
    const idTag = `AUD-TAG-${randomUUID().slice(0, 8)}`;
    await client.query(
      "INSERT INTO id_tags (id_tag, status, created_at, updated_at) VALUES ($1, 'Accepted', now(), now())",
      [idTag],
    );
    // xmin is the id of the transaction that wrote a row: the frame and what it changed share one commit.
    const frameXmin = async (action: string) => {
      const { rows } = await client.query<{ xmin: string }>(
        `SELECT xmin::text FROM ocpp_messages
         WHERE charge_point_id = $1 AND direction = 'INBOUND' AND action = $2 ORDER BY id DESC LIMIT 1`,
        [target.identity, action],
      );
      return rows[0]?.xmin ?? "not stored";
    };
    const rowXmin = async (table: "stations" | "transactions", where: string, value: unknown) => {
      // The table names are the two literals above.
      const { rows } = await client.query<{ xmin: string }>(`SELECT xmin::text FROM ${table} WHERE ${where} = $1`, [
        value,
      ]);
      return rows[0]!.xmin;
    };

    await target.client.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 23" });
    const boot = [await frameXmin("BootNotification"), await rowXmin("stations", "charge_point_id", target.identity)];
    const started = (await target.client.call("StartTransaction", {
      connectorId: 1,
      idTag,
      meterStart: 100,
      timestamp: new Date().toISOString(),
    })) as { transactionId: number };
    const start = [
      await frameXmin("StartTransaction"),
      await rowXmin("transactions", "transaction_id", started.transactionId),
    ];
    await target.client.call("StopTransaction", {
      transactionId: started.transactionId,
      meterStop: 200,
      timestamp: new Date().toISOString(),
      transactionData: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: "200" }] }],
    });
    const stop = [
      await frameXmin("StopTransaction"),
      await rowXmin("transactions", "transaction_id", started.transactionId),
    ];

    expect({ boot: boot[0] === boot[1], start: start[0] === start[1], stop: stop[0] === stop[1] }).toEqual({
      boot: true,
      start: true,
      stop: true,
    });
  });
});

describe("audit log through a database outage", () => {
  it("keeps every frame exchanged while the database goes away and comes back, twice", async () => {
    const { app, proxy } = await appBehindProxy();
    const chargers = await Promise.all(Array.from({ length: 6 }, () => charger(app.ocppUrl)));
    const stop = { stopped: false };
    const traffic = chargers.map((c) => keepCalling(c, stop, mixedMessages));
    const answered = () => chargers.reduce((sum, c) => sum + c.answered, 0);

    for (let outage = 0; outage < 2; outage++) {
      const before = answered();
      await until(() => answered() > before + 200, "chargers are answered with the database up", OUTAGE_TIMEOUT_MS);
      proxy.cut();
      const failedBefore = chargers.reduce((sum, c) => sum + c.failed, 0);
      // Chargers keep sending: state messages get CALLERRORs, heartbeats are answered, all of it is logged.
      await until(
        () => chargers.reduce((sum, c) => sum + c.failed, 0) > failedBefore + 200 && app.audit.pending > 500,
        "frames pile up while the database is away",
        OUTAGE_TIMEOUT_MS,
      );
      proxy.restore();
    }
    const before = answered();
    await until(() => answered() > before + 200, "chargers are answered once the database is back", OUTAGE_TIMEOUT_MS);
    stop.stopped = true;
    await Promise.all(traffic);

    expect(await missingFrames(app, chargers)).toEqual({ missing: [], count: 0, of: expect.any(Number) });
  }, 90_000);
});

describe("audit log shutdown", () => {
  it("keeps retrying for close()'s timeout, so a database back in time loses nothing", async () => {
    const { app, proxy } = await appBehindProxy();
    const target = await charger(app.ocppUrl);
    proxy.cut();
    for (let i = 0; i < 5; i++) await target.client.call("Heartbeat", {});
    const refusedBefore = proxy.refused;
    const closing = app.audit.close(30_000);
    await until(() => proxy.refused >= refusedBefore + 3, "close() has tried a few times", OUTAGE_TIMEOUT_MS);
    proxy.restore();
    await closing;
    expect(await missingFrames(app, [target])).toEqual({ missing: [], count: 0, of: expect.any(Number) });
  }, 40_000);
});

describe("audit log shutdown within SHUTDOWN_TIMEOUT_MS", () => {
  it("gives up writing in time to say how many entries it could not write, before the process is forced out", async () => {
    const proxy = await startTcpProxy(database.url);
    cleanups.push(() => proxy.close());
    const server = await startServer({
      DATABASE_URL: proxy.url,
      DATABASE_CONNECT_TIMEOUT_MS: "1000",
      SHUTDOWN_TIMEOUT_MS: "4000",
    });
    const target = await charger(`ws://127.0.0.1:${server.ocppPort}`);
    proxy.cut();
    // Answered without the database; their frames wait in the audit log's buffer.
    for (let i = 0; i < 5; i++) await target.client.call("Heartbeat", {});

    server.child.kill("SIGTERM");
    const exit = await server.exited;

    const messages = server.logs.map((entry) => entry.msg);
    const lost = server.logs.find((entry) => entry.msg === "Audit log entries could not be written");
    expect({
      lost: (lost?.lost as number | undefined) ?? 0,
      forcedOut: messages.includes("Shutdown took longer than SHUTDOWN_TIMEOUT_MS: exiting"),
    }).toEqual({ lost: expect.any(Number), forcedOut: false });
    expect(lost!.lost).toBeGreaterThanOrEqual(10);
    expect(exit.code).not.toBeNull();
  }, 30_000);
});

describe("audit log backpressure", () => {
  it("stops reading chargers while its buffer is full, and drops nothing", async () => {
    const { app, proxy } = await appBehindProxy({ AUDIT_BUFFER_HIGH_WATER: "40" });
    const chargers = await Promise.all(Array.from({ length: 4 }, () => charger(app.ocppUrl)));
    await until(() => app.audit.pending === 0, "the boot frames are written", OUTAGE_TIMEOUT_MS);
    proxy.cut();

    const stop = { stopped: false };
    // Heartbeats are answered without the database: only the audit log can hold them back.
    const traffic = chargers.map((c) => keepCalling(c, stop, () => ["Heartbeat", {}]));
    const answered = () => chargers.reduce((sum, c) => sum + c.answered, 0);
    await until(() => app.audit.pending >= 40, "the buffer reaches its high-water mark", OUTAGE_TIMEOUT_MS);
    // Held back: while it lasts, at most the calls already read are answered (one per charger). Proving that answers
    // do not come takes a bounded wait; unheld, chargers calling back to back are answered many times in 300 ms.
    const held = answered();
    await delay(300);
    expect(answered() - held).toBeLessThanOrEqual(chargers.length);
    expect(app.audit.pending).toBeLessThan(40 + 4 * chargers.length);

    proxy.restore();
    await until(() => answered() > held + 400, "chargers are read again once the buffer drained", OUTAGE_TIMEOUT_MS);
    stop.stopped = true;
    await Promise.all(traffic);
    expect(chargers.every((c) => c.failed === 0)).toBe(true);
    expect(await missingFrames(app, chargers)).toEqual({ missing: [], count: 0, of: expect.any(Number) });
  }, 60_000);
});

/** Boots, starts and stops a transaction, again and again until stopped (one lane of a charger's calls). */
async function keepCharging(
  target: Charger,
  stop: { stopped: boolean },
  idTag: string,
  counts = { boots: 0, starts: 0, stops: 0 },
) {
  while (!stop.stopped && target.client.state === 1) {
    try {
      await target.client.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
      counts.boots++;
      const { transactionId } = (await target.client.call("StartTransaction", {
        connectorId: 2,
        idTag,
        meterStart: counts.starts,
        timestamp: new Date().toISOString(),
      })) as { transactionId: number };
      counts.starts++;
      const timestamp = new Date().toISOString();
      await target.client.call("StopTransaction", {
        transactionId,
        meterStop: counts.starts + 1,
        timestamp,
        transactionData: [{ timestamp, sampledValue: [{ value: String(counts.starts + 1) }] }],
      });
      counts.stops++;
    } catch {
      target.failed++;
    }
  }
  return counts;
}

describe("audit log and kill -9", () => {
  it("holds every StatusNotification, MeterValues, BootNotification, StartTransaction and StopTransaction that was answered, whatever the flush interval", async () => {
    // A long flush interval: only the frames stored with their state change can survive the crash.
    const server = await startServer({ DATABASE_URL: database.url, AUDIT_FLUSH_INTERVAL_MS: "5000" });
    const ocppUrl = `ws://127.0.0.1:${server.ocppPort}`;
    const chargers = await Promise.all(Array.from({ length: 6 }, () => charger(ocppUrl, { callConcurrency: 3 })));
    const tags = await acceptedTags(chargers.length);
    const stop = { stopped: false };
    const traffic = chargers.flatMap((c) => [0, 1].map((lane) => keepCalling(c, stop, (i) => stateMessages(i)[lane]!)));
    const cycles = chargers.map(() => ({ boots: 0, starts: 0, stops: 0 }));
    const charging = chargers.map((c, index) => keepCharging(c, stop, tags[index]!, cycles[index]));
    await until(
      () => chargers.every((c, index) => c.answered >= 40 && cycles[index]!.stops >= 2),
      "every charger has answered state messages and stopped transactions",
      OUTAGE_TIMEOUT_MS,
    );

    server.child.kill("SIGKILL");
    await server.exited;
    stop.stopped = true;
    await Promise.all(traffic);
    await Promise.all(charging);

    const stored = await storedFrames(chargers.map((c) => c.identity));
    const answeredCalls = chargers.flatMap(({ identity, frames }) => {
      const answeredIds = new Set(
        frames.filter((f) => !f.outbound && f.message.startsWith("[3,")).map((f) => JSON.parse(f.message)[1]),
      );
      return frames
        .filter((f) => f.outbound && f.message.startsWith("[2,") && answeredIds.has(JSON.parse(f.message)[1]))
        .filter((f) =>
          /^\[2,"[^"]*","(StatusNotification|MeterValues|BootNotification|StartTransaction|StopTransaction)"/.test(
            f.message,
          ),
        )
        .map((f) => `${identity} INBOUND ${f.message}`);
    });
    expect(answeredCalls.length).toBeGreaterThanOrEqual(6 * 40);
    const missing = answeredCalls.filter((key) => !stored.has(key));
    expect({ missing: missing.slice(0, 3), count: missing.length }).toEqual({ missing: [], count: 0 });
  }, 60_000);
});
