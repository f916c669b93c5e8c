import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RPCClient } from "ocpp-rpc";
import { afterEach, expect, it } from "vitest";
import { connectChargePoint } from "../helpers/app.js";
import { graphql } from "../helpers/graphql.js";
import { killServers, type Server, startServer } from "../helpers/server-process.js";

// The zero-config default as a new user meets it: `npm start` without DATABASE_URL on a fresh data directory, then
// several chargers charging at once. PGlite is one Postgres session; connections that interleave their protocol
// messages or transactions on it broke each other ("unnamed prepared statement does not exist", InternalError to
// chargers, chargers that never got an answer, a server SIGTERM could not stop).

const CHARGERS = 6;
const CONNECTORS = 2;
const METER_VALUES = 5;
const ROUNDS = 3;

const directories: string[] = [];
afterEach(async () => {
  killServers();
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

async function freshEmbeddedServer(): Promise<Server> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "ocpp-embedded-"));
  directories.push(dataDir);
  // A fresh embedded database starts and migrates in 5-25 s, depending on the machine's load.
  return startServer({ DATABASE_URL: "", DATA_DIR: dataDir, MIGRATE_ON_START: "true" }, { readyTimeoutMs: 90_000 });
}

async function charger(server: Server, identity: string) {
  return connectChargePoint(server, identity, { callConcurrency: 8, callTimeoutMs: 15_000 });
}

/** One charging session on a connector, its status changes, meter values and a heartbeat all sent at once. */
async function chargeOnce(client: RPCClient, connectorId: number) {
  const at = () => new Date().toISOString();
  const status = (value: string) =>
    client.call("StatusNotification", { connectorId, errorCode: "NoError", status: value, timestamp: at() });
  const started = (
    await Promise.all([
      status("Preparing"),
      client.call("StartTransaction", { connectorId, idTag: `TAG-${connectorId}`, meterStart: 1000, timestamp: at() }),
      client.call("Heartbeat", {}),
    ])
  )[1] as { transactionId: number };
  const { transactionId } = started;
  await Promise.all([
    status("Charging"),
    ...Array.from({ length: METER_VALUES }, (_, i) =>
      client.call("MeterValues", {
        connectorId,
        transactionId,
        meterValue: [{ timestamp: at(), sampledValue: [{ value: String(1000 + (i + 1) * 100) }] }],
      }),
    ),
  ]);
  await Promise.all([
    client.call("StopTransaction", { transactionId, meterStop: 2000, timestamp: at(), reason: "Local" }),
    status("Finishing"),
  ]);
  await status("Available");
  return transactionId;
}

type StationState = {
  station: { connectors: Array<{ connectorId: number; status: string }> } | null;
  transactions: {
    edges: Array<{ node: { transactionId: number; meterStop: number | null; meterValues: Array<{ value: string }> } }>;
  };
};

async function stored(server: Server, chargePointId: string): Promise<StationState> {
  const body = await graphql<StationState>(
    server.graphqlUrl,
    `
      query ($id: String!) {
        station(chargePointId: $id) {
          connectors {
            connectorId
            status
          }
        }
        transactions(chargePointId: $id, first: 10) {
          edges {
            node {
              transactionId
              meterStop
              meterValues {
                value
              }
            }
          }
        }
      }
    `,
    { id: chargePointId },
  );
  expect(body.errors).toBeUndefined();
  return body.data!;
}

it(`serves ${CHARGERS} chargers charging at once on a fresh embedded database, ${ROUNDS} times over`, async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const server = await freshEmbeddedServer();
    const identities = Array.from({ length: CHARGERS }, (_, index) => `EMB-${round}-${index}`);
    const clients = await Promise.all(identities.map((identity) => charger(server, identity)));
    // Every call resolves with a CALLRESULT: a CALLERROR (InternalError) or no answer at all fails here.
    const sessions = await Promise.all(
      clients.map(async (client) => {
        await client.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
        return Promise.all(Array.from({ length: CONNECTORS }, (_, index) => chargeOnce(client, index + 1)));
      }),
    );

    for (const [index, identity] of identities.entries()) {
      const state = await stored(server, identity);
      const statuses = state.station!.connectors.filter((c) => c.connectorId > 0).map((c) => c.status);
      expect(statuses).toEqual(Array.from({ length: CONNECTORS }, () => "Available"));
      const transactions = state.transactions.edges.map((edge) => edge.node);
      expect(transactions.map((t) => t.transactionId).sort()).toEqual([...sessions[index]!].sort());
      for (const transaction of transactions) {
        expect(transaction.meterStop).toBe(2000);
        expect(transaction.meterValues).toHaveLength(METER_VALUES);
      }
    }
    await Promise.all(clients.map((client) => client.close({ force: true })));

    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.logs.map((entry) => entry.msg)).toContain("Stopped cleanly");
  }
}, 240_000);
