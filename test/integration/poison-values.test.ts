import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, uniqueId } from "../helpers/app.js";
import { graphql } from "../helpers/graphql.js";
import { openRawSocket } from "../helpers/raw-socket.js";

// Values every OCPP 1.6 JSON schema accepts but that once made the server answer InternalError: an energy register
// beyond 32 bits, a leap second, years at the edge of what JavaScript and PostgreSQL hold, NUL and lone surrogates.

type RawSocket = Awaited<ReturnType<typeof openRawSocket>>;

let app: TestApp;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  app = await startTestApp();
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(async () => {
  await app?.close();
});

let sequence = 0;

/** A booted raw charger; `send` sends a CALL whose text is written by hand and returns the answer frame. */
async function charger() {
  const identity = uniqueId("POISON");
  const socket = await openRawSocket(`${app.ocppUrl}/${identity}`);
  sockets.push(socket);
  const send = async (action: string, payloadJson: string) => {
    const id = `p-${++sequence}`;
    const answer = await socket.exchange(`[2,"${id}","${action}",${payloadJson}]`);
    expect(answer[1]).toBe(id);
    return answer;
  };
  const boot = await send("BootNotification", '{"chargePointVendor":"Acme","chargePointModel":"Volt 22"}');
  expect(boot[0]).toBe(3);
  return { identity, send };
}

async function startTransaction(send: Awaited<ReturnType<typeof charger>>["send"], meterStart = 1000) {
  const answer = await send(
    "StartTransaction",
    `{"connectorId":1,"idTag":"POISON-TAG","meterStart":${meterStart},"timestamp":"${new Date().toISOString()}"}`,
  );
  expect(answer[0]).toBe(3);
  return (answer[2] as { transactionId: number }).transactionId;
}

const energyMeterValues = (transactionId: number, value: string, unit = "Wh", timestamp = new Date().toISOString()) =>
  JSON.stringify({
    connectorId: 1,
    transactionId,
    meterValue: [{ timestamp, sampledValue: [{ value, unit, measurand: "Energy.Active.Import.Register" }] }],
  });

async function energyWh(transactionId: number): Promise<number> {
  const result = await graphql<{ transaction: { energyWh: number } }>(
    app.graphqlUrl,
    `
      query ($id: Int!) {
        transaction(transactionId: $id) {
          energyWh
        }
      }
    `,
    { id: transactionId },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.transaction.energyWh;
}

describe("an energy register of 2^31 Wh or more", () => {
  it("is stored, and the transaction's energy counts it", async () => {
    const { send } = await charger();
    const transactionId = await startTransaction(send, 1000);
    const answer = await send("MeterValues", energyMeterValues(transactionId, "2147483648"));
    expect(answer).toEqual([3, answer[1], {}]);
    expect(await energyWh(transactionId)).toBe(2_147_483_648 - 1000);
  });

  it("in kWh is stored too", async () => {
    const { send } = await charger();
    const transactionId = await startTransaction(send, 0);
    const answer = await send("MeterValues", energyMeterValues(transactionId, "5000000.5", "kWh"));
    expect(answer[0]).toBe(3);
    expect(await energyWh(transactionId)).toBe(5_000_000_500);
  });

  it("above a 32-bit meterStart gives an energy beyond 32 bits that the API reports exactly", async () => {
    const { send } = await charger();
    const transactionId = await startTransaction(send, 2_147_483_647);
    expect((await send("MeterValues", energyMeterValues(transactionId, "4294967296")))[0]).toBe(3);
    expect(await energyWh(transactionId)).toBe(4_294_967_296 - 2_147_483_647);
    const stop = await send(
      "StopTransaction",
      `{"transactionId":${transactionId},"meterStop":2147483647,"timestamp":"${new Date().toISOString()}",` +
        `"transactionData":[{"timestamp":"${new Date().toISOString()}","sampledValue":[{"value":"9007199254740993"}]}]}`,
    );
    expect(stop[0]).toBe(3);
    expect(await energyWh(transactionId)).toBe(0);
  });

  it("too large for any integer is kept as a reading without moving the transaction's energy", async () => {
    const { send } = await charger();
    const transactionId = await startTransaction(send, 1000);
    expect((await send("MeterValues", energyMeterValues(transactionId, "2000")))[0]).toBe(3);
    expect((await send("MeterValues", energyMeterValues(transactionId, "1e300")))[0]).toBe(3);
    expect(await energyWh(transactionId)).toBe(1000);
    const readings = await app.db.meterValue.findMany({ where: { transactionId }, orderBy: { id: "asc" } });
    expect(readings.map((r) => r.value)).toEqual(["2000", "1e300"]);
  });
});

describe("a leap second", () => {
  it("in MeterValues is stored as the last millisecond before it", async () => {
    const { identity, send } = await charger();
    const answer = await send(
      "MeterValues",
      '{"connectorId":1,"meterValue":[{"timestamp":"2016-12-31T23:59:60Z","sampledValue":[{"value":"42"}]}]}',
    );
    expect(answer[0]).toBe(3);
    const [reading] = await app.db.meterValue.findMany({ where: { chargePointId: identity } });
    expect(reading!.timestamp.toISOString()).toBe("2016-12-31T23:59:59.999Z");
  });

  it("with an offset, in StatusNotification, is read the same way", async () => {
    const { identity, send } = await charger();
    const answer = await send(
      "StatusNotification",
      '{"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":"2016-12-31T18:59:60.5-05:00"}',
    );
    expect(answer[0]).toBe(3);
    const connector = await app.db.connector.findFirstOrThrow({ where: { chargePointId: identity } });
    expect(connector.statusAt.toISOString()).toBe("2016-12-31T23:59:59.999Z");
  });

  it("in StartTransaction starts the transaction", async () => {
    const { send } = await charger();
    const answer = await send(
      "StartTransaction",
      '{"connectorId":1,"idTag":"LEAP","meterStart":0,"timestamp":"2016-12-31T23:59:60Z"}',
    );
    expect(answer[0]).toBe(3);
    const { transactionId } = answer[2] as { transactionId: number };
    const transaction = await app.db.transaction.findUniqueOrThrow({ where: { transactionId } });
    expect(transaction.startedAt.toISOString()).toBe("2016-12-31T23:59:59.999Z");
  });
});

describe("years 0000 and 9999 with offsets", () => {
  it.each([
    ["0000-01-01T00:00:00+01:00", "before year 1"],
    ["0000-12-31T23:59:59Z", "year 0"],
    ["9999-12-31T23:30:00-01:00", "after year 9999"],
  ])("%s (%s in UTC) is refused with PropertyConstraintViolation", async (timestamp) => {
    const { send } = await charger();
    const answer = await send(
      "MeterValues",
      `{"connectorId":1,"meterValue":[{"timestamp":"${timestamp}","sampledValue":[{"value":"42"}]}]}`,
    );
    expect(answer[0]).toBe(4);
    expect(answer[2]).toBe("PropertyConstraintViolation");
    const status = await send(
      "StatusNotification",
      `{"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":"${timestamp}"}`,
    );
    expect(status[2]).toBe("PropertyConstraintViolation");
  });

  it.each([
    ["0000-12-31T23:00:00-02:00", "0001-01-01T01:00:00.000Z"],
    ["9999-12-31T23:59:59+01:00", "9999-12-31T22:59:59.000Z"],
  ])("%s, within years 1 to 9999 in UTC, is stored as %s", async (timestamp, stored) => {
    const { identity, send } = await charger();
    const answer = await send(
      "MeterValues",
      `{"connectorId":1,"meterValue":[{"timestamp":"${timestamp}","sampledValue":[{"value":"42"}]}]}`,
    );
    expect(answer[0]).toBe(3);
    const [reading] = await app.db.meterValue.findMany({ where: { chargePointId: identity } });
    expect(reading!.timestamp.toISOString()).toBe(stored);
    const status = await send(
      "StatusNotification",
      `{"connectorId":2,"errorCode":"NoError","status":"Available","timestamp":"${timestamp}"}`,
    );
    expect(status[0]).toBe(3);
  });
});

describe("NUL and lone surrogates in strings", () => {
  const cases = [
    ["NUL", "a\\u0000b"],
    ["a lone high surrogate", "a\\ud800b"],
    ["a lone low surrogate", "a\\udc00b"],
  ] as const;

  it.each(cases)("%s in StatusNotification info and vendor fields is stored as U+FFFD", async (_name, text) => {
    const { identity, send } = await charger();
    const answer = await send(
      "StatusNotification",
      `{"connectorId":1,"errorCode":"OtherError","status":"Faulted","info":"${text}","vendorId":"${text}","vendorErrorCode":"${text}"}`,
    );
    expect(answer[0]).toBe(3);
    const connector = await app.db.connector.findFirstOrThrow({ where: { chargePointId: identity } });
    expect(connector).toMatchObject({ info: "a\uFFFDb", vendorId: "a\uFFFDb", vendorErrorCode: "a\uFFFDb" });
  });

  it.each(cases)("%s in a MeterValues value is stored as U+FFFD", async (_name, text) => {
    const { identity, send } = await charger();
    const answer = await send(
      "MeterValues",
      `{"connectorId":1,"meterValue":[{"timestamp":"${new Date().toISOString()}","sampledValue":[{"value":"${text}"}]}]}`,
    );
    expect(answer[0]).toBe(3);
    const [reading] = await app.db.meterValue.findMany({ where: { chargePointId: identity } });
    expect(reading!.value).toBe("a\uFFFDb");
  });

  it.each(cases)("%s in BootNotification, Authorize and StartTransaction is answered normally", async (_name, text) => {
    const { identity, send } = await charger();
    const boot = await send("BootNotification", `{"chargePointVendor":"${text}","chargePointModel":"Volt 22"}`);
    expect(boot[0]).toBe(3);
    const station = await app.db.station.findUniqueOrThrow({ where: { chargePointId: identity } });
    expect(station.vendor).toBe("a\uFFFDb");
    const authorize = await send("Authorize", `{"idTag":"${text}"}`);
    expect(authorize[0]).toBe(3);
    const start = await send(
      "StartTransaction",
      `{"connectorId":1,"idTag":"${text}","meterStart":0,"timestamp":"${new Date().toISOString()}"}`,
    );
    expect(start[0]).toBe(3);
  });
});

describe("a poison message beside good ones", () => {
  it("leaves every other charger's messages in the same group commit stored and answered", async () => {
    const good = await Promise.all(Array.from({ length: 5 }, () => charger()));
    const poison = await charger();
    const sent = await Promise.all([
      poison.send(
        "MeterValues",
        '{"connectorId":1,"meterValue":[{"timestamp":"2016-12-31T23:59:60Z","sampledValue":[{"value":"a\\u0000"}]}]}',
      ),
      ...good.map(({ send }) =>
        send("StatusNotification", '{"connectorId":1,"errorCode":"NoError","status":"Available"}'),
      ),
    ]);
    expect(sent.map((answer) => answer[0])).toEqual([3, 3, 3, 3, 3, 3]);
  });
});
