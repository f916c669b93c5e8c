// Demo data for trying the system: `npm run seed [-- --force]`. Five OCPP 1.6 stations with connectors, three
// OCPP 2.0.1 stations with EVSEs, ten ID tags and twenty-three finished sessions of the last week with their meter
// values (the 2.0.1 ones also with their TransactionEvents). Rows have fixed ids and are only ever
// created, never updated, so running it again changes nothing. It refuses a database that holds other data
// (stations, transactions or ID tags that are not demo data) unless --force is given; --force adds what is
// missing and still leaves every existing row alone. With the embedded database it uses the running server's, if any.
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { ConfigError, loadConfig } from "../src/config.js";
import { createDatabase, type Database } from "../src/db/client.js";
import { DataDirectoryInUseError, openEmbeddedDatabase } from "../src/db/embedded.js";
import { applyPendingMigrations } from "../src/db/migrate.js";
import type { Prisma } from "../src/generated/prisma/client.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BATTERY_WH = 60_000;
const SAMPLE_EVERY = 15 * MINUTE;

type ConnectorState = { status: string; errorCode?: string; info?: string };

const STATIONS = [
  {
    chargePointId: "DEMO-CP01",
    vendor: "Alfen",
    model: "Eve Double Pro-line",
    serialNumber: "ACE0100231",
    firmwareVersion: "6.4.0-4210",
    maxPowerW: 22_000,
    connectors: ["Available", "Available"],
  },
  {
    chargePointId: "DEMO-CP02",
    vendor: "ABB",
    model: "Terra AC W22-T-RD",
    serialNumber: "TACW2240021",
    firmwareVersion: "1.8.21",
    maxPowerW: 22_000,
    connectors: ["Available"],
  },
  {
    chargePointId: "DEMO-CP03",
    vendor: "Wallbox",
    model: "Copper SB",
    serialNumber: "WB-CSB-7731",
    firmwareVersion: "5.17.36",
    maxPowerW: 11_000,
    connectors: ["Available", { status: "Faulted", errorCode: "GroundFailure", info: "Residual current detected" }],
  },
  {
    chargePointId: "DEMO-CP04",
    vendor: "Easee",
    model: "Charge",
    serialNumber: "EH7Q4P2L",
    firmwareVersion: "312",
    maxPowerW: 11_000,
    connectors: ["Available"],
  },
  // Out of service: the whole charge point is Unavailable.
  {
    chargePointId: "DEMO-CP05",
    vendor: "Zaptec",
    model: "Pro",
    serialNumber: "ZAP049871",
    firmwareVersion: "2.3.1.2",
    maxPowerW: 22_000,
    connectors: ["Unavailable", "Unavailable"],
    unavailable: true,
  },
] satisfies Array<{
  chargePointId: string;
  maxPowerW: number;
  connectors: Array<string | ConnectorState>;
  unavailable?: boolean;
  [field: string]: unknown;
}>;

/** OCPP 2.0.1 stations: one connector per EVSE, 2.0.1 statuses (a car plugged in but not charging is Occupied). */
const STATIONS_201 = [
  {
    chargePointId: "DEMO-CS21",
    vendor: "Alpitronic",
    model: "HYC300",
    serialNumber: "HYC3-22-00417",
    firmwareVersion: "2.3.4",
    maxPowerW: 150_000,
    evses: ["Occupied", "Available"],
  },
  {
    chargePointId: "DEMO-CS22",
    vendor: "Kempower",
    model: "Satellite S-Series",
    serialNumber: "KP-S-104522",
    firmwareVersion: "1.42.0",
    maxPowerW: 50_000,
    evses: ["Available", "Faulted"],
  },
  {
    chargePointId: "DEMO-CS23",
    vendor: "Compleo",
    model: "eBox smart",
    serialNumber: "CEB-88213",
    firmwareVersion: "3.0.1",
    maxPowerW: 11_000,
    evses: ["Available"],
  },
] satisfies Array<{ chargePointId: string; maxPowerW: number; evses: string[]; [field: string]: unknown }>;

/** Finished 2.0.1 sessions: the station named each (stationTransactionId) and numbered its events by seqNo. */
const SESSIONS_201 = [
  {
    transactionId: 21,
    stationTransactionId: "5f0e4c1a-9b7d-4e8a-a3f2-6c1d2b9e0a21",
    chargePointId: "DEMO-CS21",
    evseId: 1,
    idTag: "DEMO0003",
    powerW: 95_000,
    daysAgo: 2,
    minutes: 28,
    stopReason: "Local",
  },
  {
    transactionId: 22,
    stationTransactionId: "b3a7d9e2-41c6-4f05-8e1b-7a2c9d4f6b22",
    chargePointId: "DEMO-CS22",
    evseId: 1,
    idTag: "DEMO0005",
    powerW: 48_000,
    daysAgo: 1,
    minutes: 41,
    stopReason: "EVDisconnected",
  },
  {
    transactionId: 23,
    stationTransactionId: "e8c41f73-2d5a-4b9e-9f60-1b7e3a8c5d23",
    chargePointId: "DEMO-CS23",
    evseId: 1,
    idTag: "DEMO0006",
    powerW: 11_000,
    daysAgo: 3,
    minutes: 150,
    stopReason: "Local",
  },
] as const;

/** DEMO0001..DEMO0008 may charge (`npm run simulate -- --charge` uses them); DEMO0009 is blocked, DEMO0010 expired. */
const ID_TAGS = [
  { idTag: "DEMO0001", status: "Accepted" },
  { idTag: "DEMO0002", status: "Accepted", parentIdTag: "DEMO0001" }, // a second card on the same account
  { idTag: "DEMO0003", status: "Accepted", expiryDate: new Date("2030-12-31T23:59:59Z") },
  { idTag: "DEMO0004", status: "Accepted" },
  { idTag: "DEMO0005", status: "Accepted" },
  { idTag: "DEMO0006", status: "Accepted" },
  { idTag: "DEMO0007", status: "Accepted" },
  { idTag: "DEMO0008", status: "Accepted" },
  { idTag: "DEMO0009", status: "Blocked" },
  { idTag: "DEMO0010", status: "Expired", expiryDate: new Date("2025-06-30T23:59:59Z") },
] satisfies Prisma.IdTagCreateManyInput[];

const TRANSACTION_IDS_16 = Array.from({ length: 20 }, (_, i) => i + 1);
const TRANSACTION_IDS = [...TRANSACTION_IDS_16, ...SESSIONS_201.map((session) => session.transactionId)];
const CAR_MAX_POWER_W = [11_000, 7_400, 22_000, 11_000, 3_700];

export class SeedRefusedError extends Error {
  override name = "SeedRefusedError";
}

export type SeedCounts = {
  stations: number;
  connectors: number;
  idTags: number;
  transactions: number;
  meterValues: number;
  transactionEvents: number;
};

/** The demo rows; times are relative to `now`, everything else is fixed. */
function demoData(now: Date) {
  const t0 = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const stations = STATIONS.map(({ chargePointId, vendor, model, serialNumber, firmwareVersion }, index) => {
    const lastSeen = new Date(t0 - (index + 1) * 37 * MINUTE);
    return {
      chargePointId,
      vendor,
      model,
      serialNumber,
      firmwareVersion,
      meterType: "MID energy meter",
      connected: false,
      lastBootAt: new Date(t0 - 10 * DAY),
      lastHeartbeatAt: lastSeen,
      disconnectedAt: lastSeen,
    };
  });
  const stations201 = STATIONS_201.map(({ chargePointId, vendor, model, serialNumber, firmwareVersion }, index) => {
    const lastSeen = new Date(t0 - (index + 1) * 23 * MINUTE);
    return {
      chargePointId,
      ocppVersion: "OCPP201" as const,
      registrationStatus: "Accepted" as const,
      vendor,
      model,
      serialNumber,
      firmwareVersion,
      connected: false,
      lastBootAt: new Date(t0 - 6 * DAY),
      lastHeartbeatAt: lastSeen,
      disconnectedAt: lastSeen,
    };
  });
  // 2.0.1 has no connector 0 and no error codes in StatusNotification: NoError, as the connector's healthy value.
  const connectors201 = STATIONS_201.flatMap((station, index) =>
    station.evses.map((status, i) => ({
      chargePointId: station.chargePointId,
      evseId: i + 1,
      connectorId: 1,
      status,
      errorCode: "NoError",
      statusAt: new Date(t0 - (index + 1) * 3 * HOUR),
    })),
  );
  const connectors16 = STATIONS.flatMap((station, index) => {
    const whole: ConnectorState = { status: station.unavailable ? "Unavailable" : "Available" };
    return [whole, ...station.connectors].map((state, connectorId) => {
      const { status, errorCode = "NoError", info = null } = typeof state === "string" ? { status: state } : state;
      return {
        chargePointId: station.chargePointId,
        evseId: connectorId,
        connectorId,
        status,
        errorCode,
        info,
        statusAt: new Date(t0 - (index + 1) * 2 * HOUR),
      };
    });
  });

  // Every connector's energy register keeps counting from session to session.
  const registers = new Map<string, number>();
  const transactions = TRANSACTION_IDS_16.map((transactionId, i) => {
    const station = STATIONS[i % STATIONS.length]!;
    const connectorId = 1 + (Math.floor(i / STATIONS.length) % station.connectors.length);
    const idTag = ID_TAGS[i % 8]!.idTag;
    const startedAt = t0 - 7 * DAY + i * 8 * HOUR + ((i * 53) % 180) * MINUTE;
    const durationMs = (30 + ((i * 37) % 150)) * MINUTE;
    const powerW = Math.min(station.maxPowerW, CAR_MAX_POWER_W[i % CAR_MAX_POWER_W.length]!);
    const startSoc = 15 + ((i * 23) % 50);
    const energyWh = Math.round(Math.min((powerW * durationMs) / HOUR, ((95 - startSoc) / 100) * BATTERY_WH));
    const registerKey = `${station.chargePointId}/${connectorId}`;
    const meterStart = registers.get(registerKey) ?? 1_000_000 + (i % STATIONS.length) * 250_000 + connectorId * 40_000;
    const meterStop = meterStart + energyWh;
    registers.set(registerKey, meterStop);
    const stopReason = i === 7 ? "Remote" : i % 6 === 5 ? "EVDisconnected" : "Local";

    // Full power until the energy is delivered, then the car idles until it leaves.
    const sampleTimes = [];
    for (let at = startedAt; at < startedAt + durationMs; at += SAMPLE_EVERY) sampleTimes.push(at);
    sampleTimes.push(startedAt + durationMs);
    const meterValues = sampleTimes.flatMap((at, k) => {
      const delivered = Math.min(energyWh, Math.round((powerW * (at - startedAt)) / HOUR));
      const context =
        k === 0 ? "Transaction.Begin" : k === sampleTimes.length - 1 ? "Transaction.End" : "Sample.Periodic";
      const sample = (measurand: string, value: number, unit: string, location: string) => ({
        chargePointId: station.chargePointId,
        evseId: connectorId,
        connectorId,
        transactionId,
        timestamp: new Date(at),
        value: String(value),
        context,
        measurand,
        unit,
        location,
      });
      return [
        sample("Energy.Active.Import.Register", meterStart + delivered, "Wh", "Outlet"),
        sample("Power.Active.Import", delivered < energyWh || k === 0 ? powerW : 0, "W", "Outlet"),
        sample("SoC", Math.floor(startSoc + (delivered / BATTERY_WH) * 100), "Percent", "EV"),
      ];
    });

    return {
      transaction: {
        transactionId,
        chargePointId: station.chargePointId,
        evseId: connectorId,
        connectorId,
        idTag,
        idTagStatus: "Accepted",
        meterStart,
        startedAt: new Date(startedAt),
        meterStop,
        stoppedAt: new Date(startedAt + durationMs),
        status: "Stopped" as const,
        stopReason,
        lastMeterWh: meterStop,
        stopIdTag: stopReason === "Local" ? idTag : null,
      },
      meterValues,
      transactionEvents: [],
    };
  });

  const transactions201 = SESSIONS_201.map((session, i) => {
    const station = STATIONS_201.find((candidate) => candidate.chargePointId === session.chargePointId)!;
    const { transactionId, chargePointId, evseId, idTag } = session;
    const startedAt = t0 - session.daysAgo * DAY - (9 + i) * HOUR;
    const durationMs = session.minutes * MINUTE;
    const powerW = Math.min(station.maxPowerW, session.powerW);
    const startSoc = 20 + i * 10;
    const energyWh = Math.round(Math.min((powerW * durationMs) / HOUR, ((90 - startSoc) / 100) * BATTERY_WH));
    const meterStart = 3_000_000 + i * 700_000;
    const meterStop = meterStart + energyWh;
    // DC sessions are sampled more often than the AC ones of the 1.6 stations.
    const sampleEvery = station.maxPowerW > 22_000 ? 5 * MINUTE : SAMPLE_EVERY;
    const sampleTimes = [];
    for (let at = startedAt; at < startedAt + durationMs; at += sampleEvery) sampleTimes.push(at);
    sampleTimes.push(startedAt + durationMs);
    const last = sampleTimes.length - 1;
    const delivered = (at: number) => Math.min(energyWh, Math.round((powerW * (at - startedAt)) / HOUR));
    const meterValues = sampleTimes.flatMap((at, k) => {
      const context = k === 0 ? "Transaction.Begin" : k === last ? "Transaction.End" : "Sample.Periodic";
      const sample = (measurand: string, value: number, unit: string, location: string) => ({
        chargePointId,
        evseId,
        connectorId: 1,
        transactionId,
        timestamp: new Date(at),
        value: String(value),
        context,
        measurand,
        unit,
        location,
      });
      const energy = sample("Energy.Active.Import.Register", meterStart + delivered(at), "Wh", "Outlet");
      // The station's TxStartedMeasurands and TxEndedMeasurands hold the energy register only.
      if (k === 0 || k === last) return [energy];
      return [
        energy,
        sample("Power.Active.Import", delivered(at) < energyWh ? powerW : 0, "W", "Outlet"),
        sample("SoC", Math.floor(startSoc + (delivered(at) / BATTERY_WH) * 100), "Percent", "EV"),
      ];
    });
    const stopTrigger = session.stopReason === "Local" ? "StopAuthorized" : "EVDeparted";
    const transactionEvents = sampleTimes.map((at, seqNo) => ({
      chargePointId,
      stationTransactionId: session.stationTransactionId,
      seqNo,
      transactionId,
      eventType: seqNo === 0 ? "Started" : seqNo === last ? "Ended" : "Updated",
      triggerReason: seqNo === 0 ? "Authorized" : seqNo === last ? stopTrigger : "MeterValuePeriodic",
      timestamp: new Date(at),
      answer:
        seqNo === 0 || (seqNo === last && stopTrigger === "StopAuthorized")
          ? { idTokenInfo: { status: "Accepted" } }
          : {},
      receivedAt: new Date(at),
    }));
    return {
      transaction: {
        transactionId,
        chargePointId,
        stationTransactionId: session.stationTransactionId,
        evseId,
        connectorId: 1,
        idTag,
        idTokenType: "ISO14443",
        idTagStatus: "Accepted",
        chargingState: session.stopReason === "Local" ? "EVConnected" : "Idle",
        meterStart,
        startedAt: new Date(startedAt),
        meterStop,
        stoppedAt: new Date(startedAt + durationMs),
        status: "Stopped" as const,
        stopReason: session.stopReason,
        lastMeterWh: meterStop,
        stopIdTag: session.stopReason === "Local" ? idTag : null,
      },
      meterValues,
      transactionEvents,
    };
  });
  return {
    stations: [...stations, ...stations201],
    connectors: [...connectors16, ...connectors201],
    idTags: ID_TAGS,
    transactions: [...transactions, ...transactions201],
  };
}

/**
 * Creates the demo data that is missing and returns what it created. Refuses (SeedRefusedError) when the database
 * has stations, transactions or ID tags that are not demo data, unless force is set.
 */
export async function seedDemoData(db: Database, options: { force?: boolean; now?: Date } = {}): Promise<SeedCounts> {
  const data = demoData(options.now ?? new Date());
  const stationIds = [...STATIONS, ...STATIONS_201].map((s) => s.chargePointId);
  return db.$transaction(
    async (tx) => {
      const foreign = {
        stations: await tx.station.count({ where: { chargePointId: { notIn: stationIds } } }),
        transactions: await tx.transaction.count({
          where: { OR: [{ transactionId: { notIn: TRANSACTION_IDS } }, { chargePointId: { notIn: stationIds } }] },
        }),
        idTags: await tx.idTag.count({ where: { idTag: { notIn: ID_TAGS.map((t) => t.idTag) } } }),
      };
      if (!options.force && foreign.stations + foreign.transactions + foreign.idTags > 0) {
        throw new SeedRefusedError(
          `The database holds data that is not demo data (${foreign.stations} stations, ${foreign.transactions} ` +
            `transactions, ${foreign.idTags} ID tags). Run with --force to add the demo data anyway; existing rows are left alone.`,
        );
      }

      const created: SeedCounts = {
        stations: (await tx.station.createMany({ data: data.stations, skipDuplicates: true })).count,
        connectors: (await tx.connector.createMany({ data: data.connectors, skipDuplicates: true })).count,
        idTags: (await tx.idTag.createMany({ data: data.idTags, skipDuplicates: true })).count,
        transactions: 0,
        meterValues: 0,
        transactionEvents: 0,
      };
      // Meter values and events have no fixed id: they are written only with the transaction they belong to.
      for (const { transaction, meterValues, transactionEvents } of data.transactions) {
        if ((await tx.transaction.createMany({ data: [transaction], skipDuplicates: true })).count === 0) continue;
        created.transactions += 1;
        created.meterValues += (await tx.meterValue.createMany({ data: meterValues })).count;
        if (transactionEvents.length === 0) continue;
        created.transactionEvents += (await tx.transactionEvent.createMany({ data: transactionEvents })).count;
      }
      // The fixed transaction ids bypassed the sequence: the next real transaction must come after them.
      await tx.$executeRaw`SELECT setval(pg_get_serial_sequence('transactions', 'transaction_id'), (SELECT MAX(transaction_id) FROM transactions))`;
      return created;
    },
    { timeout: 60_000 },
  );
}

async function main() {
  const { values } = parseArgs({ options: { force: { type: "boolean", default: false } } });
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await openEmbeddedDatabase(config.dataDir, "seed");
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  // A running server has migrated its embedded database at start.
  if (!embedded?.shared) await applyPendingMigrations(databaseUrl);
  const db = createDatabase(databaseUrl, { maxConnections: 2, timeouts: config.databaseTimeouts });
  try {
    const created = await seedDemoData(db, { force: values.force });
    const total = Object.values(created).reduce((sum, count) => sum + count, 0);
    const summary =
      `${created.stations} stations, ${created.connectors} connectors, ${created.idTags} ID tags, ` +
      `${created.transactions} transactions, ${created.meterValues} meter values, ` +
      `${created.transactionEvents} transaction events`;
    process.stdout.write(
      total === 0 ? "Demo data is already there: nothing to do.\n" : `Demo data created: ${summary}.\n`,
    );
  } catch (error) {
    if (!(error instanceof SeedRefusedError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await db.$disconnect();
    await embedded?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main().catch((error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof DataDirectoryInUseError ? error.message : error);
    process.exitCode = 1;
  });
}
