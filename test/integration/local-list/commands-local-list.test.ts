import { createRPCError } from "ocpp-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { bootedChargers } from "../../helpers/booted-chargers.js";
import { answer, type Params } from "../../helpers/charger-answers.js";
import { graphql, subscribe } from "../../helpers/graphql.js";

// Commands to chargers, part 4: Local Authorization List Management (GetLocalListVersion, SendLocalList), built
// from the ID tags in the database.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const bootCharger = bootedChargers("LL");
const charger = () => bootCharger(app);

const SEND = `mutation ($cp: String!, $updateType: UpdateType!, $idTags: [String!], $listVersion: Int) {
  sendLocalList(chargePointId: $cp, updateType: $updateType, idTags: $idTags, listVersion: $listVersion) { status listVersion }
}`;
const GET_VERSION = `mutation ($cp: String!) { getLocalListVersion(chargePointId: $cp) { status listVersion } }`;
const STATION_VERSION = `query ($cp: String!) { station(chargePointId: $cp) { localListVersion } }`;

async function storedVersion(chargePointId: string) {
  const result = await graphql(app.graphqlUrl, STATION_VERSION, { cp: chargePointId });
  expect(result.errors).toBeUndefined();
  return result.data!.station.localListVersion as number | null;
}

/** Three ID tags in the database: an accepted one with expiry and parent, a blocked one and an expired one. */
async function idTags() {
  const tag = () => uniqueId("T");
  const parent = tag();
  const accepted = tag();
  const blocked = tag();
  const expired = tag();
  const expiry = new Date("2040-01-01T00:00:00.000Z");
  await app.db.idTag.createMany({
    data: [
      { idTag: parent, status: "Accepted" },
      { idTag: accepted, status: "Accepted", expiryDate: expiry, parentIdTag: parent },
      { idTag: blocked, status: "Blocked" },
      { idTag: expired, status: "Accepted", expiryDate: new Date(Date.now() - 86_400_000) },
    ],
  });
  return { parent, accepted, blocked, expired, expiry };
}

const byIdTag = (entries: Params[]) => [...entries].sort((a, b) => String(a.idTag).localeCompare(String(b.idTag)));

describe("sendLocalList", () => {
  it("Full sends every named ID tag with its idTagInfo and stores the confirmed listVersion", async () => {
    const { id, client } = await charger();
    const tags = await idTags();
    const received = answer(client, "SendLocalList", { status: "Accepted" });

    const result = await graphql(app.graphqlUrl, SEND, {
      cp: id,
      updateType: "Full",
      idTags: [tags.accepted, tags.blocked, tags.expired],
      listVersion: 5,
    });

    expect(result).toEqual({ data: { sendLocalList: { status: "Accepted", listVersion: 5 } } });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ listVersion: 5, updateType: "Full" });
    expect(byIdTag(received[0]!.localAuthorizationList)).toEqual(
      byIdTag([
        {
          idTag: tags.accepted,
          idTagInfo: { status: "Accepted", expiryDate: tags.expiry.toISOString(), parentIdTag: tags.parent },
        },
        { idTag: tags.blocked, idTagInfo: { status: "Blocked" } },
        { idTag: tags.expired, idTagInfo: { status: "Expired", expiryDate: expect.any(String) } },
      ]),
    );
    expect(await storedVersion(id)).toBe(5);

    await app.audit.flush();
    const frames = await app.db.ocppMessage.findMany({
      where: { chargePointId: id, action: "SendLocalList" },
      orderBy: { id: "asc" },
    });
    expect(frames.map((f) => [f.direction, f.messageType])).toEqual([
      ["OUTBOUND", "CALL"],
      ["INBOUND", "CALLRESULT"],
    ]);
    expect(frames[0]!.payload).toEqual(received[0]);
  });

  it("defaults listVersion to the last confirmed version + 1, starting at 1", async () => {
    const { id, client } = await charger();
    const tags = await idTags();
    const received = answer(client, "SendLocalList", { status: "Accepted" });

    const first = await graphql(app.graphqlUrl, SEND, { cp: id, updateType: "Full", idTags: [tags.accepted] });
    const second = await graphql(app.graphqlUrl, SEND, { cp: id, updateType: "Differential", idTags: [tags.blocked] });

    expect(first.data?.sendLocalList).toEqual({ status: "Accepted", listVersion: 1 });
    expect(second.data?.sendLocalList).toEqual({ status: "Accepted", listVersion: 2 });
    expect(received.map((request) => request.listVersion)).toEqual([1, 2]);
    expect(await storedVersion(id)).toBe(2);
  });

  it("Differential sends known tags with idTagInfo and unknown tags without it, so the charger removes them", async () => {
    const { id, client } = await charger();
    const tags = await idTags();
    const gone = uniqueId("GONE");
    const received = answer(client, "SendLocalList", { status: "Accepted" });

    const result = await graphql(app.graphqlUrl, SEND, {
      cp: id,
      updateType: "Differential",
      idTags: [tags.blocked, gone],
      listVersion: 9,
    });

    expect(result).toEqual({ data: { sendLocalList: { status: "Accepted", listVersion: 9 } } });
    expect(received[0]).toMatchObject({ listVersion: 9, updateType: "Differential" });
    expect(byIdTag(received[0]!.localAuthorizationList)).toEqual(
      byIdTag([{ idTag: tags.blocked, idTagInfo: { status: "Blocked" } }, { idTag: gone }]),
    );
    expect(await storedVersion(id)).toBe(9);
  });

  it("Differential names a stored tag in any case: it is sent with its idTagInfo, not as a removal", async () => {
    const { id, client } = await charger();
    const tags = await idTags();
    const received = answer(client, "SendLocalList", { status: "Accepted" });

    const named = [tags.blocked.toLowerCase(), tags.blocked.toUpperCase()].filter((tag) => tag !== tags.blocked);
    await graphql(app.graphqlUrl, SEND, { cp: id, updateType: "Differential", idTags: named });

    expect(received[0]!.localAuthorizationList).toEqual([{ idTag: tags.blocked, idTagInfo: { status: "Blocked" } }]);
  });

  it("Full without named tags sends every ID tag in the database, each with its idTagInfo", async () => {
    const { id, client } = await charger();
    const tags = await idTags();
    const received = answer(client, "SendLocalList", { status: "Accepted" });

    const result = await graphql(app.graphqlUrl, SEND, { cp: id, updateType: "Full", listVersion: 3 });

    expect(result.data?.sendLocalList).toEqual({ status: "Accepted", listVersion: 3 });
    const list = received[0]!.localAuthorizationList as Params[];
    const sentTags = list.map((entry) => entry.idTag);
    expect(sentTags).toEqual(expect.arrayContaining([tags.parent, tags.accepted, tags.blocked, tags.expired]));
    for (const entry of list) expect(entry.idTagInfo?.status).toBeDefined();
  });

  it("Full with an empty idTags clears the charger's list: it sends no entry, and stores the confirmed listVersion", async () => {
    const { id, client } = await charger();
    await idTags();
    const received = answer(client, "SendLocalList", { status: "Accepted" });

    const result = await graphql(app.graphqlUrl, SEND, { cp: id, updateType: "Full", idTags: [], listVersion: 6 });

    expect(result).toEqual({ data: { sendLocalList: { status: "Accepted", listVersion: 6 } } });
    expect(received).toEqual([{ listVersion: 6, updateType: "Full", localAuthorizationList: [] }]);
    expect(await storedVersion(id)).toBe(6);
  });

  it("returns the charger's VersionMismatch to a clearing Full update, and keeps the stored listVersion", async () => {
    const { id, client } = await charger();
    const tags = await idTags();
    answer(client, "SendLocalList", (params) => ({
      status: params.localAuthorizationList.length ? "Accepted" : "VersionMismatch",
    }));
    await graphql(app.graphqlUrl, SEND, { cp: id, updateType: "Full", idTags: [tags.accepted], listVersion: 3 });

    const result = await graphql(app.graphqlUrl, SEND, { cp: id, updateType: "Full", idTags: [] });

    expect(result).toEqual({ data: { sendLocalList: { status: "VersionMismatch", listVersion: 4 } } });
    expect(await storedVersion(id)).toBe(3);
  });

  it.each(["Failed", "VersionMismatch", "NotSupported"])(
    "returns the charger's %s and leaves the stored listVersion as it was",
    async (status) => {
      const { id, client } = await charger();
      const tags = await idTags();
      answer(client, "SendLocalList", (params) => ({ status: params.listVersion === 4 ? "Accepted" : status }));
      await graphql(app.graphqlUrl, SEND, { cp: id, updateType: "Full", idTags: [tags.accepted], listVersion: 4 });

      const result = await graphql(app.graphqlUrl, SEND, {
        cp: id,
        updateType: "Full",
        idTags: [tags.blocked],
        listVersion: 8,
      });

      expect(result).toEqual({ data: { sendLocalList: { status, listVersion: 8 } } });
      expect(await storedVersion(id)).toBe(4);
    },
  );

  it("refuses a Differential update without ID tags with BAD_USER_INPUT and sends nothing", async () => {
    const { id, client } = await charger();
    const received = answer(client, "SendLocalList", { status: "Accepted" });

    const result = await graphql(app.graphqlUrl, SEND, { cp: id, updateType: "Differential", idTags: [] });

    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(received).toEqual([]);
  });

  it("refuses listVersion 0 with BAD_USER_INPUT and sends nothing", async () => {
    const { id, client } = await charger();
    const tags = await idTags();
    const received = answer(client, "SendLocalList", { status: "Accepted" });

    const result = await graphql(app.graphqlUrl, SEND, {
      cp: id,
      updateType: "Full",
      idTags: [tags.accepted],
      listVersion: 0,
    });

    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(received).toEqual([]);
    expect(await storedVersion(id)).toBeNull();
  });

  it("fails with STATION_CALL_ERROR when the charger answers CALLERROR and stores nothing", async () => {
    const { id, client } = await charger();
    const tags = await idTags();
    answer(client, "SendLocalList", () => {
      throw createRPCError("GenericError", "list storage full");
    });

    const result = await graphql(app.graphqlUrl, SEND, {
      cp: id,
      updateType: "Full",
      idTags: [tags.accepted],
      listVersion: 2,
    });

    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "STATION_CALL_ERROR",
      ocppErrorCode: "GenericError",
      ocppErrorDescription: "list storage full",
    });
    expect(await storedVersion(id)).toBeNull();
  });
});

describe("getLocalListVersion", () => {
  it.each([7, 0, -1])("sends an empty request, returns the reported version %i and stores it", async (listVersion) => {
    const { id, client } = await charger();
    const received = answer(client, "GetLocalListVersion", { listVersion });

    const result = await graphql(app.graphqlUrl, GET_VERSION, { cp: id });

    expect(result).toEqual({ data: { getLocalListVersion: { status: "Accepted", listVersion } } });
    expect(received).toEqual([{}]);
    expect(await storedVersion(id)).toBe(listVersion);
    await app.audit.flush();
    const frames = await app.db.ocppMessage.findMany({
      where: { chargePointId: id, action: "GetLocalListVersion" },
      orderBy: { id: "asc" },
    });
    expect(frames.map((f) => [f.direction, f.messageType, f.payload])).toEqual([
      ["OUTBOUND", "CALL", {}],
      ["INBOUND", "CALLRESULT", { listVersion }],
    ]);
  });

  it("makes the reported version the base of the next default listVersion", async () => {
    const { id, client } = await charger();
    const tags = await idTags();
    answer(client, "GetLocalListVersion", { listVersion: 41 });
    const received = answer(client, "SendLocalList", { status: "Accepted" });

    await graphql(app.graphqlUrl, GET_VERSION, { cp: id });
    const result = await graphql(app.graphqlUrl, SEND, { cp: id, updateType: "Full", idTags: [tags.accepted] });

    expect(result.data?.sendLocalList.listVersion).toBe(42);
    expect(received[0]!.listVersion).toBe(42);
  });
});

describe("the station's localListVersion, published", () => {
  const STATION_UPDATED = `subscription ($cp: String!) { stationUpdated(chargePointId: $cp) { localListVersion } }`;
  const publishedVersion = (version: number) => (event: Record<string, any>) =>
    event.stationUpdated.localListVersion === version;

  it("a confirmed SendLocalList publishes the station with its new localListVersion", async () => {
    const { id, client } = await charger();
    const tags = await idTags();
    answer(client, "SendLocalList", { status: "Accepted" });
    const updates = subscribe(app.graphqlUrl, STATION_UPDATED, { cp: id });
    try {
      await updates.ready;
      await graphql(app.graphqlUrl, SEND, { cp: id, updateType: "Full", idTags: [tags.accepted], listVersion: 17 });

      expect(await updates.next(publishedVersion(17))).toEqual({ stationUpdated: { localListVersion: 17 } });
    } finally {
      await updates.close();
    }
  });

  it("GetLocalListVersion publishes the station with the version the charger reported", async () => {
    const { id, client } = await charger();
    answer(client, "GetLocalListVersion", { listVersion: 23 });
    const updates = subscribe(app.graphqlUrl, STATION_UPDATED, { cp: id });
    try {
      await updates.ready;
      await graphql(app.graphqlUrl, GET_VERSION, { cp: id });

      expect(await updates.next(publishedVersion(23))).toEqual({ stationUpdated: { localListVersion: 23 } });
    } finally {
      await updates.close();
    }
  });
});
