import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../helpers/app.js";
import { bootedChargers } from "../../helpers/booted-chargers.js";
import { graphql, subscribe } from "../../helpers/graphql.js";

let app: TestApp;
const boot = bootedChargers("SEC16");

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

const EVENTS = `query ($id: String!, $kind: StationEventKind, $minSeverity: Int) {
  station(chargePointId: $id) {
    events(first: 10, kind: $kind, minSeverity: $minSeverity) {
      edges { node { kind type severity timestamp techInfo eventId component } }
    }
  }
}`;

async function eventsOf(chargePointId: string, filters: { kind?: string; minSeverity?: number } = {}) {
  const result = await graphql(app.graphqlInProcess, EVENTS, { id: chargePointId, ...filters });
  expect(result.errors).toBeUndefined();
  return (result.data!.station.events.edges as Array<{ node: Record<string, unknown> }>).map((edge) => edge.node);
}

describe("a 1.6 station's security events (Security Whitepaper)", () => {
  it("are kept as Security events, a critical one at severity 0, and reach subscribers", async () => {
    const { id, client } = await boot(app);
    const live = subscribe(
      app.graphqlUrl,
      `subscription ($id: String) { stationEventReported(chargePointId: $id) { chargePointId kind type severity } }`,
      { id },
    );
    try {
      await live.ready;
      expect(
        await client.call("SecurityEventNotification", {
          type: "TamperDetectionActivated",
          timestamp: "2026-03-01T10:00:00.000Z",
          techInfo: "cover opened",
        }),
      ).toEqual({});
      await client.call("SecurityEventNotification", {
        type: "InvalidCentralSystemCertificate",
        timestamp: "2026-03-01T10:00:05.000Z",
      });

      expect(await eventsOf(id)).toEqual([
        {
          kind: "Security",
          type: "InvalidCentralSystemCertificate",
          severity: null,
          timestamp: "2026-03-01T10:00:05.000Z",
          techInfo: null,
          eventId: null,
          component: null,
        },
        {
          kind: "Security",
          type: "TamperDetectionActivated",
          severity: 0,
          timestamp: "2026-03-01T10:00:00.000Z",
          techInfo: "cover opened",
          eventId: null,
          component: null,
        },
      ]);
      expect((await eventsOf(id, { minSeverity: 0 })).map((event) => event.type)).toEqual(["TamperDetectionActivated"]);
      expect(await live.next((event) => event.stationEventReported.type === "TamperDetectionActivated")).toEqual({
        stationEventReported: { chargePointId: id, kind: "Security", type: "TamperDetectionActivated", severity: 0 },
      });
    } finally {
      await live.close();
    }
  });

  it("are stored with their frame: the audit log holds the CALL once it was answered", async () => {
    const { id, client } = await boot(app);
    await client.call("SecurityEventNotification", { type: "ResetOrReboot", timestamp: "2026-03-01T11:00:00.000Z" });

    // No polling: the answer went out only after the event and its frame were committed together.
    const result = await graphql(
      app.graphqlInProcess,
      `
        query ($id: String!) {
          messages(chargePointId: $id, action: "SecurityEventNotification") {
            edges {
              node {
                messageType
                payload
              }
            }
          }
        }
      `,
      { id },
    );
    // The CALLRESULT is written by the audit log's next flush, which may or may not have run by now.
    const calls = result.data!.messages.edges.filter(
      (edge: { node: { messageType: string } }) => edge.node.messageType === "CALL",
    );
    expect(calls).toEqual([
      { node: { messageType: "CALL", payload: { type: "ResetOrReboot", timestamp: "2026-03-01T11:00:00.000Z" } } },
    ]);
  });

  it("is published exactly as Prisma reads it (the store publishes rows from RETURNING)", async () => {
    const { id, client } = await boot(app);
    const stream = app.events.subscribe("stationEventReported", id);
    const published = stream.next();
    await client.call("SecurityEventNotification", {
      type: "MemoryExhaustion",
      timestamp: "2026-03-01T13:00:00.123Z",
      techInfo: "flash 98%",
    });
    const event = (await published).value!;
    await stream.return?.();

    expect(event).toStrictEqual(await app.db.stationEvent.findFirstOrThrow({ where: { chargePointId: id } }));
    expect(typeof event.id).toBe("bigint");
    expect(event.timestamp.toISOString()).toBe("2026-03-01T13:00:00.123Z");
  });

  it("a resent event (the same type, time and information) is kept once", async () => {
    const { id, client } = await boot(app);
    const event = { type: "SettingSystemTime", timestamp: "2026-03-01T12:00:00.000Z", techInfo: "ntp" };
    await client.call("SecurityEventNotification", event);
    await client.call("SecurityEventNotification", event);
    await client.call("SecurityEventNotification", { ...event, techInfo: "manual" });

    expect((await eventsOf(id)).map((stored) => stored.techInfo)).toEqual(["manual", "ntp"]);
  });
});
