import { createRPCError, type RPCClient } from "ocpp-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { bootedChargers } from "../../helpers/booted-chargers.js";
import { answer } from "../../helpers/charger-answers.js";
import { graphql, subscribe } from "../../helpers/graphql.js";

// Commands to chargers, part 1: the remote-control and configuration mutations, their OCPP payloads, the
// charger's answers, the audit log and the errors every command can end in.

type AuditedFrame = {
  direction: "INBOUND" | "OUTBOUND";
  messageType: string | null;
  action: string | null;
  uniqueId: string | null;
  payload: unknown;
  errorCode: string | null;
  errorDescription: string | null;
};

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const bootCharger = bootedChargers("CMD");
const charger = (target: TestApp = app) => bootCharger(target);

const never = () => new Promise<Record<string, unknown>>(() => {});

async function mutate(query: string, variables: Record<string, unknown> = {}, target: TestApp = app) {
  return graphql(target.graphqlUrl, query, variables);
}

/** The charge point's audit log in the order the frames were logged, optionally for one action. */
async function auditLog(chargePointId: string, action?: string, target: TestApp = app): Promise<AuditedFrame[]> {
  await target.audit.flush();
  const result = await graphql(
    target.graphqlUrl,
    `
      query ($chargePointId: String!, $action: String) {
        messages(chargePointId: $chargePointId, action: $action, first: 500) {
          edges {
            node {
              direction
              messageType
              action
              uniqueId
              payload
              errorCode
              errorDescription
            }
          }
        }
      }
    `,
    { chargePointId, action },
  );
  expect(result.errors).toBeUndefined();
  return (result.data!.messages.edges as Array<{ node: AuditedFrame }>).map((edge) => edge.node).reverse();
}

/** The audit log holds our CALL (with the payload the charger received) and the charger's answer to it. */
async function expectAudited(
  chargePointId: string,
  action: string,
  sentPayload: unknown,
  answerType: "CALLRESULT" | "CALLERROR" = "CALLRESULT",
) {
  const frames = await auditLog(chargePointId, action);
  const calls = frames.filter((frame) => frame.direction === "OUTBOUND" && frame.messageType === "CALL");
  const call = calls.at(-1);
  expect(call, `an OUTBOUND ${action} CALL`).toBeDefined();
  expect(call!.payload).toEqual(sentPayload);
  const reply = frames.find((frame) => frame.direction === "INBOUND" && frame.uniqueId === call!.uniqueId);
  expect(reply, `an INBOUND answer to the ${action} CALL`).toMatchObject({ messageType: answerType, action });
  return { call: call!, reply: reply! };
}

const TX_PROFILE = {
  chargingProfileId: 7,
  stackLevel: 0,
  chargingProfilePurpose: "TxProfile",
  chargingProfileKind: "Relative",
  chargingSchedule: {
    chargingRateUnit: "A",
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 16 },
      { startPeriod: 3600, limit: 8.5, numberPhases: 3 },
    ],
  },
};

const REMOTE_START = `mutation ($cp: String!, $idTag: String!, $connectorId: Int, $profile: ChargingProfileInput) {
  remoteStartTransaction(chargePointId: $cp, idTag: $idTag, connectorId: $connectorId, chargingProfile: $profile) { status }
}`;
const REMOTE_STOP = `mutation ($cp: String!, $tx: Int!) { remoteStopTransaction(chargePointId: $cp, transactionId: $tx) { status } }`;
const RESET = `mutation ($cp: String!, $type: ResetType!) { reset(chargePointId: $cp, type: $type) { status } }`;
const GET_CONFIGURATION = `mutation ($cp: String!, $keys: [String!]) {
  getConfiguration(chargePointId: $cp, keys: $keys) { configurationKey { key value readonly } unknownKey }
}`;
const CHANGE_CONFIGURATION = `mutation ($cp: String!, $key: String!, $value: String!) {
  changeConfiguration(chargePointId: $cp, key: $key, value: $value) { status }
}`;
const STATION_CONFIGURATION = `query ($cp: String!) {
  station(chargePointId: $cp) { configuration { key value readonly } unknownConfigurationKeys configurationFetchedAt }
}`;

async function startTransaction(client: RPCClient, idTag = "CORE-TAG") {
  const answer = (await client.call("StartTransaction", {
    connectorId: 1,
    idTag,
    meterStart: 1000,
    timestamp: new Date().toISOString(),
  })) as { transactionId: number };
  return answer.transactionId;
}

describe("remoteStartTransaction", () => {
  it("sends only the idTag when no connector or charging profile is given, and returns the charger's status", async () => {
    const { id, client } = await charger();
    const received = answer(client, "RemoteStartTransaction", { status: "Accepted" });

    const result = await mutate(REMOTE_START, { cp: id, idTag: "TAG-ONLY" });

    expect(result).toEqual({ data: { remoteStartTransaction: { status: "Accepted" } } });
    expect(received).toEqual([{ idTag: "TAG-ONLY" }]);
    await expectAudited(id, "RemoteStartTransaction", { idTag: "TAG-ONLY" });
  });

  it("sends the connectorId and the TxProfile charging profile exactly, leaving absent optional fields out", async () => {
    const { id, client } = await charger();
    const received = answer(client, "RemoteStartTransaction", { status: "Accepted" });

    const result = await mutate(REMOTE_START, { cp: id, idTag: "TAG-PROFILE", connectorId: 2, profile: TX_PROFILE });

    expect(result.data?.remoteStartTransaction.status).toBe("Accepted");
    const expected = { idTag: "TAG-PROFILE", connectorId: 2, chargingProfile: TX_PROFILE };
    expect(received).toEqual([expected]);
    await expectAudited(id, "RemoteStartTransaction", expected);
  });

  it("sends profile dates as ISO 8601 date-times", async () => {
    const { id, client } = await charger();
    const received = answer(client, "RemoteStartTransaction", { status: "Accepted" });
    const profile = {
      ...TX_PROFILE,
      chargingProfileKind: "Absolute",
      validFrom: "2030-01-01T00:00:00Z",
      validTo: "2030-01-02T00:00:00Z",
      chargingSchedule: { ...TX_PROFILE.chargingSchedule, startSchedule: "2030-01-01T06:00:00Z", duration: 7200 },
    };

    const result = await mutate(REMOTE_START, { cp: id, idTag: "TAG-DATES", connectorId: 1, profile });

    expect(result.data?.remoteStartTransaction.status).toBe("Accepted");
    expect(received[0]!.chargingProfile).toEqual({
      ...TX_PROFILE,
      chargingProfileKind: "Absolute",
      validFrom: "2030-01-01T00:00:00.000Z",
      validTo: "2030-01-02T00:00:00.000Z",
      chargingSchedule: { ...TX_PROFILE.chargingSchedule, startSchedule: "2030-01-01T06:00:00.000Z", duration: 7200 },
    });
  });

  it("returns Rejected when the charger rejects it", async () => {
    const { id, client } = await charger();
    answer(client, "RemoteStartTransaction", { status: "Rejected" });

    const result = await mutate(REMOTE_START, { cp: id, idTag: "TAG-REJECTED", connectorId: 1 });

    expect(result).toEqual({ data: { remoteStartTransaction: { status: "Rejected" } } });
    await expectAudited(id, "RemoteStartTransaction", { idTag: "TAG-REJECTED", connectorId: 1 });
  });

  it("refuses an idTag of 21 characters with BAD_USER_INPUT and sends nothing", async () => {
    const { id, client } = await charger();
    const received = answer(client, "RemoteStartTransaction", { status: "Accepted" });

    const result = await mutate(REMOTE_START, { cp: id, idTag: "X".repeat(21), connectorId: 1 });

    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(received).toEqual([]);
    expect(await auditLog(id, "RemoteStartTransaction")).toEqual([]);
  });

  it("refuses a charging profile whose purpose is not TxProfile with BAD_USER_INPUT and sends nothing", async () => {
    const { id, client } = await charger();
    const received = answer(client, "RemoteStartTransaction", { status: "Accepted" });

    const result = await mutate(REMOTE_START, {
      cp: id,
      idTag: "TAG-DEFAULT",
      connectorId: 1,
      profile: { ...TX_PROFILE, chargingProfilePurpose: "TxDefaultProfile" },
    });

    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(received).toEqual([]);
  });
});

describe("remoteStopTransaction", () => {
  it.each(["Accepted", "Rejected"])(
    "sends the transactionId of an active transaction and returns the charger's %s",
    async (status) => {
      const { id, client } = await charger();
      const transactionId = await startTransaction(client);
      const received = answer(client, "RemoteStopTransaction", { status });

      const result = await mutate(REMOTE_STOP, { cp: id, tx: transactionId });

      expect(result).toEqual({ data: { remoteStopTransaction: { status } } });
      expect(received).toEqual([{ transactionId }]);
      await expectAudited(id, "RemoteStopTransaction", { transactionId });
    },
  );

  it("sends a transactionId this system does not know, and returns the charger's answer", async () => {
    const { id, client } = await charger();
    const received = answer(client, "RemoteStopTransaction", { status: "Rejected" });

    const result = await mutate(REMOTE_STOP, { cp: id, tx: 2_000_000_000 });

    expect(result).toEqual({ data: { remoteStopTransaction: { status: "Rejected" } } });
    expect(received).toEqual([{ transactionId: 2_000_000_000 }]);
    await expectAudited(id, "RemoteStopTransaction", { transactionId: 2_000_000_000 });
  });

  it("sends a transaction this system has already stopped (the charger may still run it), and leaves it stopped", async () => {
    const { id, client } = await charger();
    const transactionId = await startTransaction(client);
    const stoppedAt = new Date(Date.now() - 60_000).toISOString();
    await client.call("StopTransaction", { transactionId, meterStop: 1500, timestamp: stoppedAt });
    const received = answer(client, "RemoteStopTransaction", { status: "Accepted" });

    const result = await mutate(REMOTE_STOP, { cp: id, tx: transactionId });

    expect(result).toEqual({ data: { remoteStopTransaction: { status: "Accepted" } } });
    expect(received).toEqual([{ transactionId }]);
    const stored = await app.db.transaction.findUniqueOrThrow({ where: { transactionId } });
    expect(stored).toMatchObject({ stoppedAt: new Date(stoppedAt), meterStop: 1500n });
  });

  it("sends another charge point's transactionId to the named charger only, and returns its answer", async () => {
    const { id, client } = await charger();
    const other = await charger();
    const transactionId = await startTransaction(other.client, "CORE-OTHER");
    const received = answer(client, "RemoteStopTransaction", { status: "Rejected" });
    const receivedByOwner = answer(other.client, "RemoteStopTransaction", { status: "Accepted" });

    const result = await mutate(REMOTE_STOP, { cp: id, tx: transactionId });

    expect(result).toEqual({ data: { remoteStopTransaction: { status: "Rejected" } } });
    expect(received).toEqual([{ transactionId }]);
    expect(receivedByOwner).toEqual([]);
    const stored = await app.db.transaction.findUniqueOrThrow({ where: { transactionId } });
    expect(stored.stoppedAt).toBeNull();
  });
});

describe("limits OCPP 1.6 states beyond its JSON schemas", () => {
  it.each([
    ["UnlockConnector", `unlockConnector(chargePointId: $cp, connectorId: 0)`, "connectorId must be greater than 0"],
    [
      "RemoteStartTransaction",
      `remoteStartTransaction(chargePointId: $cp, idTag: "T", connectorId: 0)`,
      "connectorId must be greater than 0",
    ],
    [
      "TriggerMessage",
      `triggerMessage(chargePointId: $cp, requestedMessage: StatusNotification, connectorId: 0)`,
      "connectorId must be greater than 0",
    ],
    [
      "ChangeAvailability",
      `changeAvailability(chargePointId: $cp, connectorId: -1, type: Operative)`,
      "connectorId must be 0 or more",
    ],
  ])(
    "refuses %s with BAD_USER_INPUT naming the field and the rule, and sends nothing",
    async (action, field, message) => {
      const { id, client } = await charger();
      const received = answer(client, action, { status: "Accepted" });

      const result = await mutate(`mutation ($cp: String!) { ${field} { status } }`, { cp: id });

      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message).toContain(message);
      expect(received).toEqual([]);
      expect(await auditLog(id, action)).toEqual([]);
    },
  );
});

describe("reset", () => {
  it.each([
    ["Soft", "Accepted"],
    ["Hard", "Accepted"],
    ["Soft", "Rejected"],
  ])("sends a %s reset and returns the charger's %s", async (type, status) => {
    const { id, client } = await charger();
    const received = answer(client, "Reset", { status });

    const result = await mutate(RESET, { cp: id, type });

    expect(result).toEqual({ data: { reset: { status } } });
    expect(received).toEqual([{ type }]);
    await expectAudited(id, "Reset", { type });
  });
});

describe("unlockConnector", () => {
  it.each(["Unlocked", "UnlockFailed", "NotSupported"])(
    "sends the connectorId and returns the charger's %s",
    async (status) => {
      const { id, client } = await charger();
      const received = answer(client, "UnlockConnector", { status });

      const result = await mutate(
        `mutation ($cp: String!) { unlockConnector(chargePointId: $cp, connectorId: 2) { status } }`,
        { cp: id },
      );

      expect(result).toEqual({ data: { unlockConnector: { status } } });
      expect(received).toEqual([{ connectorId: 2 }]);
      await expectAudited(id, "UnlockConnector", { connectorId: 2 });
    },
  );
});

describe("changeAvailability", () => {
  it.each([
    [0, "Inoperative", "Scheduled"],
    [1, "Operative", "Accepted"],
    [2, "Inoperative", "Rejected"],
  ])("sends connector %i %s and returns the charger's %s", async (connectorId, type, status) => {
    const { id, client } = await charger();
    const received = answer(client, "ChangeAvailability", { status });

    const result = await mutate(
      `mutation ($cp: String!, $connectorId: Int!, $type: AvailabilityType!) {
        changeAvailability(chargePointId: $cp, connectorId: $connectorId, type: $type) { status }
      }`,
      { cp: id, connectorId, type },
    );

    expect(result).toEqual({ data: { changeAvailability: { status } } });
    expect(received).toEqual([{ connectorId, type }]);
    await expectAudited(id, "ChangeAvailability", { connectorId, type });
  });
});

describe("clearCache", () => {
  it.each(["Accepted", "Rejected"])("sends an empty request and returns the charger's %s", async (status) => {
    const { id, client } = await charger();
    const received = answer(client, "ClearCache", { status });

    const result = await mutate(`mutation ($cp: String!) { clearCache(chargePointId: $cp) { status } }`, { cp: id });

    expect(result).toEqual({ data: { clearCache: { status } } });
    expect(received).toEqual([{}]);
    await expectAudited(id, "ClearCache", {});
  });
});

describe("dataTransfer", () => {
  const DATA_TRANSFER = `mutation ($cp: String!, $vendorId: String!, $messageId: String, $data: String) {
    dataTransfer(chargePointId: $cp, vendorId: $vendorId, messageId: $messageId, data: $data) { status data }
  }`;

  it("sends vendorId, messageId and data and returns the charger's status and data", async () => {
    const { id, client } = await charger();
    const received = answer(client, "DataTransfer", { status: "Accepted", data: '{"answer":42}' });

    const result = await mutate(DATA_TRANSFER, { cp: id, vendorId: "com.acme", messageId: "Ask", data: '{"q":1}' });

    expect(result).toEqual({ data: { dataTransfer: { status: "Accepted", data: '{"answer":42}' } } });
    expect(received).toEqual([{ vendorId: "com.acme", messageId: "Ask", data: '{"q":1}' }]);
    await expectAudited(id, "DataTransfer", { vendorId: "com.acme", messageId: "Ask", data: '{"q":1}' });
  });

  it("sends only the vendorId when nothing else is given, and returns null data when the charger sends none", async () => {
    const { id, client } = await charger();
    const received = answer(client, "DataTransfer", { status: "UnknownVendorId" });

    const result = await mutate(DATA_TRANSFER, { cp: id, vendorId: "com.unknown" });

    expect(result).toEqual({ data: { dataTransfer: { status: "UnknownVendorId", data: null } } });
    expect(received).toEqual([{ vendorId: "com.unknown" }]);
  });

  it("refuses a vendorId longer than 255 characters with BAD_USER_INPUT and sends nothing", async () => {
    const { id, client } = await charger();
    const received = answer(client, "DataTransfer", { status: "Accepted" });

    const result = await mutate(DATA_TRANSFER, { cp: id, vendorId: "v".repeat(256) });

    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(received).toEqual([]);
  });
});

describe("triggerMessage", () => {
  const TRIGGER = `mutation ($cp: String!, $requestedMessage: MessageTrigger!, $connectorId: Int) {
    triggerMessage(chargePointId: $cp, requestedMessage: $requestedMessage, connectorId: $connectorId) { status }
  }`;

  it("sends the requested message and connectorId and returns the charger's Accepted", async () => {
    const { id, client } = await charger();
    const received = answer(client, "TriggerMessage", { status: "Accepted" });

    const result = await mutate(TRIGGER, { cp: id, requestedMessage: "StatusNotification", connectorId: 1 });

    expect(result).toEqual({ data: { triggerMessage: { status: "Accepted" } } });
    expect(received).toEqual([{ requestedMessage: "StatusNotification", connectorId: 1 }]);
    await expectAudited(id, "TriggerMessage", { requestedMessage: "StatusNotification", connectorId: 1 });
  });

  it("leaves connectorId out when none is given and returns the charger's NotImplemented", async () => {
    const { id, client } = await charger();
    const received = answer(client, "TriggerMessage", { status: "NotImplemented" });

    const result = await mutate(TRIGGER, { cp: id, requestedMessage: "DiagnosticsStatusNotification" });

    expect(result).toEqual({ data: { triggerMessage: { status: "NotImplemented" } } });
    expect(received).toEqual([{ requestedMessage: "DiagnosticsStatusNotification" }]);
  });
});

describe("updateFirmware", () => {
  const UPDATE_FIRMWARE = `mutation ($cp: String!, $location: String!, $retrieveDate: DateTime!, $retries: Int, $retryInterval: Int) {
    updateFirmware(chargePointId: $cp, location: $location, retrieveDate: $retrieveDate, retries: $retries, retryInterval: $retryInterval) { status }
  }`;

  it("sends location, retrieveDate, retries and retryInterval and reports Accepted once the charger confirmed", async () => {
    const { id, client } = await charger();
    const received = answer(client, "UpdateFirmware", {});

    const result = await mutate(UPDATE_FIRMWARE, {
      cp: id,
      location: "https://firmware.example.com/volt-22-2.0.bin",
      retrieveDate: "2030-01-02T03:04:05Z",
      retries: 3,
      retryInterval: 60,
    });

    expect(result).toEqual({ data: { updateFirmware: { status: "Accepted" } } });
    const expected = {
      location: "https://firmware.example.com/volt-22-2.0.bin",
      retrieveDate: "2030-01-02T03:04:05.000Z",
      retries: 3,
      retryInterval: 60,
    };
    expect(received).toEqual([expected]);
    await expectAudited(id, "UpdateFirmware", expected);
  });

  it("leaves retries and retryInterval out when not given", async () => {
    const { id, client } = await charger();
    const received = answer(client, "UpdateFirmware", {});

    const result = await mutate(UPDATE_FIRMWARE, {
      cp: id,
      location: "ftp://firmware.example.com/fw.bin",
      retrieveDate: "2030-06-01T00:00:00Z",
    });

    expect(result.data?.updateFirmware.status).toBe("Accepted");
    expect(received).toEqual([
      { location: "ftp://firmware.example.com/fw.bin", retrieveDate: "2030-06-01T00:00:00.000Z" },
    ]);
  });
});

describe("getDiagnostics", () => {
  const GET_DIAGNOSTICS = `mutation ($cp: String!, $location: String!, $retries: Int, $retryInterval: Int, $startTime: DateTime, $stopTime: DateTime) {
    getDiagnostics(chargePointId: $cp, location: $location, retries: $retries, retryInterval: $retryInterval, startTime: $startTime, stopTime: $stopTime) { fileName }
  }`;

  it("sends location, retries, retryInterval, startTime and stopTime and returns the file name", async () => {
    const { id, client } = await charger();
    const received = answer(client, "GetDiagnostics", { fileName: "diag-2030.zip" });

    const result = await mutate(GET_DIAGNOSTICS, {
      cp: id,
      location: "ftp://diagnostics.example.com/upload",
      retries: 2,
      retryInterval: 30,
      startTime: "2030-01-01T00:00:00Z",
      stopTime: "2030-01-01T12:00:00Z",
    });

    expect(result).toEqual({ data: { getDiagnostics: { fileName: "diag-2030.zip" } } });
    const expected = {
      location: "ftp://diagnostics.example.com/upload",
      retries: 2,
      retryInterval: 30,
      startTime: "2030-01-01T00:00:00.000Z",
      stopTime: "2030-01-01T12:00:00.000Z",
    };
    expect(received).toEqual([expected]);
    await expectAudited(id, "GetDiagnostics", expected);
  });

  it("sends only the location when nothing else is given, and returns a null fileName when the charger has none", async () => {
    const { id, client } = await charger();
    const received = answer(client, "GetDiagnostics", {});

    const result = await mutate(GET_DIAGNOSTICS, { cp: id, location: "ftp://diagnostics.example.com/upload" });

    expect(result).toEqual({ data: { getDiagnostics: { fileName: null } } });
    expect(received).toEqual([{ location: "ftp://diagnostics.example.com/upload" }]);
  });
});

describe("getConfiguration", () => {
  it("asks for every key when none are named and stores the answer as the station's configuration", async () => {
    const { id, client } = await charger();
    const received = answer(client, "GetConfiguration", {
      configurationKey: [
        { key: "HeartbeatInterval", value: "300", readonly: false },
        { key: "NumberOfConnectors", value: "2", readonly: true },
        { key: "AuthorizationKey", readonly: false },
      ],
    });

    const result = await mutate(GET_CONFIGURATION, { cp: id });

    expect(result.errors).toBeUndefined();
    expect(result.data?.getConfiguration).toEqual({
      configurationKey: [
        { key: "HeartbeatInterval", value: "300", readonly: false },
        { key: "NumberOfConnectors", value: "2", readonly: true },
        { key: "AuthorizationKey", value: null, readonly: false },
      ],
      unknownKey: [],
    });
    expect(received).toEqual([{}]);
    await expectAudited(id, "GetConfiguration", {});

    const station = (await mutate(STATION_CONFIGURATION, { cp: id })).data?.station;
    expect(station.configuration).toEqual([
      { key: "AuthorizationKey", value: null, readonly: false },
      { key: "HeartbeatInterval", value: "300", readonly: false },
      { key: "NumberOfConnectors", value: "2", readonly: true },
    ]);
    expect(station.unknownConfigurationKeys).toEqual([]);
    expect(station.configurationFetchedAt).not.toBeNull();
  });

  it("sends the named keys, and stores the keys the charger did not recognise as unknownConfigurationKeys", async () => {
    const { id, client } = await charger();
    const received = answer(client, "GetConfiguration", {
      configurationKey: [{ key: "MeterValueSampleInterval", value: "60", readonly: false }],
      unknownKey: ["NoSuchKey", "VendorSecret"],
    });

    const result = await mutate(GET_CONFIGURATION, {
      cp: id,
      keys: ["MeterValueSampleInterval", "NoSuchKey", "VendorSecret"],
    });

    expect(result.data?.getConfiguration).toEqual({
      configurationKey: [{ key: "MeterValueSampleInterval", value: "60", readonly: false }],
      unknownKey: ["NoSuchKey", "VendorSecret"],
    });
    expect(received).toEqual([{ key: ["MeterValueSampleInterval", "NoSuchKey", "VendorSecret"] }]);
    const station = (await mutate(STATION_CONFIGURATION, { cp: id })).data?.station;
    expect(station.configuration).toEqual([{ key: "MeterValueSampleInterval", value: "60", readonly: false }]);
    expect(station.unknownConfigurationKeys).toEqual(["NoSuchKey", "VendorSecret"]);
  });

  it("updates stored keys with a later answer and replaces the unknown keys", async () => {
    const { id, client } = await charger();
    let round = 0;
    answer(client, "GetConfiguration", () =>
      ++round === 1
        ? { configurationKey: [{ key: "HeartbeatInterval", value: "300", readonly: false }], unknownKey: ["Old"] }
        : { configurationKey: [{ key: "HeartbeatInterval", value: "900", readonly: true }], unknownKey: [] },
    );

    await mutate(GET_CONFIGURATION, { cp: id });
    await mutate(GET_CONFIGURATION, { cp: id });

    const station = (await mutate(STATION_CONFIGURATION, { cp: id })).data?.station;
    expect(station.configuration).toEqual([{ key: "HeartbeatInterval", value: "900", readonly: true }]);
    expect(station.unknownConfigurationKeys).toEqual([]);
    const stored = await app.db.configurationKey.findMany({ where: { chargePointId: id } });
    expect(stored).toHaveLength(1);
  });
});

describe("changeConfiguration", () => {
  async function storedValue(chargePointId: string, key: string) {
    const row = await app.db.configurationKey.findUnique({ where: { chargePointId_key: { chargePointId, key } } });
    return row?.value;
  }

  it.each(["Accepted", "RebootRequired"])(
    "sends key and value and stores the value when the charger answers %s",
    async (status) => {
      const { id, client } = await charger();
      answer(client, "GetConfiguration", {
        configurationKey: [{ key: "HeartbeatInterval", value: "300", readonly: false }],
      });
      await mutate(GET_CONFIGURATION, { cp: id });
      const received = answer(client, "ChangeConfiguration", { status });

      const result = await mutate(CHANGE_CONFIGURATION, { cp: id, key: "HeartbeatInterval", value: "120" });

      expect(result).toEqual({ data: { changeConfiguration: { status } } });
      expect(received).toEqual([{ key: "HeartbeatInterval", value: "120" }]);
      await expectAudited(id, "ChangeConfiguration", { key: "HeartbeatInterval", value: "120" });
      const station = (await mutate(STATION_CONFIGURATION, { cp: id })).data?.station;
      expect(station.configuration).toEqual([{ key: "HeartbeatInterval", value: "120", readonly: false }]);
    },
  );

  it("publishes the station with its new configuration once the charger accepted", async () => {
    const { id, client } = await charger();
    answer(client, "ChangeConfiguration", { status: "Accepted" });
    const updates = subscribe(
      app.graphqlUrl,
      `subscription ($cp: String!) { stationUpdated(chargePointId: $cp) { configuration { key value } } }`,
      { cp: id },
    );
    try {
      await updates.ready;
      await mutate(CHANGE_CONFIGURATION, { cp: id, key: "MeterValueSampleInterval", value: "60" });

      const published = await updates.next((event) => event.stationUpdated.configuration.length > 0);
      expect(published.stationUpdated.configuration).toEqual([{ key: "MeterValueSampleInterval", value: "60" }]);
    } finally {
      await updates.close();
    }
  });

  it("stores an accepted key that was never fetched before", async () => {
    const { id, client } = await charger();
    answer(client, "ChangeConfiguration", { status: "Accepted" });

    await mutate(CHANGE_CONFIGURATION, { cp: id, key: "LocalAuthListEnabled", value: "true" });

    expect(await storedValue(id, "LocalAuthListEnabled")).toBe("true");
  });

  it.each(["Rejected", "NotSupported"])("leaves the stored value alone when the charger answers %s", async (status) => {
    const { id, client } = await charger();
    answer(client, "GetConfiguration", {
      configurationKey: [{ key: "HeartbeatInterval", value: "300", readonly: false }],
    });
    await mutate(GET_CONFIGURATION, { cp: id });
    answer(client, "ChangeConfiguration", { status });

    const result = await mutate(CHANGE_CONFIGURATION, { cp: id, key: "HeartbeatInterval", value: "5" });
    const unknown = await mutate(CHANGE_CONFIGURATION, { cp: id, key: "NeverSeenKey", value: "1" });

    expect(result).toEqual({ data: { changeConfiguration: { status } } });
    expect(unknown).toEqual({ data: { changeConfiguration: { status } } });
    expect(await storedValue(id, "HeartbeatInterval")).toBe("300");
    expect(await storedValue(id, "NeverSeenKey")).toBeUndefined();
  });

  it("refuses a key longer than 50 characters with BAD_USER_INPUT and sends nothing", async () => {
    const { id, client } = await charger();
    const received = answer(client, "ChangeConfiguration", { status: "Accepted" });

    const result = await mutate(CHANGE_CONFIGURATION, { cp: id, key: "K".repeat(51), value: "1" });

    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(received).toEqual([]);
    expect(await auditLog(id, "ChangeConfiguration")).toEqual([]);
  });
});

describe("a charge point that is not connected", () => {
  const future = new Date(Date.now() + 3_600_000).toISOString();
  const commands: Array<[string, string, Record<string, unknown>]> = [
    [
      "remoteStartTransaction",
      `mutation ($cp: String!) { remoteStartTransaction(chargePointId: $cp, idTag: "T1") { status } }`,
      {},
    ],
    ["reset", RESET, { type: "Soft" }],
    [
      "unlockConnector",
      `mutation ($cp: String!) { unlockConnector(chargePointId: $cp, connectorId: 1) { status } }`,
      {},
    ],
    [
      "changeAvailability",
      `mutation ($cp: String!) { changeAvailability(chargePointId: $cp, connectorId: 0, type: Operative) { status } }`,
      {},
    ],
    ["clearCache", `mutation ($cp: String!) { clearCache(chargePointId: $cp) { status } }`, {}],
    [
      "dataTransfer",
      `mutation ($cp: String!) { dataTransfer(chargePointId: $cp, vendorId: "com.acme") { status } }`,
      {},
    ],
    [
      "triggerMessage",
      `mutation ($cp: String!) { triggerMessage(chargePointId: $cp, requestedMessage: Heartbeat) { status } }`,
      {},
    ],
    [
      "updateFirmware",
      `mutation ($cp: String!, $at: DateTime!) { updateFirmware(chargePointId: $cp, location: "https://fw.example.com/f.bin", retrieveDate: $at) { status } }`,
      { at: future },
    ],
    [
      "getDiagnostics",
      `mutation ($cp: String!) { getDiagnostics(chargePointId: $cp, location: "ftp://d.example.com/") { fileName } }`,
      {},
    ],
    ["getConfiguration", GET_CONFIGURATION, {}],
    ["changeConfiguration", CHANGE_CONFIGURATION, { key: "HeartbeatInterval", value: "60" }],
    ["getLocalListVersion", `mutation ($cp: String!) { getLocalListVersion(chargePointId: $cp) { listVersion } }`, {}],
    [
      "sendLocalList",
      `mutation ($cp: String!) { sendLocalList(chargePointId: $cp, updateType: Full, idTags: ["NOBODY"]) { status } }`,
      {},
    ],
    [
      "setChargingProfile",
      `mutation ($cp: String!, $profile: ChargingProfileInput!) { setChargingProfile(chargePointId: $cp, connectorId: 1, chargingProfile: $profile) { status } }`,
      { profile: { ...TX_PROFILE, chargingProfilePurpose: "TxDefaultProfile" } },
    ],
    ["clearChargingProfile", `mutation ($cp: String!) { clearChargingProfile(chargePointId: $cp) { status } }`, {}],
    [
      "getCompositeSchedule",
      `mutation ($cp: String!) { getCompositeSchedule(chargePointId: $cp, connectorId: 1, duration: 60) { status } }`,
      {},
    ],
  ];

  it.each(commands)(
    "fails %s with STATION_NOT_CONNECTED when the identity is unknown",
    async (_name, query, variables) => {
      const result = await mutate(query, { cp: uniqueId("GHOST"), ...variables });

      expect(result.data ?? null).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0]?.extensions?.code).toBe("STATION_NOT_CONNECTED");
    },
  );

  it("fails with STATION_NOT_CONNECTED after the charger disconnected, and the stored configuration stays as it was", async () => {
    const { id, client } = await charger();
    answer(client, "GetConfiguration", {
      configurationKey: [{ key: "HeartbeatInterval", value: "300", readonly: false }],
    });
    await mutate(GET_CONFIGURATION, { cp: id });
    await client.close();
    await expect.poll(() => app.ocpp.get(id)).toBeUndefined();

    const fetch = await mutate(GET_CONFIGURATION, { cp: id });
    const change = await mutate(CHANGE_CONFIGURATION, { cp: id, key: "HeartbeatInterval", value: "60" });

    expect(fetch.errors?.[0]?.extensions).toMatchObject({ code: "STATION_NOT_CONNECTED", chargePointId: id });
    expect(change.errors?.[0]?.extensions?.code).toBe("STATION_NOT_CONNECTED");
    const station = (await mutate(STATION_CONFIGURATION, { cp: id })).data?.station;
    expect(station.configuration).toEqual([{ key: "HeartbeatInterval", value: "300", readonly: false }]);
  });
});

describe("a charger answering with a CALLERROR", () => {
  it("fails the command with STATION_CALL_ERROR carrying the charger's error code and description", async () => {
    const { id, client } = await charger();
    const received = answer(client, "Reset", () => {
      throw createRPCError("GenericError", "boom");
    });

    const result = await mutate(RESET, { cp: id, type: "Hard" });

    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "STATION_CALL_ERROR",
      ocppErrorCode: "GenericError",
      ocppErrorDescription: "boom",
    });
    expect(received).toEqual([{ type: "Hard" }]);
    const { reply } = await expectAudited(id, "Reset", { type: "Hard" }, "CALLERROR");
    expect(reply).toMatchObject({ errorCode: "GenericError", errorDescription: "boom" });
  });

  it("reports NotImplemented when the charger has no handler for the action", async () => {
    const { id } = await charger();

    const result = await mutate(`mutation ($cp: String!) { clearCache(chargePointId: $cp) { status } }`, { cp: id });

    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "STATION_CALL_ERROR",
      ocppErrorCode: "NotImplemented",
    });
    await expectAudited(id, "ClearCache", {}, "CALLERROR");
  });

  it("does not change the stored configuration", async () => {
    const { id, client } = await charger();
    answer(client, "ChangeConfiguration", () => {
      throw createRPCError("InternalError", "flash write failed");
    });

    const result = await mutate(CHANGE_CONFIGURATION, { cp: id, key: "HeartbeatInterval", value: "60" });

    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "STATION_CALL_ERROR",
      ocppErrorCode: "InternalError",
    });
    expect(await app.db.configurationKey.findMany({ where: { chargePointId: id } })).toEqual([]);
  });
});

describe("a charger that does not answer within OCPP_CALL_TIMEOUT_MS", () => {
  let slowApp: TestApp;
  beforeAll(async () => {
    slowApp = await startTestApp({ OCPP_CALL_TIMEOUT_MS: "500" });
  });
  afterAll(async () => {
    await slowApp?.close();
  });

  it("fails the command with STATION_TIMEOUT naming the action and the timeout", async () => {
    const { id, client } = await charger(slowApp);
    const received = answer(client, "Reset", never);
    const started = Date.now();

    const result = await mutate(RESET, { cp: id, type: "Soft" }, slowApp);

    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "STATION_TIMEOUT", action: "Reset", timeoutMs: 500 });
    expect(received).toEqual([{ type: "Soft" }]);
    const frames = await auditLog(id, "Reset", slowApp);
    expect(frames).toMatchObject([
      { direction: "OUTBOUND", messageType: "CALL", action: "Reset", payload: { type: "Soft" } },
    ]);
  });

  it("does not store a configuration value the charger never confirmed", async () => {
    const { id, client } = await charger(slowApp);
    answer(client, "ChangeConfiguration", never);

    const result = await mutate(CHANGE_CONFIGURATION, { cp: id, key: "HeartbeatInterval", value: "60" }, slowApp);

    expect(result.errors?.[0]?.extensions?.code).toBe("STATION_TIMEOUT");
    expect(await slowApp.db.configurationKey.findMany({ where: { chargePointId: id } })).toEqual([]);
  });
});
