import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, type Database } from "../../src/db/client.js";
import { Sql } from "../../src/db/sql.js";
import { StationStore } from "../../src/db/stores/stations.js";
import { TransactionStore } from "../../src/db/stores/transactions.js";
import { type ConnectorStatus, StateWriter } from "../../src/db/state-writer.js";
import { createEventBus } from "../../src/events/event-bus.js";
import { createLogger } from "../../src/logger.js";

let db: Database;
let writer: StateWriter;
const batchSizes: number[] = [];

beforeAll(() => {
  db = createDatabase(inject("databaseUrl"), { maxConnections: 3 });
  const events = createEventBus();
  const sql = Sql.of(db);
  writer = new StateWriter(
    sql,
    new StationStore(db, sql, events),
    new TransactionStore(db, sql, events),
    createLogger("silent"),
    {
      onBatch: (size) => batchSizes.push(size),
    },
  );
});
afterAll(async () => {
  await writer.drain();
  await db.$disconnect();
});

const identity = () => `SW-${randomUUID().slice(0, 8)}`;
const at = (second: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, second));
const connectorStatus = (chargePointId: string, status: string): ConnectorStatus => ({
  chargePointId,
  evseId: 1,
  connectorId: 1,
  status,
  errorCode: "NoError",
  info: null,
  vendorId: null,
  vendorErrorCode: null,
  statusAt: at(2),
  receivedAt: at(2),
});

describe("StateWriter connections", () => {
  it("writes a thousand connections in a few group commits, creating each station", async () => {
    const ids = Array.from({ length: 1000 }, identity);
    batchSizes.length = 0;
    await Promise.all(ids.map((id) => writer.connection(id, true, at(1))));
    expect(batchSizes.length).toBeLessThanOrEqual(3);
    const stations = await db.station.findMany({ where: { chargePointId: { in: ids } } });
    expect(stations).toHaveLength(1000);
    expect(stations.every((s) => s.connected && s.connectedAt?.getTime() === at(1).getTime())).toBe(true);
  });

  it("keeps the last state and the times of both the connect and the disconnect when they share a batch", async () => {
    const id = identity();
    await writer.connection(id, true, at(1));
    await Promise.all([writer.connection(id, false, at(2)), writer.connection(id, true, at(3))]);
    expect(await db.station.findUnique({ where: { chargePointId: id } })).toMatchObject({
      connected: true,
      connectedAt: at(3),
      disconnectedAt: at(2),
    });
    await Promise.all([writer.connection(id, true, at(4)), writer.connection(id, false, at(5))]);
    expect(await db.station.findUnique({ where: { chargePointId: id } })).toMatchObject({
      connected: false,
      connectedAt: at(4),
      disconnectedAt: at(5),
    });
  });

  it("does not bring back a station deleted while its charger was connected", async () => {
    const id = identity();
    await writer.connection(id, true, at(1));
    await db.station.delete({ where: { chargePointId: id } });
    await writer.connection(id, false, at(2));
    expect(await db.station.findUnique({ where: { chargePointId: id } })).toBeNull();
  });

  it("stores everyone else's messages when one in the batch is refused", async () => {
    const id = identity();
    await writer.connection(id, true, at(1));
    const results = await Promise.allSettled([
      writer.heartbeat(id, at(2)),
      // No such station: the connector's foreign key refuses it.
      writer.connectorStatus(connectorStatus(identity(), "Available")),
      writer.connectorStatus(connectorStatus(id, "Charging")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await db.station.findUnique({ where: { chargePointId: id } })).toMatchObject({ lastHeartbeatAt: at(2) });
    expect(await db.connector.findMany({ where: { chargePointId: id } })).toMatchObject([{ status: "Charging" }]);
  });
});
