// Demo data for trying the system: `npm run seed [-- --force]`. Five stations with connectors, ten ID tags and
// twenty finished sessions of the last week with their meter values. Rows have fixed ids and are only ever
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

const TRANSACTION_IDS = Array.from({ length: 20 }, (_, i) => i + 1);
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
  const connectors = STATIONS.flatMap((station, index) => {
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
  const transactions = TRANSACTION_IDS.map((transactionId, i) => {
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
    };
  });
  return { stations, connectors, idTags: ID_TAGS, transactions };
}

/**
 * Creates the demo data that is missing and returns what it created. Refuses (SeedRefusedError) when the database
 * has stations, transactions or ID tags that are not demo data, unless force is set.
 */
export async function seedDemoData(db: Database, options: { force?: boolean; now?: Date } = {}): Promise<SeedCounts> {
  const data = demoData(options.now ?? new Date());
  const stationIds = STATIONS.map((s) => s.chargePointId);
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
      };
      // Meter values have no fixed id: they are written only with the transaction they belong to.
      for (const { transaction, meterValues } of data.transactions) {
        if ((await tx.transaction.createMany({ data: [transaction], skipDuplicates: true })).count === 0) continue;
        created.transactions += 1;
        created.meterValues += (await tx.meterValue.createMany({ data: meterValues })).count;
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
      `${created.transactions} transactions, ${created.meterValues} meter values`;
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
