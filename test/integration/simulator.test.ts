import type { AddressInfo } from "node:net";
import { RPCServer } from "ocpp-rpc";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TransactionEventRequest } from "../../src/generated/ocpp201-types.js";
import { SimulatedChargePoint, type SimulatedChargePointOptions } from "../../tools/simulator/v16/charge-point.js";
import { SimulatedStation, type SimulatedStationOptions } from "../../tools/simulator/v201/station.js";
import { startTestApp, type TestApp, uniqueId } from "../helpers/app.js";
import { graphql } from "../helpers/graphql.js";

// The simulated charge point against the real server: every frame it sends and answers passes ocpp-rpc's strict
// schema checks on its side and the server's validator on the other.

let app: TestApp;
const chargePoints: SimulatedChargePoint[] = [];

beforeAll(async () => {
  app = await startTestApp({ HEARTBEAT_INTERVAL: "30" });
});
afterAll(async () => {
  await Promise.all(chargePoints.map((chargePoint) => chargePoint.stop()));
  await app?.close();
});

async function startChargePoint(options: Partial<SimulatedChargePointOptions> = {}) {
  const chargePoint = new SimulatedChargePoint({
    url: app.ocppUrl,
    identity: uniqueId("SIM"),
    connectors: 2,
    meterIntervalSeconds: 1,
    reconnectDelayMs: { initial: 200, max: 1000 },
    progressStepMs: 50,
    ...options,
  });
  chargePoints.push(chargePoint);
  await chargePoint.start();
  return chargePoint;
}

async function query(document: string, variables: Record<string, unknown> = {}) {
  const result = await graphql(app.graphqlUrl, document, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

const eventually = <T>(check: () => Promise<T> | T, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 100 });

const station = async (chargePointId: string) =>
  (
    await query(
      `query ($id: String!) { station(chargePointId: $id) {
        connected connectedAt vendor model firmwareVersion firmwareStatus diagnosticsStatus lastBootAt
        connectors { connectorId status errorCode }
        transactions(first: 10) { edges { node { transactionId connectorId idTag active stopReason } } }
      } }`,
      { id: chargePointId },
    )
  ).station;

const transaction = async (transactionId: number) =>
  (
    await query(
      `query ($id: Int!) { transaction(transactionId: $id) {
        transactionId chargePointId connectorId idTag idTagStatus meterStart meterStop energyWh active stopReason
        meterValues { timestamp measurand unit value context }
      } }`,
      { id: transactionId },
    )
  ).transaction;

async function command(mutation: string, variables: Record<string, unknown>) {
  const data = await query(mutation, variables);
  return Object.values(data)[0] as Record<string, any>;
}

async function newIdTag() {
  const idTag = uniqueId("TAG");
  await query(`mutation ($idTag: String!) { upsertIdTag(idTag: $idTag, status: Accepted) { idTag } }`, { idTag });
  return idTag;
}

describe("a simulated charge point", { timeout: 40_000 }, () => {
  it("boots and is shown connected, with its connectors Available", async () => {
    const chargePoint = await startChargePoint();
    expect(chargePoint.online).toBe(true);
    expect(chargePoint.registrationStatus).toBe("Accepted");

    await eventually(async () => {
      const found = await station(chargePoint.identity);
      expect(found).toMatchObject({
        connected: true,
        vendor: "OCPP Central",
        model: "Simulator AC",
        firmwareVersion: "1.0.0",
      });
      expect(found.connectors).toEqual([
        { connectorId: 0, status: "Available", errorCode: "NoError" },
        { connectorId: 1, status: "Available", errorCode: "NoError" },
        { connectorId: 2, status: "Available", errorCode: "NoError" },
      ]);
    });
  });

  it("starts a transaction on RemoteStartTransaction, sends growing meter values, and stops on RemoteStopTransaction", async () => {
    const chargePoint = await startChargePoint();
    const idTag = await newIdTag();

    const started = await command(
      `mutation ($id: String!, $idTag: String!) { remoteStartTransaction(chargePointId: $id, idTag: $idTag, connectorId: 1) { status } }`,
      { id: chargePoint.identity, idTag },
    );
    expect(started.status).toBe("Accepted");

    const transactionId = await eventually(() => {
      expect(chargePoint.transactionId(1)).toBeTypeOf("number");
      return chargePoint.transactionId(1)!;
    });
    expect(await transaction(transactionId)).toMatchObject({
      chargePointId: chargePoint.identity,
      connectorId: 1,
      idTag,
      idTagStatus: "Accepted",
      active: true,
    });

    const firstEnergy = await eventually(async () => {
      const { energyWh } = await transaction(transactionId);
      expect(energyWh).toBeGreaterThan(0);
      return energyWh as number;
    });
    await eventually(async () => expect((await transaction(transactionId)).energyWh).toBeGreaterThan(firstEnergy));

    const { meterValues } = await transaction(transactionId);
    const measured = new Set(meterValues.map((m: any) => `${m.measurand} ${m.unit} ${m.context}`));
    expect(measured).toEqual(
      new Set([
        "Energy.Active.Import.Register Wh Sample.Periodic",
        "Power.Active.Import W Sample.Periodic",
        "SoC Percent Sample.Periodic",
      ]),
    );
    const power = meterValues.find((m: any) => m.measurand === "Power.Active.Import");
    expect(Number(power.value)).toBeGreaterThan(5000);
    expect((await station(chargePoint.identity)).connectors[1]).toMatchObject({ connectorId: 1, status: "Charging" });

    const stopped = await command(
      `mutation ($id: String!, $tx: Int!) { remoteStopTransaction(chargePointId: $id, transactionId: $tx) { status } }`,
      { id: chargePoint.identity, tx: transactionId },
    );
    expect(stopped.status).toBe("Accepted");

    const finished = await eventually(async () => {
      const found = await transaction(transactionId);
      expect(found.active).toBe(false);
      return found;
    });
    expect(finished.stopReason).toBe("Remote");
    expect(finished.meterStop).toBeGreaterThan(finished.meterStart);
    expect(finished.energyWh).toBe(finished.meterStop - finished.meterStart);
    await eventually(async () =>
      expect((await station(chargePoint.identity)).connectors[1]).toMatchObject({ status: "Available" }),
    );
  });

  it("answers GetConfiguration and ChangeConfiguration from its key store", async () => {
    const chargePoint = await startChargePoint();
    const id = chargePoint.identity;
    const getConfiguration = (keys?: string[]) =>
      command(
        `mutation ($id: String!, $keys: [String!]) { getConfiguration(chargePointId: $id, keys: $keys) { configurationKey { key value readonly } unknownKey } }`,
        { id, keys },
      );
    const changeConfiguration = async (key: string, value: string) =>
      (
        await command(
          `mutation ($id: String!, $key: String!, $value: String!) { changeConfiguration(chargePointId: $id, key: $key, value: $value) { status } }`,
          { id, key, value },
        )
      ).status;

    expect(await getConfiguration(["HeartbeatInterval", "MeterValueSampleInterval", "NoSuchKey"])).toEqual({
      // The heartbeat interval is the one from the BootNotification answer.
      configurationKey: [
        { key: "HeartbeatInterval", value: "30", readonly: false },
        { key: "MeterValueSampleInterval", value: "1", readonly: false },
      ],
      unknownKey: ["NoSuchKey"],
    });

    expect(await changeConfiguration("HeartbeatInterval", "120")).toBe("Accepted");
    expect(await changeConfiguration("HeartbeatInterval", "soon")).toBe("Rejected");
    expect(await changeConfiguration("NumberOfConnectors", "4")).toBe("Rejected");
    expect(await changeConfiguration("NoSuchKey", "1")).toBe("NotSupported");

    const all = await getConfiguration();
    expect(all.unknownKey).toEqual([]);
    expect(all.configurationKey).toEqual(
      expect.arrayContaining([
        { key: "HeartbeatInterval", value: "120", readonly: false },
        { key: "NumberOfConnectors", value: "2", readonly: true },
        { key: "AuthorizeRemoteTxRequests", value: "false", readonly: true },
      ]),
    );
  });

  it("reconnects after the connection drops and sends the transaction messages it queued while offline, in order", async () => {
    // A reconnect delay of 4.5-6 s: long enough to queue a StartTransaction and MeterValues while offline.
    const chargePoint = await startChargePoint({ reconnectDelayMs: { initial: 6000, max: 6000 } });
    const id = chargePoint.identity;
    const [onlineTag, offlineTag] = [await newIdTag(), await newIdTag()];

    expect(await chargePoint.startTransaction(1, onlineTag)).toBe(true);
    const onlineTransactionId = await eventually(() => {
      expect(chargePoint.transactionId(1)).toBeTypeOf("number");
      return chargePoint.transactionId(1)!;
    });
    const before = await station(id);

    app.ocpp.get(id)?.terminate();
    await eventually(() => expect(chargePoint.online).toBe(false));

    // Offline: the driver on connector 1 stops, another starts on connector 2 (authorized offline), charges, stops.
    expect(chargePoint.stopTransaction(1)).toBe(true);
    expect(await chargePoint.startTransaction(2, offlineTag)).toBe(true);
    // Wait for a sample of this session. Counting to three (Stop, Start, MeterValues) is not enough: under load a
    // sample of connector 1, taken before the connection was seen to drop, can be the third message queued.
    const queuedAtStart = chargePoint.queuedMessages;
    await eventually(() => expect(chargePoint.queuedMessages).toBeGreaterThan(queuedAtStart));
    expect(chargePoint.stopTransaction(2)).toBe(true);
    expect(chargePoint.online).toBe(false);
    expect((await transaction(onlineTransactionId)).active).toBe(true);

    await eventually(async () => {
      expect(chargePoint.online).toBe(true);
      expect(chargePoint.queuedMessages).toBe(0);
    }, 15_000);

    const after = await station(id);
    expect(after.connected).toBe(true);
    expect(Date.parse(after.connectedAt)).toBeGreaterThan(Date.parse(before.connectedAt));
    // Reconnecting is not rebooting: no second BootNotification.
    expect(after.lastBootAt).toBe(before.lastBootAt);

    expect(await transaction(onlineTransactionId)).toMatchObject({ active: false, stopReason: "Local" });
    const offline = after.transactions.edges.map((edge: any) => edge.node).find((t: any) => t.idTag === offlineTag);
    expect(offline).toMatchObject({ connectorId: 2, active: false, stopReason: "Local" });
    // The MeterValues and the StopTransaction queued before the transaction had an id were sent with its id.
    const offlineTransaction = await transaction(offline.transactionId);
    expect(offlineTransaction.energyWh).toBeGreaterThan(0);
    expect(offlineTransaction.meterValues.some((m: any) => m.context === "Sample.Periodic")).toBe(true);

    // They reached the server over the new connection, in the order they happened.
    await app.audit.flush();
    const log = await query(
      `query ($id: String!) { messages(chargePointId: $id, first: 50) { edges { node { action direction messageType createdAt } } } }`,
      { id },
    );
    const calls = log.messages.edges
      .map((edge: any) => edge.node)
      .filter((m: any) => m.direction === "INBOUND" && m.messageType === "CALL")
      .filter((m: any) => Date.parse(m.createdAt) >= Date.parse(after.connectedAt))
      .map((m: any) => m.action)
      .reverse();
    expect(calls.filter((action: string) => action.endsWith("Transaction"))).toEqual([
      "StopTransaction",
      "StartTransaction",
      "StopTransaction",
    ]);
    const whileCharging = calls.slice(calls.indexOf("StartTransaction"), calls.lastIndexOf("StopTransaction"));
    expect(whileCharging).toContain("MeterValues");
  });
});

describe("the simulated charge point's other answers", { timeout: 40_000 }, () => {
  let chargePoint: SimulatedChargePoint;
  let id: string;

  beforeAll(async () => {
    chargePoint = await startChargePoint();
    id = chargePoint.identity;
  });

  it("ChangeAvailability makes a connector Unavailable and Available again", async () => {
    const change = (connectorId: number, type: string) =>
      command(
        `mutation ($id: String!, $c: Int!, $type: AvailabilityType!) { changeAvailability(chargePointId: $id, connectorId: $c, type: $type) { status } }`,
        { id, c: connectorId, type },
      );
    expect((await change(2, "Inoperative")).status).toBe("Accepted");
    await eventually(async () => expect((await station(id)).connectors[2].status).toBe("Unavailable"));
    expect((await change(9, "Inoperative")).status).toBe("Rejected");
    expect((await change(2, "Operative")).status).toBe("Accepted");
    await eventually(async () => expect((await station(id)).connectors[2].status).toBe("Available"));
  });

  it("ReserveNow reserves a free connector and CancelReservation frees it", async () => {
    const idTag = await newIdTag();
    const expiryDate = new Date(Date.now() + 60_000).toISOString();
    const reservation = await command(
      `mutation ($id: String!, $idTag: String!, $expiry: DateTime!) { reserveNow(chargePointId: $id, connectorId: 1, idTag: $idTag, expiryDate: $expiry) { reservationId status } }`,
      { id, idTag, expiry: expiryDate },
    );
    expect(reservation.status).toBe("Accepted");
    await eventually(async () => expect((await station(id)).connectors[1].status).toBe("Reserved"));

    const cancelled = await command(
      `mutation ($id: String!, $r: Int!) { cancelReservation(chargePointId: $id, reservationId: $r) { status } }`,
      { id, r: reservation.reservationId },
    );
    expect(cancelled.status).toBe("Accepted");
    await eventually(async () => expect((await station(id)).connectors[1].status).toBe("Available"));
  });

  it("answers TriggerMessage, UnlockConnector, ClearCache, DataTransfer and the local list commands", async () => {
    const trigger = await command(
      `mutation ($id: String!) { triggerMessage(chargePointId: $id, requestedMessage: StatusNotification, connectorId: 1) { status } }`,
      { id },
    );
    expect(trigger.status).toBe("Accepted");
    expect(
      (
        await command(`mutation ($id: String!) { unlockConnector(chargePointId: $id, connectorId: 1) { status } }`, {
          id,
        })
      ).status,
    ).toBe("Unlocked");
    expect(
      (await command(`mutation ($id: String!) { clearCache(chargePointId: $id) { status } }`, { id })).status,
    ).toBe("Accepted");
    expect(
      (
        await command(
          `mutation ($id: String!) { dataTransfer(chargePointId: $id, vendorId: "com.example") { status } }`,
          { id },
        )
      ).status,
    ).toBe("UnknownVendorId");

    expect(
      (await command(`mutation ($id: String!) { getLocalListVersion(chargePointId: $id) { listVersion } }`, { id }))
        .listVersion,
    ).toBe(0);
    const sent = await command(
      `mutation ($id: String!) { sendLocalList(chargePointId: $id, updateType: Full, listVersion: 3, idTags: []) { status listVersion } }`,
      { id },
    );
    expect(sent).toEqual({ status: "Accepted", listVersion: 3 });
    expect(
      (await command(`mutation ($id: String!) { getLocalListVersion(chargePointId: $id) { listVersion } }`, { id }))
        .listVersion,
    ).toBe(3);
  });

  it("stores charging profiles and reports a composite schedule", async () => {
    const profile = {
      chargingProfileId: 7,
      stackLevel: 1,
      chargingProfilePurpose: "TxDefaultProfile",
      chargingProfileKind: "Absolute",
      chargingSchedule: {
        chargingRateUnit: "A",
        startSchedule: new Date().toISOString(),
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
      },
    };
    const set = await command(
      `mutation ($id: String!, $profile: ChargingProfileInput!) { setChargingProfile(chargePointId: $id, connectorId: 1, chargingProfile: $profile) { status } }`,
      { id, profile },
    );
    expect(set.status).toBe("Accepted");
    const schedule = await command(
      `mutation ($id: String!) { getCompositeSchedule(chargePointId: $id, connectorId: 1, duration: 3600, chargingRateUnit: A) { status chargingSchedule } }`,
      { id },
    );
    expect(schedule.status).toBe("Accepted");
    expect(schedule.chargingSchedule).toMatchObject({
      chargingRateUnit: "A",
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
    });
    const cleared = await command(
      `mutation ($id: String!) { clearChargingProfile(chargePointId: $id, id: 7) { status } }`,
      {
        id,
      },
    );
    expect(cleared.status).toBe("Accepted");
  });

  it("reports firmware update and diagnostics upload progress", async () => {
    const update = await command(
      `mutation ($id: String!, $at: DateTime!) { updateFirmware(chargePointId: $id, location: "https://fw.example.com/v2.bin", retrieveDate: $at) { status } }`,
      { id, at: new Date().toISOString() },
    );
    expect(update.status).toBe("Accepted");
    const diagnostics = await command(
      `mutation ($id: String!) { getDiagnostics(chargePointId: $id, location: "ftp://logs.example.com/") { fileName } }`,
      { id },
    );
    expect(diagnostics.fileName).toMatch(new RegExp(`^${id}-diagnostics-.*\\.log$`));
    await eventually(async () =>
      expect(await station(id)).toMatchObject({ firmwareStatus: "Installed", diagnosticsStatus: "Uploaded" }),
    );
  });

  it("reboots on Reset: boots again and is back online", async () => {
    const before = await station(id);
    expect(
      (await command(`mutation ($id: String!) { reset(chargePointId: $id, type: Soft) { status } }`, { id })).status,
    ).toBe("Accepted");
    await eventually(async () => {
      const after = await station(id);
      expect(Date.parse(after.lastBootAt)).toBeGreaterThan(Date.parse(before.lastBootAt));
      expect(after.connected).toBe(true);
    });
    await eventually(() => expect(chargePoint.online).toBe(true));
  });
});

describe("a simulated 2.0.1 station against this server", { timeout: 40_000 }, () => {
  const stations: SimulatedStation[] = [];
  afterAll(() => Promise.all(stations.map((station) => station.stop())));

  async function startStation(options: Partial<SimulatedStationOptions> = {}) {
    const station = new SimulatedStation({
      url: app.ocppUrl,
      identity: uniqueId("SIM201"),
      evses: 2,
      meterIntervalSeconds: 1,
      reconnectDelayMs: { initial: 200, max: 1000 },
      ...options,
    });
    stations.push(station);
    await station.start();
    return station;
  }

  const station201 = async (chargePointId: string) =>
    (
      await query(
        `query ($id: String!) { station(chargePointId: $id) {
          connected ocppVersion registrationStatus vendor model serialNumber firmwareVersion
          connectors { evseId connectorId status errorCode }
        } }`,
        { id: chargePointId },
      )
    ).station;

  it("boots over ocpp2.0.1 and is shown with its version and each EVSE's connector Available", async () => {
    const station = await startStation();
    expect(station.registrationStatus).toBe("Accepted");
    await eventually(async () =>
      expect(await station201(station.identity)).toEqual({
        connected: true,
        ocppVersion: "OCPP201",
        registrationStatus: "Accepted",
        vendor: "OCPP Central",
        model: "Simulator AC 2",
        serialNumber: station.identity,
        firmwareVersion: "2.0.1-sim",
        connectors: [
          { evseId: 1, connectorId: 1, status: "Available", errorCode: "NoError" },
          { evseId: 2, connectorId: 1, status: "Available", errorCode: "NoError" },
        ],
      }),
    );
  });

  it("answers GetBaseReport with NotifyReport parts that become its device model", async () => {
    const station = await startStation();
    const connection = app.ocpp.get(station.identity)!;
    expect(await connection.call("GetBaseReport", { requestId: 1, reportBase: "FullInventory" })).toEqual({
      status: "Accepted",
    });
    const variables = async (component?: string) =>
      (
        await query(
          `query ($id: String!, $component: String) { station(chargePointId: $id) {
            variables(component: $component) { component evseId connectorId variable variableInstance value mutability dataType unit }
          } }`,
          { id: station.identity, component },
        )
      ).station.variables;
    await eventually(async () =>
      expect(await variables("OCPPCommCtrlr")).toContainEqual(
        // The interval of the BootNotification answer.
        expect.objectContaining({ variable: "HeartbeatInterval", value: "30", mutability: "ReadWrite", unit: "s" }),
      ),
    );
    // Every part arrived: the last entries of the report too.
    await eventually(async () =>
      expect(await variables("SmartChargingCtrlr")).toContainEqual(
        expect.objectContaining({ variable: "PeriodsPerSchedule", value: "24", mutability: "ReadOnly" }),
      ),
    );
    const all = await variables();
    expect(all).toContainEqual(
      expect.objectContaining({ component: "EVSE", evseId: 2, variable: "Power", value: "11000", unit: "W" }),
    );
    expect(all).toContainEqual(
      expect.objectContaining({ component: "Connector", evseId: 1, connectorId: 1, variable: "ConnectorType" }),
    );
    expect(all.find((v: any) => v.variable === "BasicAuthPassword")).toMatchObject({ value: null });
  });

  it("runs a transaction that is shown with its EVSE, token type and growing energy, and ends it", async () => {
    const station = await startStation();
    const idTag = await newIdTag();
    const session = async () => {
      const { transactions } = (
        await query(
          `query ($id: String!) { station(chargePointId: $id) { transactions(first: 5) { edges { node {
            transactionId stationTransactionId evseId connectorId idTag idTokenType idTagStatus chargingState
            active stopReason meterStart meterStop energyWh
            meterValues { measurand unit context }
          } } } } }`,
          { id: station.identity },
        )
      ).station;
      expect(transactions.edges).toHaveLength(1);
      return transactions.edges[0].node;
    };

    expect(await station.startTransaction(1, idTag)).toBe(true);
    const stationTransactionId = station.transactionId(1)!;
    const started = await eventually(async () => {
      const found = await session();
      expect(found).toMatchObject({
        stationTransactionId,
        evseId: 1,
        connectorId: 1,
        idTag,
        idTokenType: "ISO14443",
        idTagStatus: "Accepted",
        chargingState: "Charging",
        active: true,
      });
      expect(found.energyWh).toBeGreaterThan(0);
      return found;
    });
    await eventually(async () => expect((await session()).energyWh).toBeGreaterThan(started.energyWh));
    await eventually(async () =>
      expect((await station201(station.identity)).connectors[0]).toMatchObject({ evseId: 1, status: "Occupied" }),
    );

    expect(station.stopTransaction(1)).toBe(true);
    const finished = await eventually(async () => {
      const found = await session();
      expect(found.active).toBe(false);
      return found;
    });
    expect(finished.stopReason).toBe("Local");
    expect(finished.meterStop).toBeGreaterThan(finished.meterStart);
    expect(finished.energyWh).toBe(finished.meterStop - finished.meterStart);
    const measured = new Set(finished.meterValues.map((m: any) => `${m.measurand} ${m.unit} ${m.context}`));
    expect(measured).toEqual(
      new Set([
        "Energy.Active.Import.Register Wh Transaction.Begin",
        "Energy.Active.Import.Register Wh Sample.Periodic",
        "Power.Active.Import W Sample.Periodic",
        "SoC Percent Sample.Periodic",
        "Energy.Active.Import.Register Wh Transaction.End",
      ]),
    );
    await eventually(async () =>
      expect((await station201(station.identity)).connectors[0]).toMatchObject({ status: "Available" }),
    );
  });
});

/**
 * A bare ocpp-rpc CSMS in strict 2.0.1 mode: it records every call a station makes and answers as the test says, so
 * that the station's side of the protocol (boot retries, seqNo, trigger reasons, report parts) can be checked exactly.
 */
async function startBareCsms() {
  const server = new RPCServer({ protocols: ["ocpp2.0.1"], strictMode: true } as ConstructorParameters<
    typeof RPCServer
  >[0]);
  const calls: Array<{ identity: string; method: string; params: any }> = [];
  const clients = new Map<string, any>();
  const boots: Array<"Accepted" | "Pending" | "Rejected"> = [];
  server.on("client", (client: any) => {
    clients.set(client.identity, client);
    client.handle(({ method, params }: { method: string; params: any }) => {
      calls.push({ identity: client.identity, method, params });
      const now = new Date().toISOString();
      switch (method) {
        case "BootNotification":
          return { status: boots.shift() ?? "Accepted", currentTime: now, interval: 1 };
        case "Heartbeat":
          return { currentTime: now };
        case "Authorize":
          return { idTokenInfo: { status: params.idToken.idToken === "BLOCKED" ? "Blocked" : "Accepted" } };
        default:
          return {};
      }
    });
  });
  const listener = await server.listen(0, "127.0.0.1");
  return {
    url: `ws://127.0.0.1:${(listener.address() as AddressInfo).port}`,
    boots,
    calls: (identity: string, method?: string) =>
      calls
        .filter((c) => c.identity === identity && (method === undefined || c.method === method))
        .map((c) => c.params),
    methods: (identity: string) => calls.filter((c) => c.identity === identity).map((c) => c.method),
    request: (identity: string, method: string, params: object) => clients.get(identity).call(method, params),
    close: () => server.close({ force: true }),
  };
}

describe("a simulated 2.0.1 station against a strict 2.0.1 CSMS", { timeout: 40_000 }, () => {
  let csms: Awaited<ReturnType<typeof startBareCsms>>;
  const stations: SimulatedStation[] = [];
  beforeAll(async () => {
    csms = await startBareCsms();
  });
  afterAll(async () => {
    await Promise.all(stations.map((station) => station.stop()));
    await csms?.close();
  });

  const startStation = async (options: Partial<SimulatedStationOptions> = {}) => {
    const station = new SimulatedStation({
      url: csms.url,
      identity: uniqueId("SIM201"),
      evses: 2,
      meterIntervalSeconds: 1,
      reconnectDelayMs: { initial: 200, max: 1000 },
      progressStepMs: 50,
      ...options,
    });
    stations.push(station);
    await station.start();
    return station;
  };
  const events = (identity: string, transactionId: string) =>
    csms
      .calls(identity, "TransactionEvent")
      .filter(
        (e: TransactionEventRequest) => e.transactionInfo.transactionId === transactionId,
      ) as TransactionEventRequest[];

  it("boots with PowerUp, waits while Pending, then reports each EVSE's connector and heartbeats", async () => {
    csms.boots.push("Pending");
    const station = await startStation();
    const boots = csms.calls(station.identity, "BootNotification");
    expect(boots).toHaveLength(2);
    expect(boots[0]).toEqual({
      reason: "PowerUp",
      chargingStation: {
        vendorName: "OCPP Central",
        model: "Simulator AC 2",
        serialNumber: station.identity,
        firmwareVersion: "2.0.1-sim",
      },
    });
    await eventually(() =>
      expect(
        csms.calls(station.identity, "StatusNotification").map((s) => [s.evseId, s.connectorId, s.connectorStatus]),
      ).toEqual([
        [1, 1, "Available"],
        [2, 1, "Available"],
      ]),
    );
    // Nothing but the boot while Pending, then the statuses.
    expect(csms.methods(station.identity).slice(0, 4)).toEqual([
      "BootNotification",
      "BootNotification",
      "StatusNotification",
      "StatusNotification",
    ]);
    await eventually(() => expect(csms.calls(station.identity, "Heartbeat").length).toBeGreaterThan(0), 5000);
  });

  it("runs a transaction as TransactionEvents: Started, Updated with growing energy, Ended, seqNo counting up", async () => {
    const station = await startStation();
    expect(await station.startTransaction(1, "CARD0001")).toBe(true);
    expect(csms.calls(station.identity, "Authorize")).toEqual([{ idToken: { idToken: "CARD0001", type: "ISO14443" } }]);
    const transactionId = station.transactionId(1)!;
    expect(transactionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(station.connectorStatus(1)).toBe("Occupied");
    await eventually(() => expect(events(station.identity, transactionId).length).toBeGreaterThanOrEqual(3), 8000);
    expect(station.stopTransaction(1)).toBe(true);
    await eventually(() => expect(events(station.identity, transactionId).at(-1)?.eventType).toBe("Ended"));

    const sent = events(station.identity, transactionId);
    expect(sent.map((e) => e.seqNo)).toEqual(sent.map((_, index) => index));
    const [started, ...rest] = sent;
    const ended = rest.pop()!;
    expect(started).toMatchObject({
      eventType: "Started",
      triggerReason: "Authorized",
      idToken: { idToken: "CARD0001", type: "ISO14443" },
      evse: { id: 1, connectorId: 1 },
      transactionInfo: { transactionId, chargingState: "Charging" },
      meterValue: [{ sampledValue: [{ measurand: "Energy.Active.Import.Register", context: "Transaction.Begin" }] }],
    });
    expect(rest.length).toBeGreaterThan(0);
    for (const updated of rest) {
      expect(updated).toMatchObject({ eventType: "Updated", triggerReason: "MeterValuePeriodic" });
      expect(
        updated.meterValue![0].sampledValue.map((v) => `${v.measurand} ${v.unitOfMeasure?.unit} ${v.context}`),
      ).toEqual([
        "Energy.Active.Import.Register Wh Sample.Periodic",
        "Power.Active.Import W Sample.Periodic",
        "SoC Percent Sample.Periodic",
      ]);
      expect(updated.meterValue![0].sampledValue[1]!.value).toBeGreaterThan(5000);
    }
    expect(ended).toMatchObject({
      eventType: "Ended",
      triggerReason: "StopAuthorized",
      idToken: { idToken: "CARD0001", type: "ISO14443" },
      transactionInfo: { transactionId, stoppedReason: "Local" },
      meterValue: [{ sampledValue: [{ measurand: "Energy.Active.Import.Register", context: "Transaction.End" }] }],
    });
    const energy = sent.map((e) => e.meterValue![0].sampledValue[0]!.value);
    expect(energy).toEqual([...energy].sort((a, b) => a - b));
    expect(energy.at(-1)).toBeGreaterThan(energy[0]!);
    await eventually(() =>
      expect(
        csms
          .calls(station.identity, "StatusNotification")
          .filter((s) => s.evseId === 1)
          .map((s) => s.connectorStatus),
      ).toEqual(["Available", "Occupied", "Available"]),
    );
    // A token the CSMS refuses starts nothing.
    expect(await station.startTransaction(2, "BLOCKED")).toBe(false);
  });

  it("starts and stops on RequestStartTransaction and RequestStopTransaction", async () => {
    const station = await startStation();
    const id = station.identity;
    expect(
      await csms.request(id, "RequestStartTransaction", {
        evseId: 2,
        remoteStartId: 42,
        idToken: { idToken: "REMOTE01", type: "Central" },
      }),
    ).toEqual({ status: "Accepted" });
    const transactionId = await eventually(() => {
      expect(station.transactionId(2)).toBeDefined();
      return station.transactionId(2)!;
    });
    await eventually(() =>
      expect(events(id, transactionId)[0]).toMatchObject({
        eventType: "Started",
        triggerReason: "RemoteStart",
        transactionInfo: { remoteStartId: 42 },
        evse: { id: 2 },
      }),
    );
    expect(await csms.request(id, "RequestStopTransaction", { transactionId: "no-such-transaction" })).toEqual({
      status: "Rejected",
    });
    expect(await csms.request(id, "RequestStopTransaction", { transactionId })).toEqual({ status: "Accepted" });
    await eventually(() =>
      expect(events(id, transactionId).at(-1)).toMatchObject({
        eventType: "Ended",
        triggerReason: "RemoteStop",
        transactionInfo: { stoppedReason: "Remote" },
      }),
    );
    expect(station.transactionId(2)).toBeUndefined();
  });

  it("answers GetVariables and SetVariables from its device model, and GetBaseReport with NotifyReport parts", async () => {
    const station = await startStation();
    const id = station.identity;
    const heartbeat = { component: { name: "OCPPCommCtrlr" }, variable: { name: "HeartbeatInterval" } };
    const { getVariableResult } = await csms.request(id, "GetVariables", {
      getVariableData: [
        heartbeat,
        { component: { name: "EVSE", evse: { id: 2 } }, variable: { name: "AvailabilityState" } },
        { component: { name: "NoSuchCtrlr" }, variable: { name: "Enabled" } },
        { component: { name: "TxCtrlr" }, variable: { name: "NoSuchVariable" } },
        { ...heartbeat, attributeType: "MaxSet" },
      ],
    });
    expect(getVariableResult.map((r: any) => [r.attributeStatus, r.attributeValue])).toEqual([
      ["Accepted", "1"], // from the BootNotification answer
      ["Accepted", "Available"],
      ["UnknownComponent", undefined],
      ["UnknownVariable", undefined],
      ["NotSupportedAttributeType", undefined],
    ]);
    const { setVariableResult } = await csms.request(id, "SetVariables", {
      setVariableData: [
        { ...heartbeat, attributeValue: "120" },
        { ...heartbeat, attributeValue: "soon" },
        { component: { name: "SecurityCtrlr" }, variable: { name: "Identity" }, attributeValue: "X" },
        {
          component: { name: "SampledDataCtrlr" },
          variable: { name: "TxUpdatedMeasurands" },
          attributeValue: "Energy.Active.Import.Register,Voltage",
        },
      ],
    });
    expect(setVariableResult.map((r: any) => r.attributeStatus)).toEqual([
      "Accepted",
      "Rejected",
      "Rejected",
      "Rejected",
    ]);
    const after = await csms.request(id, "GetVariables", { getVariableData: [heartbeat] });
    expect(after.getVariableResult[0].attributeValue).toBe("120");

    expect(await csms.request(id, "GetBaseReport", { requestId: 7, reportBase: "FullInventory" })).toEqual({
      status: "Accepted",
    });
    const parts = await eventually(() => {
      const reports = csms.calls(id, "NotifyReport").filter((r) => r.requestId === 7);
      expect(reports.at(-1)?.tbc).toBeUndefined();
      return reports;
    });
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.map((p) => p.seqNo)).toEqual(parts.map((_, index) => index));
    expect(parts.slice(0, -1).every((p) => p.tbc === true && p.reportData.length === 10)).toBe(true);
    const reported = parts.flatMap((p) => p.reportData);
    expect(reported).toContainEqual(
      expect.objectContaining({
        component: { name: "OCPPCommCtrlr" },
        variable: { name: "HeartbeatInterval" },
        variableAttribute: [expect.objectContaining({ value: "120", mutability: "ReadWrite" })],
        variableCharacteristics: expect.objectContaining({ dataType: "integer", unit: "s" }),
      }),
    );
  });

  it("honours charging profiles, availability, unlock, trigger and reset requests", async () => {
    const station = await startStation();
    const id = station.identity;
    const profile = (purpose: string, profileId: number) => ({
      id: profileId,
      stackLevel: 1,
      chargingProfilePurpose: purpose,
      chargingProfileKind: "Absolute",
      chargingSchedule: [
        {
          id: 1,
          chargingRateUnit: "A",
          startSchedule: new Date().toISOString(),
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
        },
      ],
    });
    // A TxProfile needs a session on its EVSE; a station-wide maximum belongs on EVSE 0.
    expect(
      await csms.request(id, "SetChargingProfile", { evseId: 1, chargingProfile: profile("TxProfile", 3) }),
    ).toEqual({ status: "Rejected" });
    expect(
      await csms.request(id, "SetChargingProfile", {
        evseId: 1,
        chargingProfile: profile("ChargingStationMaxProfile", 4),
      }),
    ).toEqual({ status: "Rejected" });
    expect(
      await csms.request(id, "SetChargingProfile", { evseId: 1, chargingProfile: profile("TxDefaultProfile", 5) }),
    ).toEqual({ status: "Accepted" });
    const composite = await csms.request(id, "GetCompositeSchedule", {
      evseId: 1,
      duration: 3600,
      chargingRateUnit: "W",
    });
    expect(composite).toMatchObject({
      status: "Accepted",
      schedule: { evseId: 1, chargingRateUnit: "W", chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 * 690 }] },
    });
    expect(await csms.request(id, "ClearChargingProfile", { chargingProfileId: 5 })).toEqual({ status: "Accepted" });
    expect(await csms.request(id, "ClearChargingProfile", { chargingProfileId: 5 })).toEqual({ status: "Unknown" });

    expect(await csms.request(id, "ChangeAvailability", { evse: { id: 2 }, operationalStatus: "Inoperative" })).toEqual(
      { status: "Accepted" },
    );
    await eventually(() => expect(station.connectorStatus(2)).toBe("Unavailable"));
    await eventually(() =>
      expect(csms.calls(id, "StatusNotification").at(-1)).toMatchObject({ evseId: 2, connectorStatus: "Unavailable" }),
    );
    expect(await csms.request(id, "ChangeAvailability", { evse: { id: 2 }, operationalStatus: "Operative" })).toEqual({
      status: "Accepted",
    });
    await eventually(() => expect(station.connectorStatus(2)).toBe("Available"));

    expect(await csms.request(id, "UnlockConnector", { evseId: 1, connectorId: 1 })).toEqual({ status: "Unlocked" });
    expect(await csms.request(id, "UnlockConnector", { evseId: 9, connectorId: 1 })).toEqual({
      status: "UnknownConnector",
    });
    expect(await csms.request(id, "TriggerMessage", { requestedMessage: "BootNotification" })).toEqual({
      status: "Rejected",
    });
    expect(await csms.request(id, "TriggerMessage", { requestedMessage: "MeterValues", evse: { id: 1 } })).toEqual({
      status: "Accepted",
    });
    await eventually(() =>
      expect(csms.calls(id, "MeterValues")).toEqual([
        expect.objectContaining({
          evseId: 1,
          meterValue: [
            expect.objectContaining({
              sampledValue: expect.arrayContaining([expect.objectContaining({ context: "Trigger" })]),
            }),
          ],
        }),
      ]),
    );

    // An immediate reset ends the session and boots again.
    expect(await station.startTransaction(1, "CARD0002")).toBe(true);
    const transactionId = station.transactionId(1)!;
    expect(await csms.request(id, "UnlockConnector", { evseId: 1, connectorId: 1 })).toEqual({
      status: "OngoingAuthorizedTransaction",
    });
    expect(await csms.request(id, "Reset", { type: "Immediate" })).toEqual({ status: "Accepted" });
    await eventually(() => expect(csms.calls(id, "BootNotification").at(-1)).toMatchObject({ reason: "RemoteReset" }));
    await eventually(() => expect(station.online).toBe(true));
    expect(events(id, transactionId).at(-1)).toMatchObject({
      eventType: "Ended",
      triggerReason: "ResetCommand",
      transactionInfo: { stoppedReason: "ImmediateReset" },
    });
  });
});
