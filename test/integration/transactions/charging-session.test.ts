import type { RPCClient } from "ocpp-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootChargePoint, connectChargePoint, startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { graphql, subscribe } from "../../helpers/graphql.js";
import { until } from "../../helpers/until.js";

type Subscription = ReturnType<typeof subscribe<Record<string, any>>>;

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ HEARTBEAT_INTERVAL: "42" });
});

afterAll(async () => {
  await app?.close();
});

// ocpp-rpc types every answer as unknown; the strict client has already validated it against the OCPP schema.
const ocppCall = (client: RPCClient, action: string, payload: object) => client.call(action, payload) as Promise<any>;

const STATION_QUERY = /* GraphQL */ `
  query Station($chargePointId: String!) {
    station(chargePointId: $chargePointId) {
      chargePointId
      vendor
      model
      firmwareVersion
      connected
      lastHeartbeatAt
      connectors {
        connectorId
        status
        errorCode
        info
        statusAt
      }
    }
  }
`;

const TRANSACTION_QUERY = /* GraphQL */ `
  query Transaction($transactionId: Int!) {
    transaction(transactionId: $transactionId) {
      transactionId
      chargePointId
      connectorId
      idTag
      idTagStatus
      meterStart
      meterStop
      startedAt
      stoppedAt
      energyWh
      active
      stopReason
      meterValues {
        timestamp
        value
        measurand
        unit
        context
      }
    }
  }
`;

async function queryStation(chargePointId: string) {
  const result = await graphql(app.graphqlUrl, STATION_QUERY, { chargePointId });
  expect(result.errors).toBeUndefined();
  return result.data!.station;
}

async function queryTransaction(transactionId: number) {
  const result = await graphql(app.graphqlUrl, TRANSACTION_QUERY, { transactionId });
  expect(result.errors).toBeUndefined();
  return result.data!.transaction;
}

async function upsertIdTag(idTag: string, status = "Accepted") {
  const result = await graphql(
    app.graphqlUrl,
    `
      mutation ($idTag: String!, $status: IdTagStatus!) {
        upsertIdTag(idTag: $idTag, status: $status) {
          idTag
          status
        }
      }
    `,
    { idTag, status },
  );
  expect(result.errors).toBeUndefined();
}

const at = (base: number, seconds: number) => new Date(base + seconds * 1000).toISOString();

describe("a charging session on a strict OCPP 1.6J charge point", () => {
  const chargePointId = uniqueId("SESSION");
  const idTag = uniqueId("TAG");
  const t0 = Date.now();
  let client: RPCClient;
  let stationEvents: Subscription;
  let connectorEvents: Subscription;
  let transactionEvents: Subscription;
  let messageEvents: Subscription;
  let transactionId: number;

  /** Waits for the audit log to publish the charger's CALL and our CALLRESULT for one action. */
  async function expectLoggedExchange(action: string) {
    const call = await messageEvents.next(
      (e) => e.ocppMessageLogged.action === action && e.ocppMessageLogged.messageType === "CALL",
    );
    const result = await messageEvents.next(
      (e) => e.ocppMessageLogged.action === action && e.ocppMessageLogged.messageType === "CALLRESULT",
    );
    expect(call.ocppMessageLogged).toMatchObject({ chargePointId, direction: "INBOUND" });
    expect(result.ocppMessageLogged).toMatchObject({ chargePointId, direction: "OUTBOUND" });
    expect(result.ocppMessageLogged.uniqueId).toBe(call.ocppMessageLogged.uniqueId);
    return { call: call.ocppMessageLogged, result: result.ocppMessageLogged };
  }

  beforeAll(async () => {
    const variables = { chargePointId };
    stationEvents = subscribe(
      app.graphqlUrl,
      `subscription ($chargePointId: String) {
        stationUpdated(chargePointId: $chargePointId) { chargePointId vendor model connected lastHeartbeatAt }
      }`,
      variables,
    );
    connectorEvents = subscribe(
      app.graphqlUrl,
      `subscription ($chargePointId: String) {
        connectorStatusChanged(chargePointId: $chargePointId) { chargePointId connectorId status errorCode statusAt }
      }`,
      variables,
    );
    transactionEvents = subscribe(
      app.graphqlUrl,
      `subscription ($chargePointId: String) {
        transactionUpdated(chargePointId: $chargePointId) {
          transactionId chargePointId connectorId idTag meterStart meterStop energyWh active stopReason
        }
      }`,
      variables,
    );
    messageEvents = subscribe(
      app.graphqlUrl,
      `subscription ($chargePointId: String) {
        ocppMessageLogged(chargePointId: $chargePointId) {
          chargePointId direction messageType uniqueId action payload
        }
      }`,
      variables,
    );
    await Promise.all([stationEvents.ready, connectorEvents.ready, transactionEvents.ready, messageEvents.ready]);
  });

  afterAll(async () => {
    await client?.close({ force: true });
    await Promise.all([stationEvents, connectorEvents, transactionEvents, messageEvents].map((s) => s?.close()));
  });

  it("connecting registers the station as connected and publishes stationUpdated", async () => {
    client = await connectChargePoint(app, chargePointId);

    const event = await stationEvents.next((e) => e.stationUpdated.connected === true);
    expect(event.stationUpdated).toMatchObject({ chargePointId, connected: true, vendor: null, model: null });

    expect(await queryStation(chargePointId)).toMatchObject({
      chargePointId,
      connected: true,
      vendor: null,
      model: null,
      lastHeartbeatAt: null,
      connectors: [],
    });
  });

  it("BootNotification is Accepted with interval = HEARTBEAT_INTERVAL and the current time, and stores vendor and model", async () => {
    const before = Date.now();
    const answer = await ocppCall(client, "BootNotification", {
      chargePointVendor: "Acme",
      chargePointModel: "Volt 22",
      firmwareVersion: "1.2.3",
    });
    const after = Date.now();

    expect(answer.status).toBe("Accepted");
    expect(answer.interval).toBe(42);
    const currentTime = new Date(answer.currentTime).getTime();
    expect(currentTime).toBeGreaterThanOrEqual(before - 1000);
    expect(currentTime).toBeLessThanOrEqual(after + 1000);

    const event = await stationEvents.next((e) => e.stationUpdated.vendor === "Acme");
    expect(event.stationUpdated).toMatchObject({ chargePointId, vendor: "Acme", model: "Volt 22", connected: true });
    expect(new Date(event.stationUpdated.lastHeartbeatAt).getTime()).toBe(currentTime);

    const station = await queryStation(chargePointId);
    expect(station).toMatchObject({ vendor: "Acme", model: "Volt 22", firmwareVersion: "1.2.3", connected: true });
    expect(new Date(station.lastHeartbeatAt).getTime()).toBe(currentTime);

    const { call, result } = await expectLoggedExchange("BootNotification");
    expect(call.payload).toEqual({ chargePointVendor: "Acme", chargePointModel: "Volt 22", firmwareVersion: "1.2.3" });
    expect(result.payload).toMatchObject({ status: "Accepted", interval: 42, currentTime: answer.currentTime });
  });

  it("Heartbeat answers the current time, advances lastHeartbeatAt and publishes stationUpdated", async () => {
    const previous = (await queryStation(chargePointId)).lastHeartbeatAt;
    // The clock must move on for the new heartbeat time to be later.
    await until(() => Date.now() > new Date(previous).getTime(), "the clock passes the last heartbeat");

    const answer = await ocppCall(client, "Heartbeat", {});
    const currentTime = new Date(answer.currentTime).getTime();
    expect(currentTime).toBeGreaterThan(new Date(previous).getTime());

    const event = await stationEvents.next((e) => new Date(e.stationUpdated.lastHeartbeatAt).getTime() === currentTime);
    expect(event.stationUpdated).toMatchObject({ chargePointId, connected: true, vendor: "Acme" });

    expect(new Date((await queryStation(chargePointId)).lastHeartbeatAt).getTime()).toBe(currentTime);
    const { result } = await expectLoggedExchange("Heartbeat");
    expect(result.payload).toEqual({ currentTime: answer.currentTime });
  });

  it("StatusNotification stores the connector status and publishes connectorStatusChanged", async () => {
    const timestamp = at(t0, 1);
    expect(
      await ocppCall(client, "StatusNotification", {
        connectorId: 1,
        status: "Available",
        errorCode: "NoError",
        timestamp,
      }),
    ).toEqual({});

    const event = await connectorEvents.next((e) => e.connectorStatusChanged.status === "Available");
    expect(event.connectorStatusChanged).toMatchObject({ chargePointId, connectorId: 1, errorCode: "NoError" });
    expect(new Date(event.connectorStatusChanged.statusAt).toISOString()).toBe(timestamp);

    const station = await queryStation(chargePointId);
    expect(station.connectors).toHaveLength(1);
    expect(station.connectors[0]).toMatchObject({
      connectorId: 1,
      status: "Available",
      errorCode: "NoError",
      info: null,
    });
    expect(new Date(station.connectors[0].statusAt).toISOString()).toBe(timestamp);
    await expectLoggedExchange("StatusNotification");
  });

  it("Authorize answers Accepted for a known tag", async () => {
    await upsertIdTag(idTag);
    const answer = await ocppCall(client, "Authorize", { idTag });
    expect(answer).toEqual({ idTagInfo: { status: "Accepted" } });
    const { result } = await expectLoggedExchange("Authorize");
    expect(result.payload).toEqual({ idTagInfo: { status: "Accepted" } });
  });

  it("StartTransaction gets a transactionId, creates an active transaction and publishes transactionUpdated", async () => {
    const answer = await ocppCall(client, "StartTransaction", {
      connectorId: 1,
      idTag,
      meterStart: 1000,
      timestamp: at(t0, 10),
    });
    expect(answer.idTagInfo).toEqual({ status: "Accepted" });
    expect(Number.isInteger(answer.transactionId)).toBe(true);
    transactionId = answer.transactionId;

    const event = await transactionEvents.next((e) => e.transactionUpdated.transactionId === transactionId);
    expect(event.transactionUpdated).toEqual({
      transactionId,
      chargePointId,
      connectorId: 1,
      idTag,
      meterStart: 1000,
      meterStop: null,
      energyWh: 0,
      active: true,
      stopReason: null,
    });

    expect(await queryTransaction(transactionId)).toEqual({
      transactionId,
      chargePointId,
      connectorId: 1,
      idTag,
      idTagStatus: "Accepted",
      meterStart: 1000,
      meterStop: null,
      startedAt: at(t0, 10),
      stoppedAt: null,
      energyWh: 0,
      active: true,
      stopReason: null,
      meterValues: [],
    });
    const { result } = await expectLoggedExchange("StartTransaction");
    expect(result.payload).toEqual({ transactionId, idTagInfo: { status: "Accepted" } });

    await ocppCall(client, "StatusNotification", { connectorId: 1, status: "Charging", errorCode: "NoError" });
    await connectorEvents.next((e) => e.connectorStatusChanged.status === "Charging");
    expect((await queryStation(chargePointId)).connectors).toMatchObject([{ connectorId: 1, status: "Charging" }]);
  });

  it("MeterValues with the default measurand and unit (Energy.Active.Import.Register in Wh) set energyWh", async () => {
    expect(
      await ocppCall(client, "MeterValues", {
        connectorId: 1,
        transactionId,
        meterValue: [{ timestamp: at(t0, 20), sampledValue: [{ value: "1600", context: "Sample.Periodic" }] }],
      }),
    ).toEqual({});

    const event = await transactionEvents.next((e) => e.transactionUpdated.energyWh === 600);
    expect(event.transactionUpdated).toMatchObject({ transactionId, active: true, meterStop: null });

    const transaction = await queryTransaction(transactionId);
    expect(transaction).toMatchObject({ energyWh: 600, active: true, meterStop: null });
    expect(transaction.meterValues).toEqual([
      { timestamp: at(t0, 20), value: "1600", measurand: null, unit: null, context: "Sample.Periodic" },
    ]);
    await expectLoggedExchange("MeterValues");
  });

  it("energyWh while charging comes from the latest Energy.Active.Import.Register reading, converting kWh to Wh", async () => {
    await ocppCall(client, "MeterValues", {
      connectorId: 1,
      transactionId,
      meterValue: [
        {
          timestamp: at(t0, 40),
          sampledValue: [
            { value: "2.25", measurand: "Energy.Active.Import.Register", unit: "kWh" },
            { value: "7200", measurand: "Power.Active.Import", unit: "W" },
          ],
        },
        // Older than the reading above, although it comes later in the message: it must not win.
        {
          timestamp: at(t0, 30),
          sampledValue: [{ value: "1.8", measurand: "Energy.Active.Import.Register", unit: "kWh" }],
        },
      ],
    });

    const event = await transactionEvents.next((e) => e.transactionUpdated.energyWh !== 600);
    expect(event.transactionUpdated).toMatchObject({ transactionId, energyWh: 1250, active: true });

    const transaction = await queryTransaction(transactionId);
    expect(transaction.energyWh).toBe(1250);
    expect(transaction.meterValues.map((m: any) => [m.timestamp, m.value, m.measurand, m.unit])).toEqual([
      [at(t0, 20), "1600", null, null],
      [at(t0, 30), "1.8", "Energy.Active.Import.Register", "kWh"],
      [at(t0, 40), "2.25", "Energy.Active.Import.Register", "kWh"],
      [at(t0, 40), "7200", "Power.Active.Import", "W"],
    ]);
    await expectLoggedExchange("MeterValues");
  });

  it("StopTransaction without a reason completes the transaction with stopReason Local and publishes transactionUpdated", async () => {
    const answer = await ocppCall(client, "StopTransaction", {
      transactionId,
      idTag,
      meterStop: 3000,
      timestamp: at(t0, 60),
    });
    expect(answer).toEqual({ idTagInfo: { status: "Accepted" } });

    const event = await transactionEvents.next((e) => e.transactionUpdated.active === false);
    expect(event.transactionUpdated).toEqual({
      transactionId,
      chargePointId,
      connectorId: 1,
      idTag,
      meterStart: 1000,
      meterStop: 3000,
      energyWh: 2000,
      active: false,
      stopReason: "Local",
    });

    const transaction = await queryTransaction(transactionId);
    expect(transaction).toMatchObject({
      meterStart: 1000,
      meterStop: 3000,
      energyWh: 2000,
      active: false,
      stoppedAt: at(t0, 60),
      stopReason: "Local",
    });
    expect(transaction.meterValues).toHaveLength(4);
    const { call } = await expectLoggedExchange("StopTransaction");
    expect(call.payload).toMatchObject({ transactionId, meterStop: 3000 });
    expect(call.payload).not.toHaveProperty("reason");
  });

  it("disconnecting sets connected false and publishes stationUpdated", async () => {
    await client.close();

    const event = await stationEvents.next((e) => e.stationUpdated.connected === false);
    expect(event.stationUpdated).toMatchObject({ chargePointId, connected: false, vendor: "Acme", model: "Volt 22" });

    expect(await queryStation(chargePointId)).toMatchObject({
      connected: false,
      vendor: "Acme",
      connectors: [{ connectorId: 1, status: "Charging" }],
    });
  });
});

describe("subscriptions filtered by chargePointId", () => {
  it("do not deliver other stations' events", async () => {
    const watched = uniqueId("WATCHED");
    const other = uniqueId("OTHER");
    const unknownTag = uniqueId("NOTAG");
    const subscriptions = {
      stationUpdated: subscribe(
        app.graphqlUrl,
        `subscription ($id: String) { stationUpdated(chargePointId: $id) { chargePointId } }`,
        { id: watched },
      ),
      connectorStatusChanged: subscribe(
        app.graphqlUrl,
        `subscription ($id: String) { connectorStatusChanged(chargePointId: $id) { chargePointId } }`,
        { id: watched },
      ),
      transactionUpdated: subscribe(
        app.graphqlUrl,
        `subscription ($id: String) { transactionUpdated(chargePointId: $id) { chargePointId } }`,
        { id: watched },
      ),
      ocppMessageLogged: subscribe(
        app.graphqlUrl,
        `subscription ($id: String) { ocppMessageLogged(chargePointId: $id) { chargePointId } }`,
        { id: watched },
      ),
    };
    // An unfiltered subscription sees both stations, proving the other station's events were published.
    const everything = subscribe(app.graphqlUrl, `subscription { stationUpdated { chargePointId } }`);
    const all = [...Object.values(subscriptions), everything];
    try {
      await Promise.all(all.map((s) => s.ready));

      // The other station does everything first...
      const otherClient = await bootChargePoint(app, other);
      await ocppCall(otherClient, "Heartbeat", {});
      await ocppCall(otherClient, "StatusNotification", { connectorId: 1, status: "Available", errorCode: "NoError" });
      const started = await ocppCall(otherClient, "StartTransaction", {
        connectorId: 1,
        idTag: unknownTag,
        meterStart: 0,
        timestamp: new Date().toISOString(),
      });
      await ocppCall(otherClient, "StopTransaction", {
        transactionId: started.transactionId,
        meterStop: 10,
        timestamp: new Date().toISOString(),
      });
      await otherClient.close();
      await everything.next((e) => e.stationUpdated.chargePointId === other);

      // ...then the watched one does the same; its events arrive after any of the other's would have.
      const watchedClient = await bootChargePoint(app, watched);
      await ocppCall(watchedClient, "StatusNotification", {
        connectorId: 1,
        status: "Available",
        errorCode: "NoError",
      });
      const own = await ocppCall(watchedClient, "StartTransaction", {
        connectorId: 1,
        idTag: unknownTag,
        meterStart: 0,
        timestamp: new Date().toISOString(),
      });
      await ocppCall(watchedClient, "StopTransaction", {
        transactionId: own.transactionId,
        meterStop: 10,
        timestamp: new Date().toISOString(),
      });
      await watchedClient.close();

      await subscriptions.stationUpdated.next((e) => e.stationUpdated.chargePointId === watched);
      await subscriptions.connectorStatusChanged.next((e) => e.connectorStatusChanged.chargePointId === watched);
      await subscriptions.transactionUpdated.next((e) => e.transactionUpdated.chargePointId === watched);
      // The last frame of the watched station is the StopTransaction CALLRESULT; wait until it is logged.
      // Four exchanges (boot, status, start, stop) of two frames each.
      const messages: any[] = [];
      for (let i = 0; i < 8; i++) messages.push(await subscriptions.ocppMessageLogged.next());
      await everything.next((e) => e.stationUpdated.chargePointId === watched);

      for (const [field, subscription] of Object.entries(subscriptions)) {
        const ids = subscription.received.map((event) => event[field].chargePointId);
        expect(ids, field).not.toContain(other);
      }
      expect(messages.map((m) => m.ocppMessageLogged.chargePointId)).toEqual(Array(8).fill(watched));
    } finally {
      await Promise.all(all.map((s) => s.close()));
    }
  });
});
