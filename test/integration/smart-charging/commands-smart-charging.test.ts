import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../helpers/app.js";
import { bootedChargers } from "../../helpers/booted-chargers.js";
import { answer } from "../../helpers/charger-answers.js";
import { graphql } from "../../helpers/graphql.js";

// Commands to chargers, part 3: Smart Charging (SetChargingProfile, ClearChargingProfile, GetCompositeSchedule)
// and the profiles kept in force for each station.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const bootCharger = bootedChargers("SC");
const charger = () => bootCharger(app);

/** A TxDefaultProfile limiting to `limit` A from the start of each transaction. */
function profile(overrides: Record<string, unknown> = {}, limit = 16) {
  return {
    chargingProfileId: 1,
    stackLevel: 0,
    chargingProfilePurpose: "TxDefaultProfile",
    chargingProfileKind: "Relative",
    chargingSchedule: { chargingRateUnit: "A", chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
    ...overrides,
  };
}

const SET = `mutation ($cp: String!, $connectorId: Int!, $profile: ChargingProfileInput!) {
  setChargingProfile(chargePointId: $cp, connectorId: $connectorId, chargingProfile: $profile) { status }
}`;
const CLEAR = `mutation ($cp: String!, $id: Int, $connectorId: Int, $purpose: ChargingProfilePurpose, $stackLevel: Int) {
  clearChargingProfile(chargePointId: $cp, id: $id, connectorId: $connectorId, chargingProfilePurpose: $purpose, stackLevel: $stackLevel) { status }
}`;
const COMPOSITE = `mutation ($cp: String!, $connectorId: Int!, $duration: Int!, $unit: ChargingRateUnit) {
  getCompositeSchedule(chargePointId: $cp, connectorId: $connectorId, duration: $duration, chargingRateUnit: $unit) {
    status connectorId scheduleStart chargingSchedule
  }
}`;
const PROFILES = `query ($cp: String!) {
  station(chargePointId: $cp) {
    chargingProfiles { chargingProfileId connectorId stackLevel purpose kind recurrencyKind transactionId validFrom validTo profile clearedAt }
  }
}`;

async function setProfile(chargePointId: string, connectorId: number, chargingProfile: Record<string, unknown>) {
  return graphql(app.graphqlUrl, SET, { cp: chargePointId, connectorId, profile: chargingProfile });
}

async function profilesInForce(chargePointId: string) {
  const result = await graphql(app.graphqlUrl, PROFILES, { cp: chargePointId });
  expect(result.errors).toBeUndefined();
  return result.data!.station.chargingProfiles as Array<Record<string, any>>;
}

async function auditFrames(chargePointId: string, action: string) {
  await app.audit.flush();
  return app.db.ocppMessage.findMany({ where: { chargePointId, action }, orderBy: { id: "asc" } });
}

describe("setChargingProfile", () => {
  it("sends the connectorId and the profile exactly, and an Accepted profile appears in Station.chargingProfiles", async () => {
    const { id, client } = await charger();
    const received = answer(client, "SetChargingProfile", { status: "Accepted" });
    const input = profile({
      chargingProfileId: 11,
      stackLevel: 2,
      chargingProfileKind: "Recurring",
      recurrencyKind: "Daily",
      validFrom: "2030-01-01T00:00:00Z",
      validTo: "2031-01-01T00:00:00Z",
      chargingSchedule: {
        chargingRateUnit: "W",
        duration: 86_400,
        startSchedule: "2030-01-01T00:00:00Z",
        minChargingRate: 1400.5,
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 11000, numberPhases: 3 },
          { startPeriod: 25_200, limit: 3700, numberPhases: 1 },
        ],
      },
    });

    const result = await setProfile(id, 1, input);

    expect(result).toEqual({ data: { setChargingProfile: { status: "Accepted" } } });
    const sent = {
      ...input,
      validFrom: "2030-01-01T00:00:00.000Z",
      validTo: "2031-01-01T00:00:00.000Z",
      chargingSchedule: { ...input.chargingSchedule, startSchedule: "2030-01-01T00:00:00.000Z" },
    };
    expect(received).toEqual([{ connectorId: 1, csChargingProfiles: sent }]);
    expect(await profilesInForce(id)).toEqual([
      {
        chargingProfileId: 11,
        connectorId: 1,
        stackLevel: 2,
        purpose: "TxDefaultProfile",
        kind: "Recurring",
        recurrencyKind: "Daily",
        transactionId: null,
        validFrom: "2030-01-01T00:00:00.000Z",
        validTo: "2031-01-01T00:00:00.000Z",
        profile: sent,
        clearedAt: null,
      },
    ]);

    const frames = await auditFrames(id, "SetChargingProfile");
    expect(frames.map((f) => [f.direction, f.messageType])).toEqual([
      ["OUTBOUND", "CALL"],
      ["INBOUND", "CALLRESULT"],
    ]);
    expect(frames[0]!.payload).toEqual({ connectorId: 1, csChargingProfiles: sent });
  });

  it("stores a TxProfile for a running transaction with its transactionId", async () => {
    const { id, client } = await charger();
    const received = answer(client, "SetChargingProfile", { status: "Accepted" });

    await setProfile(
      id,
      2,
      profile({ chargingProfileId: 12, chargingProfilePurpose: "TxProfile", transactionId: 4242 }),
    );

    expect(received[0]!.csChargingProfiles).toMatchObject({ chargingProfilePurpose: "TxProfile", transactionId: 4242 });
    expect(await profilesInForce(id)).toMatchObject([
      { chargingProfileId: 12, connectorId: 2, purpose: "TxProfile", transactionId: 4242 },
    ]);
  });

  it.each(["Rejected", "NotSupported"])("returns the charger's %s and stores nothing", async (status) => {
    const { id, client } = await charger();
    answer(client, "SetChargingProfile", { status });

    const result = await setProfile(
      id,
      0,
      profile({ chargingProfilePurpose: "ChargePointMaxProfile", chargingProfileKind: "Absolute" }),
    );

    expect(result).toEqual({ data: { setChargingProfile: { status } } });
    expect(await profilesInForce(id)).toEqual([]);
    expect(await app.db.chargingProfile.count({ where: { chargePointId: id } })).toBe(0);
  });

  it("replaces the profile in force when a second one has the same chargingProfileId", async () => {
    const { id, client } = await charger();
    answer(client, "SetChargingProfile", { status: "Accepted" });

    await setProfile(id, 1, profile({ chargingProfileId: 5, stackLevel: 1 }, 16));
    await setProfile(id, 1, profile({ chargingProfileId: 5, stackLevel: 3 }, 10));

    const inForce = await profilesInForce(id);
    expect(inForce).toHaveLength(1);
    expect(inForce[0]).toMatchObject({ chargingProfileId: 5, stackLevel: 3 });
    expect(inForce[0]!.profile.chargingSchedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 10 }]);
    const history = await app.db.chargingProfile.findMany({ where: { chargePointId: id }, orderBy: { id: "asc" } });
    expect(history).toHaveLength(2);
    expect(history[0]!.clearedAt).not.toBeNull();
    expect(history[1]!.clearedAt).toBeNull();
  });

  it("replaces the profile with the same stack level and purpose on the same connector", async () => {
    const { id, client } = await charger();
    answer(client, "SetChargingProfile", { status: "Accepted" });

    await setProfile(id, 1, profile({ chargingProfileId: 21, stackLevel: 4 }));
    await setProfile(id, 1, profile({ chargingProfileId: 22, stackLevel: 4 }));

    expect((await profilesInForce(id)).map((p) => p.chargingProfileId)).toEqual([22]);
  });

  it("keeps profiles with different ids on other connectors, stack levels or purposes side by side", async () => {
    const { id, client } = await charger();
    answer(client, "SetChargingProfile", { status: "Accepted" });

    await setProfile(id, 1, profile({ chargingProfileId: 31, stackLevel: 0 }));
    await setProfile(id, 2, profile({ chargingProfileId: 32, stackLevel: 0 }));
    await setProfile(id, 1, profile({ chargingProfileId: 33, stackLevel: 1 }));
    await setProfile(
      id,
      0,
      profile({
        chargingProfileId: 34,
        chargingProfilePurpose: "ChargePointMaxProfile",
        chargingProfileKind: "Absolute",
      }),
    );

    expect((await profilesInForce(id)).map((p) => [p.connectorId, p.stackLevel, p.chargingProfileId])).toEqual([
      [0, 0, 34],
      [1, 1, 33],
      [1, 0, 31],
      [2, 0, 32],
    ]);
  });

  it("accepts a limit with one decimal such as 11.1 A, which OCPP allows (multipleOf 0.1), and sends it", async () => {
    const { id, client } = await charger();
    const received = answer(client, "SetChargingProfile", { status: "Accepted" });

    const result = await setProfile(id, 1, profile({ chargingProfileId: 41 }, 11.1));

    expect(result.errors).toBeUndefined();
    expect(result.data?.setChargingProfile.status).toBe("Accepted");
    expect(received[0]!.csChargingProfiles.chargingSchedule.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 11.1 },
    ]);
  });

  it("refuses a limit with two decimals, which breaks the OCPP schema, with BAD_USER_INPUT and sends nothing", async () => {
    const { id, client } = await charger();
    const received = answer(client, "SetChargingProfile", { status: "Accepted" });

    const result = await setProfile(id, 1, profile({ chargingProfileId: 42 }, 16.05));

    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(received).toEqual([]);
    expect(await auditFrames(id, "SetChargingProfile")).toEqual([]);
    expect(await profilesInForce(id)).toEqual([]);
  });
});

describe("clearChargingProfile", () => {
  async function chargerWithProfiles() {
    const cp = await charger();
    answer(cp.client, "SetChargingProfile", { status: "Accepted" });
    await setProfile(cp.id, 1, profile({ chargingProfileId: 51, stackLevel: 0 }));
    await setProfile(cp.id, 1, profile({ chargingProfileId: 52, stackLevel: 1 }));
    await setProfile(cp.id, 2, profile({ chargingProfileId: 53, stackLevel: 1 }));
    await setProfile(
      cp.id,
      0,
      profile({
        chargingProfileId: 54,
        chargingProfilePurpose: "ChargePointMaxProfile",
        chargingProfileKind: "Absolute",
      }),
    );
    return cp;
  }
  const idsInForce = async (chargePointId: string) =>
    (await profilesInForce(chargePointId)).map((p) => p.chargingProfileId).sort((a: number, b: number) => a - b);

  it("sends the profile id and removes that profile from Station.chargingProfiles when Accepted", async () => {
    const { id, client } = await chargerWithProfiles();
    const received = answer(client, "ClearChargingProfile", { status: "Accepted" });

    const result = await graphql(app.graphqlUrl, CLEAR, { cp: id, id: 52 });

    expect(result).toEqual({ data: { clearChargingProfile: { status: "Accepted" } } });
    expect(received).toEqual([{ id: 52 }]);
    expect(await idsInForce(id)).toEqual([51, 53, 54]);
    const frames = await auditFrames(id, "ClearChargingProfile");
    expect(frames.map((f) => [f.direction, f.messageType, f.payload])).toEqual([
      ["OUTBOUND", "CALL", { id: 52 }],
      ["INBOUND", "CALLRESULT", { status: "Accepted" }],
    ]);
  });

  it("sends connectorId, purpose and stackLevel and removes only the profiles matching all of them", async () => {
    const { id, client } = await chargerWithProfiles();
    const received = answer(client, "ClearChargingProfile", { status: "Accepted" });

    await graphql(app.graphqlUrl, CLEAR, { cp: id, connectorId: 1, purpose: "TxDefaultProfile", stackLevel: 1 });

    expect(received).toEqual([{ connectorId: 1, chargingProfilePurpose: "TxDefaultProfile", stackLevel: 1 }]);
    expect(await idsInForce(id)).toEqual([51, 53, 54]);
  });

  it("sends an empty request without criteria and removes every profile", async () => {
    const { id, client } = await chargerWithProfiles();
    const received = answer(client, "ClearChargingProfile", { status: "Accepted" });

    await graphql(app.graphqlUrl, CLEAR, { cp: id });

    expect(received).toEqual([{}]);
    expect(await profilesInForce(id)).toEqual([]);
  });

  it("removes nothing when the charger answers Unknown", async () => {
    const { id, client } = await chargerWithProfiles();
    answer(client, "ClearChargingProfile", { status: "Unknown" });

    const result = await graphql(app.graphqlUrl, CLEAR, { cp: id, id: 51 });

    expect(result).toEqual({ data: { clearChargingProfile: { status: "Unknown" } } });
    expect(await idsInForce(id)).toEqual([51, 52, 53, 54]);
  });
});

describe("getCompositeSchedule", () => {
  it("sends connectorId, duration and chargingRateUnit and returns the charger's schedule", async () => {
    const { id, client } = await charger();
    const schedule = {
      duration: 3600,
      startSchedule: "2030-05-01T10:00:00.000Z",
      chargingRateUnit: "A",
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 32 },
        { startPeriod: 1800, limit: 16, numberPhases: 3 },
      ],
    };
    const received = answer(client, "GetCompositeSchedule", {
      status: "Accepted",
      connectorId: 1,
      scheduleStart: "2030-05-01T10:00:00.000Z",
      chargingSchedule: schedule,
    });

    const result = await graphql(app.graphqlUrl, COMPOSITE, { cp: id, connectorId: 1, duration: 3600, unit: "A" });

    expect(result).toEqual({
      data: {
        getCompositeSchedule: {
          status: "Accepted",
          connectorId: 1,
          scheduleStart: "2030-05-01T10:00:00.000Z",
          chargingSchedule: schedule,
        },
      },
    });
    expect(received).toEqual([{ connectorId: 1, duration: 3600, chargingRateUnit: "A" }]);
    const frames = await auditFrames(id, "GetCompositeSchedule");
    expect(frames.map((f) => [f.direction, f.messageType])).toEqual([
      ["OUTBOUND", "CALL"],
      ["INBOUND", "CALLRESULT"],
    ]);
  });

  it("leaves chargingRateUnit out when not given, and returns a Rejected answer with no schedule", async () => {
    const { id, client } = await charger();
    const received = answer(client, "GetCompositeSchedule", { status: "Rejected" });

    const result = await graphql(app.graphqlUrl, COMPOSITE, { cp: id, connectorId: 0, duration: 600 });

    expect(result).toEqual({
      data: {
        getCompositeSchedule: { status: "Rejected", connectorId: null, scheduleStart: null, chargingSchedule: null },
      },
    });
    expect(received).toEqual([{ connectorId: 0, duration: 600 }]);
  });

  it("returns a schedule whose limits have one decimal, such as 7.3 A", async () => {
    const { id, client } = await charger();
    const schedule = {
      chargingRateUnit: "A",
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 7.3 },
        { startPeriod: 60, limit: 2.3 },
      ],
    };
    answer(client, "GetCompositeSchedule", { status: "Accepted", connectorId: 1, chargingSchedule: schedule });

    const result = await graphql(app.graphqlUrl, COMPOSITE, { cp: id, connectorId: 1, duration: 120 });

    expect(result.errors).toBeUndefined();
    expect(result.data?.getCompositeSchedule.chargingSchedule).toEqual(schedule);
  });
});

describe("limits OCPP 1.6 states beyond its JSON schemas", () => {
  it.each([
    ["SetChargingProfile", SET, { connectorId: -1, profile: profile() }, "connectorId must be 0 or more"],
    [
      "SetChargingProfile",
      SET,
      { connectorId: 1, profile: profile({ stackLevel: -1 }) },
      "stackLevel must be 0 or more",
    ],
    [
      "SetChargingProfile",
      SET,
      {
        connectorId: 1,
        profile: profile({
          chargingSchedule: {
            chargingRateUnit: "A",
            duration: -1,
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
          },
        }),
      },
      "chargingSchedule.duration must be 0 or more",
    ],
    ["ClearChargingProfile", CLEAR, { stackLevel: -1 }, "stackLevel must be 0 or more"],
    ["GetCompositeSchedule", COMPOSITE, { connectorId: 1, duration: -60 }, "duration must be 0 or more"],
    ["GetCompositeSchedule", COMPOSITE, { connectorId: -1, duration: 60 }, "connectorId must be 0 or more"],
  ])(
    "refuses %s %j with BAD_USER_INPUT naming the rule, and sends nothing",
    async (action, mutation, variables, message) => {
      const { id, client } = await charger();
      const received = answer(client, action, { status: "Accepted" });

      const result = await graphql(app.graphqlUrl, mutation, { cp: id, ...variables });

      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message).toContain(message);
      expect(received).toEqual([]);
    },
  );
});
