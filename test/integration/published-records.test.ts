import type { RPCClient } from "ocpp-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventChannels } from "../../src/events/event-bus.js";
import { bootChargePoint, startTestApp, type TestApp, uniqueId } from "../helpers/app.js";

// The group commit publishes rows straight from RETURNING rather than reading them back through Prisma: what a
// subscriber receives must be exactly the record Prisma would have returned, field for field and type for type.
let app: TestApp;
let charger: RPCClient;
let chargePointId: string;

beforeAll(async () => {
  app = await startTestApp();
  chargePointId = uniqueId("PUB");
  charger = await bootChargePoint(app, chargePointId);
});

afterAll(async () => {
  await charger?.close({ force: true });
  await app?.close();
});

/** The next event on a channel for our charger, listening before `act` runs. */
async function nextEvent<C extends keyof EventChannels>(channel: C, act: () => Promise<unknown>) {
  const stream = app.events.subscribe(channel, chargePointId);
  const received = (async () => {
    for await (const record of stream) return record;
    throw new Error(`${channel} ended`);
  })();
  await act();
  try {
    return await received;
  } finally {
    await stream.return?.();
  }
}

describe("records published by the group commit", () => {
  it("a Heartbeat publishes the whole station as Prisma reads it", async () => {
    const station = await nextEvent("stationUpdated", () => charger.call("Heartbeat", {}));
    const stored = await app.db.station.findUniqueOrThrow({ where: { chargePointId } });
    expect(station).toStrictEqual(stored);
    expect(station.lastHeartbeatAt).toBeInstanceOf(Date);
    expect(station.unknownConfigurationKeys).toEqual([]);
  });

  it("a StatusNotification publishes the connector as Prisma reads it", async () => {
    const connector = await nextEvent("connectorStatusChanged", () =>
      charger.call("StatusNotification", {
        connectorId: 2,
        errorCode: "GroundFailure",
        status: "Faulted",
        info: "RCD tripped",
        vendorId: "Acme",
        vendorErrorCode: "E42",
        timestamp: "2026-11-25T10:00:00.123Z",
      }),
    );
    const stored = await app.db.connector.findUniqueOrThrow({
      where: { chargePointId_evseId_connectorId: { chargePointId, evseId: 2, connectorId: 2 } },
    });
    expect(connector).toStrictEqual(stored);
    expect(connector.statusAt.toISOString()).toBe("2026-11-25T10:00:00.123Z");
  });

  it("MeterValues publish the transaction, with its latest energy reading, as Prisma reads it", async () => {
    const { transactionId } = (await charger.call("StartTransaction", {
      connectorId: 1,
      idTag: uniqueId("TAG").slice(0, 20),
      meterStart: 1000,
      timestamp: new Date().toISOString(),
    })) as { transactionId: number };
    const transaction = await nextEvent("transactionUpdated", () =>
      charger.call("MeterValues", {
        connectorId: 1,
        transactionId,
        meterValue: [
          {
            timestamp: new Date().toISOString(),
            sampledValue: [{ value: "1234", measurand: "Energy.Active.Import.Register", unit: "Wh" }],
          },
        ],
      }),
    );
    const stored = await app.db.transaction.findUniqueOrThrow({ where: { transactionId } });
    expect(transaction).toStrictEqual(stored);
    expect(transaction.lastMeterWh).toBe(1234n);
  });
});
