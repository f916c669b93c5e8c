import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDemoData, SeedRefusedError } from "../../prisma/seed.js";
import { createDatabase, type Database } from "../../src/db/client.js";
import { ownDatabase } from "../helpers/own-database.js";

// The demo seed on a database of its own: the shared test database holds other test files' data.

const run = promisify(execFile);
const database = ownDatabase("ocpp_central_seed");
const databaseUrl = database.url;

let db: Database;

beforeAll(async () => {
  await database.create({ migrated: true });
  db = createDatabase(databaseUrl, { maxConnections: 2 });
});
afterAll(async () => {
  await db?.$disconnect();
  await database.drop();
});

const counts = async () => ({
  stations: await db.station.count(),
  connectors: await db.connector.count(),
  idTags: await db.idTag.count(),
  transactions: await db.transaction.count(),
  meterValues: await db.meterValue.count(),
  transactionEvents: await db.transactionEvent.count(),
});

/** Every seeded row, in full (timestamps included), to prove that a second run touches none of them. */
const snapshot = async () => ({
  stations: await db.station.findMany({ orderBy: { chargePointId: "asc" } }),
  connectors: await db.connector.findMany({ orderBy: { id: "asc" } }),
  idTags: await db.idTag.findMany({ orderBy: { idTag: "asc" } }),
  transactions: await db.transaction.findMany({ orderBy: { transactionId: "asc" } }),
  meterValues: await db.meterValue.findMany({ orderBy: { id: "asc" } }),
  transactionEvents: await db.transactionEvent.findMany({ orderBy: { id: "asc" } }),
});

const nothing = { stations: 0, connectors: 0, idTags: 0, transactions: 0, meterValues: 0, transactionEvents: 0 };

it("seeds a fresh database, and seeding again (even a day later) changes nothing", async () => {
  const now = new Date();
  const created = await seedDemoData(db, { now });
  expect(created).toMatchObject({ stations: 8, connectors: 18, idTags: 10, transactions: 23 });
  expect(created.meterValues).toBeGreaterThan(20 * 3 * 2 + 3 * 2);
  expect(created.transactionEvents).toBeGreaterThan(3 * 2);
  expect(await counts()).toEqual(created);
  const seeded = await snapshot();

  expect(await seedDemoData(db, { now })).toEqual(nothing);
  expect(await seedDemoData(db, { now: new Date(now.getTime() + 86_400_000) })).toEqual(nothing);
  expect(await counts()).toEqual(created);
  expect(await snapshot()).toEqual(seeded);

  // What the demo looks like.
  expect(seeded.idTags.map((tag) => tag.status).sort()).toEqual([...Array(8).fill("Accepted"), "Blocked", "Expired"]);
  expect(new Set(seeded.connectors.map((c) => c.status))).toEqual(
    new Set(["Available", "Faulted", "Unavailable", "Occupied"]),
  );
  const weekAgo = now.getTime() - 8 * 86_400_000;
  for (const transaction of seeded.transactions) {
    expect(transaction.stoppedAt!.getTime()).toBeLessThan(now.getTime());
    expect(transaction.startedAt.getTime()).toBeGreaterThan(weekAgo);
    expect(transaction.meterStop!).toBeGreaterThan(transaction.meterStart!);
    const readings = seeded.meterValues.filter((m) => m.transactionId === transaction.transactionId);
    const energy = readings.filter((m) => m.measurand === "Energy.Active.Import.Register").map((m) => Number(m.value));
    expect(energy[0]).toBe(Number(transaction.meterStart));
    expect(energy.at(-1)).toBe(Number(transaction.meterStop));
    expect(energy).toEqual([...energy].sort((a, b) => a - b));
  }
  // The next real transaction is numbered after the demo ones.
  const [sequence] = await db.$queryRaw<
    Array<{ last_value: bigint }>
  >`SELECT last_value FROM transactions_transaction_id_seq`;
  expect(Number(sequence!.last_value)).toBe(23);
});

it("seeds OCPP 2.0.1 stations with EVSEs and finished sessions told by their TransactionEvents", async () => {
  const stations = await db.station.findMany({
    where: { ocppVersion: "OCPP201" },
    include: { connectors: { orderBy: [{ evseId: "asc" }, { connectorId: "asc" }] } },
    orderBy: { chargePointId: "asc" },
  });
  expect(stations.map((station) => station.chargePointId)).toEqual(["DEMO-CS21", "DEMO-CS22", "DEMO-CS23"]);
  expect(await db.station.count({ where: { ocppVersion: "OCPP16" } })).toBe(5);
  for (const station of stations) {
    expect(station.registrationStatus).toBe("Accepted");
    // EVSEs 1..n with one connector each, and no connector 0.
    expect(station.connectors.map((c) => [c.evseId, c.connectorId])).toEqual(
      station.connectors.map((_, index) => [index + 1, 1]),
    );
  }
  expect(stations[0]!.connectors.map((c) => c.status)).toEqual(["Occupied", "Available"]);

  const sessions = await db.transaction.findMany({
    where: { station: { ocppVersion: "OCPP201" } },
    include: { events: { orderBy: { seqNo: "asc" } }, meterValues: true },
    orderBy: { transactionId: "asc" },
  });
  expect(sessions).toHaveLength(3);
  for (const session of sessions) {
    expect(session).toMatchObject({ status: "Stopped", idTokenType: "ISO14443", connectorId: 1, evseId: 1 });
    expect(session.stationTransactionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.events.map((e) => e.seqNo)).toEqual(session.events.map((_, index) => index));
    expect(session.events.map((e) => e.eventType)).toEqual([
      "Started",
      ...Array(session.events.length - 2).fill("Updated"),
      "Ended",
    ]);
    expect(session.events[0]!.timestamp).toEqual(session.startedAt);
    expect(session.events.at(-1)!.timestamp).toEqual(session.stoppedAt);
    expect(session.events.every((e) => e.stationTransactionId === session.stationTransactionId)).toBe(true);
    expect(session.meterValues.every((m) => m.evseId === session.evseId && m.connectorId === 1)).toBe(true);
    expect(new Set(session.meterValues.map((m) => m.context))).toEqual(
      new Set(["Transaction.Begin", "Sample.Periodic", "Transaction.End"]),
    );
  }
});

it("refuses a database with other data, unless forced, and then leaves that data alone", async () => {
  const before = await counts();
  await db.station.create({ data: { chargePointId: "REAL-CP1", vendor: "Acme" } });
  await db.transaction.create({
    data: {
      chargePointId: "REAL-CP1",
      connectorId: 1,
      idTag: "CARD1",
      idTagStatus: "Accepted",
      meterStart: 0,
      startedAt: new Date(),
    },
  });

  const refusal = seedDemoData(db);
  await expect(refusal).rejects.toBeInstanceOf(SeedRefusedError);
  await expect(refusal).rejects.toThrow("(1 stations, 1 transactions, 0 ID tags). Run with --force");

  expect(await seedDemoData(db, { force: true })).toEqual(nothing);
  expect(await counts()).toEqual({ ...before, stations: before.stations + 1, transactions: before.transactions + 1 });
  expect(await db.station.findUnique({ where: { chargePointId: "REAL-CP1" } })).toMatchObject({ vendor: "Acme" });
});

it("npm run seed refuses such a database with exit code 1", async () => {
  const refused = await run(process.execPath, ["--import", "tsx", "prisma/seed.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  }).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
  expect(refused?.code).toBe(1);
  expect(refused?.stderr).toContain("Run with --force");
}, 60_000);
