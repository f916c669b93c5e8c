import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { bootChargePoint, startTestApp, type TestApp } from "../../helpers/app.js";

type ChargePoint = Awaited<ReturnType<typeof bootChargePoint>>;

let app: TestApp;
const chargePoints: ChargePoint[] = [];

beforeAll(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await Promise.all(chargePoints.splice(0).map((client) => client.close({ force: true })));
});
afterAll(async () => {
  await app?.close();
});

async function charging() {
  const client = await bootChargePoint(app);
  chargePoints.push(client);
  const { transactionId } = (await client.call("StartTransaction", {
    connectorId: 1,
    idTag: "RETRANSMIT",
    meterStart: 1000,
    timestamp: new Date().toISOString(),
  })) as { transactionId: number };
  return { client, transactionId };
}

const sample = (timestamp: string, value: string, measurand = "Energy.Active.Import.Register") => ({
  timestamp,
  sampledValue: [{ value, measurand, unit: measurand === "Voltage" ? "V" : "Wh", context: "Sample.Periodic" }],
});

const storedValues = async (transactionId: number) =>
  (await app.db.meterValue.findMany({ where: { transactionId }, orderBy: { id: "asc" } })).map((reading) => ({
    timestamp: reading.timestamp.toISOString(),
    measurand: reading.measurand,
    value: reading.value,
  }));

it("an exact retransmission of MeterValues is answered normally and stored once", async () => {
  const { client, transactionId } = await charging();
  const timestamp = new Date().toISOString();
  const request = { connectorId: 1, transactionId, meterValue: [sample(timestamp, "1500")] };
  expect(await client.call("MeterValues", request)).toEqual({});
  expect(await client.call("MeterValues", request)).toEqual({});
  // Retransmitted together with a new sample: only the new one is added.
  const later = new Date(Date.parse(timestamp) + 1000).toISOString();
  expect(
    await client.call("MeterValues", { ...request, meterValue: [sample(timestamp, "1500"), sample(later, "1600")] }),
  ).toEqual({});
  expect(await storedValues(transactionId)).toEqual([
    { timestamp, measurand: "Energy.Active.Import.Register", value: "1500" },
    { timestamp: later, measurand: "Energy.Active.Import.Register", value: "1600" },
  ]);
});

it("samples that differ in any field, or in their time, are all kept", async () => {
  const { client, transactionId } = await charging();
  const timestamp = new Date().toISOString();
  const later = new Date(Date.parse(timestamp) + 1).toISOString();
  await client.call("MeterValues", {
    connectorId: 1,
    transactionId,
    meterValue: [sample(timestamp, "1500"), sample(timestamp, "230", "Voltage"), sample(later, "1500")],
  });
  await client.call("MeterValues", { connectorId: 1, transactionId, meterValue: [sample(timestamp, "1501")] });
  expect(await storedValues(transactionId)).toHaveLength(4);
});

it("a StopTransaction whose transactionData repeats samples already sent stores them once", async () => {
  const { client, transactionId } = await charging();
  const timestamp = new Date().toISOString();
  await client.call("MeterValues", { connectorId: 1, transactionId, meterValue: [sample(timestamp, "1500")] });
  const stop = {
    transactionId,
    meterStop: 1700,
    timestamp: new Date().toISOString(),
    transactionData: [sample(timestamp, "1500"), sample(timestamp, "1700", "Energy.Active.Import.Interval")],
  };
  await client.call("StopTransaction", stop);
  expect(await storedValues(transactionId)).toEqual([
    { timestamp, measurand: "Energy.Active.Import.Register", value: "1500" },
    { timestamp, measurand: "Energy.Active.Import.Interval", value: "1700" },
  ]);
});
