import { setTimeout as delay } from "node:timers/promises";
import type { RPCClient } from "ocpp-rpc";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { bootChargePoint, connectChargePoint, startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { graphql, subscribe } from "../../helpers/graphql.js";
import { until } from "../../helpers/until.js";

let app: TestApp;
/** The server's log lines, where the handling of a replaced socket's close shows. */
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  app = await startTestApp(
    { LOG_LEVEL: "info" },
    { logDestination: { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) } },
  );
});

afterAll(async () => {
  await app?.close();
});

const STATION = `query ($id: String!) { station(chargePointId: $id) { chargePointId connected } }`;

async function isConnected(chargePointId: string): Promise<boolean> {
  const result = await graphql(app.graphqlInProcess, STATION, { id: chargePointId });
  expect(result.errors).toBeUndefined();
  return result.data!.station.connected;
}

/** Resolves with the code and reason once ocpp-rpc reports the client's socket closed. */
const closeOf = (client: RPCClient) =>
  new Promise<{ code: number; reason: string }>((resolve) => client.once("close", (event) => resolve(event)));

// ocpp-rpc uses the WebSocket readyState numbers for its state.
const WebSocketState = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;

describe("a charge point reconnecting with the same identity", () => {
  it("replaces the old socket: the old client is closed, the new one works and the station stays connected", async () => {
    const chargePointId = uniqueId("RECONNECT");
    const stationEvents = subscribe(
      app.graphqlUrl,
      `subscription ($id: String) { stationUpdated(chargePointId: $id) { chargePointId connected } }`,
      { id: chargePointId },
    );
    const clients: RPCClient[] = [];
    try {
      await stationEvents.ready;
      const oldClient = await bootChargePoint(app, chargePointId);
      clients.push(oldClient);
      const oldClosed = closeOf(oldClient);
      await stationEvents.next((e) => e.stationUpdated.connected === true);

      const newClient = await connectChargePoint(app, chargePointId);
      clients.push(newClient);

      // The old client sees its socket closed by the server...
      const { code } = await oldClosed;
      expect(code).toBe(1000);
      expect(oldClient.state).toBe(WebSocketState.CLOSED);
      await expect(oldClient.call("Heartbeat", {})).rejects.toThrow();

      // ...while the new one is answered.
      const heartbeat = (await newClient.call("Heartbeat", {})) as { currentTime: string };
      expect(Number.isNaN(Date.parse(heartbeat.currentTime))).toBe(false);
      const boot = (await newClient.call("BootNotification", {
        chargePointVendor: "Acme",
        chargePointModel: "Volt 22",
      })) as {
        status: string;
      };
      expect(boot.status).toBe("Accepted");

      // Once the server has handled the old socket's close, the station is still connected.
      await until(
        () =>
          logLines.some(
            (line) => line.msg === "Charge point disconnected" && line.chargePointId === chargePointId && line.replaced,
          ),
        "the server handles the replaced socket's close",
      );
      // What must be shown is that no "disconnected" follows, and an event that does not come announces nothing: a
      // bounded wait, many times the one database write a wrong disconnect would take on loopback.
      await delay(100);
      expect(await isConnected(chargePointId)).toBe(true);
      expect(stationEvents.received.filter((e) => e.stationUpdated.connected === false)).toEqual([]);

      // Closing the new (current) socket does disconnect the station.
      await newClient.close();
      const event = await stationEvents.next((e) => e.stationUpdated.connected === false);
      expect(event.stationUpdated).toEqual({ chargePointId, connected: false });
      expect(await isConnected(chargePointId)).toBe(false);
    } finally {
      await Promise.all(clients.map((client) => client.close({ force: true })));
      await stationEvents.close();
    }
  });

  it("after a plain disconnect, connecting again sets connected back to true", async () => {
    const chargePointId = uniqueId("AGAIN");
    const first = await bootChargePoint(app, chargePointId);
    await first.close();
    await expect.poll(() => isConnected(chargePointId)).toBe(false);

    const second = await connectChargePoint(app, chargePointId);
    try {
      await expect.poll(() => isConnected(chargePointId)).toBe(true);
      expect(await second.call("Heartbeat", {})).toHaveProperty("currentTime");
    } finally {
      await second.close({ force: true });
    }
  });
});

describe("GET /health", () => {
  it("answers 200 with database up", async () => {
    const response = await fetch(`http://127.0.0.1:${app.httpPort}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ database: "up" });
  });
});

describe("bad GraphQL requests", () => {
  it("a syntax error is answered with an errors array and the server keeps serving", async () => {
    const result = await graphql(app.graphqlInProcess, "{ stations(first: ");
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/Syntax Error/) })]);

    const next = await graphql(app.graphqlInProcess, "{ stations(first: 1) { pageInfo { hasNextPage } } }");
    expect(next.errors).toBeUndefined();
    expect(next.data!.stations.pageInfo).toHaveProperty("hasNextPage");
  });

  it("an unknown field is answered with an errors array and the server keeps serving", async () => {
    const result = await graphql(app.graphqlInProcess, "{ stations { edges { node { chargePointId noSuchField } } } }");
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/noSuchField/) })]);

    const next = await graphql(
      app.graphqlInProcess,
      `
        query ($id: String!) {
          station(chargePointId: $id) {
            chargePointId
          }
        }
      `,
      {
        id: uniqueId("NONE"),
      },
    );
    expect(next).toEqual({ data: { station: null } });
  });

  it("an invalid subscription is refused and graphql-ws keeps serving valid ones", async () => {
    const bad = subscribe(app.graphqlUrl, "subscription { stationUpdated { noSuchField } }");
    try {
      await expect(bad.next(() => true, 3000)).rejects.toThrow(/subscription failed.*noSuchField/);
    } finally {
      await bad.close();
    }

    const chargePointId = uniqueId("WSOK");
    const good = subscribe(
      app.graphqlUrl,
      `subscription ($id: String) { stationUpdated(chargePointId: $id) { connected } }`,
      {
        id: chargePointId,
      },
    );
    try {
      await good.ready;
      const client = await connectChargePoint(app, chargePointId);
      expect(await good.next()).toEqual({ stationUpdated: { connected: true } });
      await client.close();
    } finally {
      await good.close();
    }
  });
});

describe("app.close()", () => {
  it("writes every buffered audit log entry before closing the database", async () => {
    // A long flush interval keeps everything in the buffer until close.
    const shortLived = await startTestApp({ AUDIT_FLUSH_INTERVAL_MS: "10000" });
    const chargePointId = uniqueId("FLUSH");
    const heartbeats = 25;
    let closed: Promise<{ code: number; reason: string }> | undefined;
    try {
      const client = await bootChargePoint(shortLived, chargePointId);
      closed = closeOf(client);
      for (let i = 0; i < heartbeats; i++) await client.call("Heartbeat", {});
      // Heartbeats: one CALL and one CALLRESULT each, none written yet; of the boot only the CALLRESULT (its CALL was
      // stored with the station).
      expect(shortLived.audit.pending).toBe(2 * heartbeats + 1);
    } finally {
      await shortLived.close();
    }
    expect((await closed)?.code).toBe(1001);

    const sql = new pg.Client({ connectionString: inject("databaseUrl") });
    await sql.connect();
    try {
      const { rows } = await sql.query(
        `SELECT action, direction, count(*)::int AS count FROM ocpp_messages WHERE charge_point_id = $1
          GROUP BY action, direction ORDER BY action, direction`,
        [chargePointId],
      );
      expect(rows).toEqual([
        { action: "BootNotification", direction: "INBOUND", count: 1 },
        { action: "BootNotification", direction: "OUTBOUND", count: 1 },
        { action: "Heartbeat", direction: "INBOUND", count: heartbeats },
        { action: "Heartbeat", direction: "OUTBOUND", count: heartbeats },
      ]);
    } finally {
      await sql.end();
    }
  });
});
