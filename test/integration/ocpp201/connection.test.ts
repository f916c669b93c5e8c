import { RPCClient } from "ocpp-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bootRequest201,
  bootStation201,
  connectChargePoint,
  connectStation201,
  startTestApp,
  type TestApp,
  uniqueId,
} from "../../helpers/app.js";
import { graphql } from "../../helpers/graphql.js";
import { openRawSocket } from "../../helpers/raw-socket.js";
import { attemptHandshake } from "../../helpers/security.js";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

const STATION = `query ($id: String!) {
  station(chargePointId: $id) {
    ocppVersion registrationStatus connected vendor model serialNumber
    connectors { evseId connectorId status errorCode }
  }
}`;

async function station(chargePointId: string) {
  const result = await graphql(app.graphqlInProcess, STATION, { id: chargePointId });
  expect(result.errors).toBeUndefined();
  return result.data!.station;
}

/** The error code of a CALLERROR a strict client rejected with (ocpp-rpc puts the wire code in rpcErrorCode). */
const callErrorCode = (promise: Promise<unknown>) =>
  promise.then(
    () => "answered",
    (error: { rpcErrorCode?: string }) => error.rpcErrorCode,
  );

describe("subprotocol negotiation on the one OCPP port", () => {
  it("gives a charger offering both versions the newest, in whatever order it lists them", async () => {
    for (const protocols of [
      ["ocpp1.6", "ocpp2.0.1"],
      ["ocpp2.0.1", "ocpp1.6"],
    ]) {
      const outcome = await attemptHandshake(`${app.ocppUrl}/${uniqueId()}`, { protocols });
      expect(outcome).toEqual({ status: 101, protocol: "ocpp2.0.1" });
    }
    expect(await attemptHandshake(`${app.ocppUrl}/${uniqueId()}`, { protocols: ["ocpp1.6"] })).toEqual({
      status: 101,
      protocol: "ocpp1.6",
    });
  });

  it("refuses a charger offering no version it speaks with HTTP 400 naming the versions", async () => {
    const outcome = await attemptHandshake(`${app.ocppUrl}/${uniqueId()}`, { protocols: ["ocpp2.1", "ocpp1.5"] });
    expect(outcome).toMatchObject({ status: 400, body: "Subprotocol ocpp2.0.1 or ocpp1.6 is required" });
  });

  it("accepts only the versions OCPP_VERSIONS names", async () => {
    const only16 = await startTestApp({ OCPP_VERSIONS: "ocpp1.6" });
    try {
      const url = `${only16.ocppUrl}/${uniqueId()}`;
      expect(await attemptHandshake(url, { protocols: ["ocpp2.0.1"] })).toMatchObject({ status: 400 });
      expect(await attemptHandshake(url, { protocols: ["ocpp2.0.1", "ocpp1.6"] })).toEqual({
        status: 101,
        protocol: "ocpp1.6",
      });
    } finally {
      await only16.close();
    }
  });

  it("records the version per station, and a station may change it between connections", async () => {
    const identity = uniqueId();
    const as201 = await bootStation201(app, identity);
    await expect.poll(() => station(identity)).toMatchObject({ ocppVersion: "OCPP201", connected: true });
    await as201.close();
    await expect.poll(async () => (await station(identity)).connected).toBe(false);
    expect((await station(identity)).ocppVersion).toBe("OCPP201");

    const as16 = await connectChargePoint(app, identity);
    await expect.poll(() => station(identity)).toMatchObject({ ocppVersion: "OCPP16", connected: true });
    await as16.close();
  });
});

describe("a 2.0.1 station's boot and status", () => {
  it("is accepted with the heartbeat interval, registered with its details, and its EVSE connectors are stored", async () => {
    const identity = uniqueId();
    const client = await connectStation201(app, identity);
    const answer = (await client.call("BootNotification", {
      reason: "PowerUp",
      chargingStation: {
        vendorName: "A vendor name longer than twenty characters",
        model: "Volt 22",
        serialNumber: "SN-1",
        firmwareVersion: "2.1.0",
        modem: { iccid: "8931", imsi: "2620" },
      },
    })) as { currentTime: string };
    expect(answer).toMatchObject({ status: "Accepted", interval: expect.any(Number) });
    expect(Math.abs(Date.parse(answer.currentTime) - Date.now())).toBeLessThan(5000);

    const timestamp = new Date().toISOString();
    await client.call("StatusNotification", { timestamp, connectorStatus: "Available", evseId: 1, connectorId: 1 });
    await client.call("StatusNotification", { timestamp, connectorStatus: "Occupied", evseId: 2, connectorId: 1 });
    expect(await client.call("Heartbeat", {})).toMatchObject({ currentTime: expect.any(String) });

    await expect
      .poll(() => station(identity))
      .toMatchObject({
        ocppVersion: "OCPP201",
        registrationStatus: "Accepted",
        vendor: "A vendor name longer than twenty characters",
        model: "Volt 22",
        serialNumber: "SN-1",
        connectors: [
          { evseId: 1, connectorId: 1, status: "Available", errorCode: "NoError" },
          { evseId: 2, connectorId: 1, status: "Occupied", errorCode: "NoError" },
        ],
      });
    await client.close();
  });

  it("lists the station's EVSEs with their connectors, and stations by version", async () => {
    const identity = uniqueId();
    const client = await bootStation201(app, identity);
    const timestamp = new Date().toISOString();
    for (const [evseId, connectorId, connectorStatus] of [
      [1, 1, "Available"],
      [1, 2, "Unavailable"],
      [2, 1, "Occupied"],
    ] as const) {
      await client.call("StatusNotification", { timestamp, connectorStatus, evseId, connectorId });
    }
    const legacy = uniqueId();
    const charger16 = await connectChargePoint(app, legacy);
    await charger16.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
    await charger16.call("StatusNotification", { connectorId: 0, status: "Available", errorCode: "NoError" });
    await charger16.call("StatusNotification", { connectorId: 1, status: "Charging", errorCode: "NoError" });

    const EVSES = `query ($id: String!) { station(chargePointId: $id) { evses { evseId connectors { connectorId status } } } }`;
    await expect
      .poll(async () => (await graphql(app.graphqlInProcess, EVSES, { id: identity })).data?.station.evses)
      .toEqual([
        {
          evseId: 1,
          connectors: [
            { connectorId: 1, status: "Available" },
            { connectorId: 2, status: "Unavailable" },
          ],
        },
        { evseId: 2, connectors: [{ connectorId: 1, status: "Occupied" }] },
      ]);
    // A 1.6 station's connectors are its EVSEs; connector 0 is the station itself.
    expect((await graphql(app.graphqlInProcess, EVSES, { id: legacy })).data?.station.evses).toEqual([
      { evseId: 1, connectors: [{ connectorId: 1, status: "Charging" }] },
    ]);

    const BY_VERSION = `query ($version: OcppVersion) {
      stations(ocppVersion: $version, first: 500) { edges { node { chargePointId ocppVersion } } }
    }`;
    const idsOf = async (version: string) =>
      (await graphql(app.graphqlInProcess, BY_VERSION, { version })).data!.stations.edges.map(
        (edge: { node: { chargePointId: string } }) => edge.node.chargePointId,
      );
    expect(await idsOf("OCPP201")).toContain(identity);
    expect(await idsOf("OCPP201")).not.toContain(legacy);
    expect(await idsOf("OCPP16")).toContain(legacy);
    await Promise.all([client.close(), charger16.close()]);
  });

  it("holds a Pending station to its boot, reports and variables, and a Rejected one to its boot (SecurityError)", async () => {
    const identity = uniqueId();
    const first = await bootStation201(app, identity);
    await first.close();
    const SET = `mutation ($id: String!, $status: RegistrationStatus!) {
      setRegistrationStatus(chargePointId: $id, status: $status) { registrationStatus }
    }`;
    const pending = await graphql(app.graphqlInProcess, SET, { id: identity, status: "Pending" });
    expect(pending.data).toEqual({ setRegistrationStatus: { registrationStatus: "Pending" } });

    // A station that reconnects without booting is still held as its last boot was answered.
    const held = await connectStation201(app, identity);
    expect(await held.call("BootNotification", bootRequest201)).toMatchObject({ status: "Pending" });
    const authorize = { idToken: { idToken: "04A2B3C4", type: "ISO14443" } };
    expect(await callErrorCode(held.call("Authorize", authorize))).toBe("SecurityError");
    expect(await callErrorCode(held.call("Heartbeat", {}))).toBe("answered");
    await held.close();

    await graphql(app.graphqlInProcess, SET, { id: identity, status: "Rejected" });
    const rejected = await connectStation201(app, identity);
    expect(await rejected.call("BootNotification", bootRequest201)).toMatchObject({ status: "Rejected" });
    expect(await callErrorCode(rejected.call("Heartbeat", {}))).toBe("SecurityError");
    await rejected.close();

    await graphql(app.graphqlInProcess, SET, { id: identity, status: "Accepted" });
    const accepted = await bootStation201(app, identity);
    expect(await callErrorCode(accepted.call("Heartbeat", {}))).toBe("answered");
    await accepted.close();
  });

  it("setRegistrationStatus of an unknown station fails with NOT_FOUND", async () => {
    const result = await graphql(
      app.graphqlInProcess,
      `
        mutation {
          setRegistrationStatus(chargePointId: "NO-SUCH-STATION", status: Pending) {
            chargePointId
          }
        }
      `,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("CALLERRORs in 2.0.1's spelling", () => {
  let socket: Awaited<ReturnType<typeof openRawSocket>>;
  beforeAll(async () => {
    socket = await openRawSocket(`${app.ocppUrl}/${uniqueId()}`, ["ocpp2.0.1"]);
  });
  afterAll(() => socket.close());

  const boot = bootRequest201;
  it.each([
    ["an unexpected property", ["BootNotification", { ...boot, colour: "red" }], "FormatViolation"],
    ["a missing required field", ["BootNotification", { reason: "PowerUp" }], "OccurrenceConstraintViolation"],
    ["a field of the wrong JSON type", ["BootNotification", { ...boot, reason: 7 }], "TypeConstraintViolation"],
    [
      "a value outside its enumeration",
      ["BootNotification", { ...boot, reason: "Bored" }],
      "PropertyConstraintViolation",
    ],
    ["an action 2.0.1 does not define", ["StartTransaction", {}], "NotImplemented"],
    ["an action only the CSMS sends", ["Reset", { type: "Immediate" }], "NotSupported"],
  ])("%s", async (_case, [action, payload], code) => {
    const answer = await socket.exchange(JSON.stringify([2, "id-1", action, payload]));
    expect(answer).toEqual([4, "id-1", code, expect.any(String), expect.any(Object)]);
  });

  it.each([
    ["text that is not JSON", "[2, 'x'", ["RpcFrameworkError", "-1"]],
    ["an unknown message type", '[7, "id-7", "Heartbeat", {}]', ["MessageTypeNotSupported", "id-7"]],
    ["a CALL with too few elements", '[2, "id-3", "Heartbeat"]', ["ProtocolError", "id-3"]],
  ])("%s", async (_case, raw, [code, uniqueId]) => {
    const answer = await socket.exchange(raw);
    expect(answer).toEqual([4, uniqueId, code, expect.any(String), expect.any(Object)]);
  });

  it("keeps every 2.0.1 frame, valid or not, in the audit log", async () => {
    const identity = uniqueId();
    const raw = await openRawSocket(`${app.ocppUrl}/${identity}`, ["ocpp2.0.1"]);
    await raw.exchange(JSON.stringify([2, "boot", "BootNotification", bootRequest201]));
    await raw.exchange(JSON.stringify([2, "bad", "Heartbeat", { unexpected: true }]));
    raw.close();
    const MESSAGES = `query ($id: String!) {
      messages(chargePointId: $id, first: 10) { edges { node { uniqueId action messageType direction errorCode } } }
    }`;
    const frames = async () =>
      (await graphql(app.graphqlInProcess, MESSAGES, { id: identity })).data?.messages.edges.map(
        (edge: { node: unknown }) => edge.node,
      );
    await expect.poll(frames).toEqual([
      {
        uniqueId: "bad",
        action: "Heartbeat",
        messageType: "CALLERROR",
        direction: "OUTBOUND",
        errorCode: "FormatViolation",
      },
      { uniqueId: "bad", action: "Heartbeat", messageType: "CALL", direction: "INBOUND", errorCode: null },
      {
        uniqueId: "boot",
        action: "BootNotification",
        messageType: "CALLRESULT",
        direction: "OUTBOUND",
        errorCode: null,
      },
      { uniqueId: "boot", action: "BootNotification", messageType: "CALL", direction: "INBOUND", errorCode: null },
    ]);
  });
});

describe("security profiles for 2.0.1", () => {
  it("takes the station's HTTP Basic password like a 1.6 charger's", async () => {
    const secured = await startTestApp({ OCPP_SECURITY_PROFILE: "1", OCPP_ALLOW_UNKNOWN_STATIONS: "false" });
    try {
      const identity = uniqueId();
      const SET = `mutation ($id: String!, $password: String) { setStationPassword(chargePointId: $id, password: $password) }`;
      await graphql(secured.graphqlInProcess, SET, { id: identity, password: "a-password-of-20-chars" });
      const wrong = await attemptHandshake(`${secured.ocppUrl}/${identity}`, {
        protocols: ["ocpp2.0.1"],
        authorization: `Basic ${Buffer.from(`${identity}:not-the-password-at-all`).toString("base64")}`,
      });
      expect(wrong).toMatchObject({ status: 401 });
      const client = new RPCClient({
        endpoint: secured.ocppUrl,
        identity,
        password: "a-password-of-20-chars",
        protocols: ["ocpp2.0.1"],
        strictMode: true,
        reconnect: false,
      } as ConstructorParameters<typeof RPCClient>[0]);
      await client.connect();
      expect(await client.call("BootNotification", bootRequest201)).toMatchObject({ status: "Accepted" });
      await client.close();
    } finally {
      await secured.close();
    }
  });
});
