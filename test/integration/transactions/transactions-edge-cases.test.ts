import type { RPCClient } from "ocpp-rpc";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { bootChargePoint, startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { graphql } from "../../helpers/graphql.js";

let app: TestApp;
/** A plain connection to the test database, to check rows the API does not expose. */
let sql: pg.Client;
const clients: RPCClient[] = [];

beforeAll(async () => {
  app = await startTestApp();
  sql = new pg.Client({ connectionString: inject("databaseUrl") });
  await sql.connect();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close({ force: true })));
  await sql?.end();
  await app?.close();
});

async function station(chargePointId = uniqueId("EDGE")) {
  const client = await bootChargePoint(app, chargePointId);
  clients.push(client);
  // ocpp-rpc types every answer as unknown; the strict client has already validated it against the OCPP schema.
  const call = (action: string, payload: object) => client.call(action, payload) as Promise<any>;
  return { chargePointId, client, call };
}

async function query(source: string, variables: Record<string, unknown> = {}) {
  const result = await graphql(app.graphqlUrl, source, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** A tag StartTransaction accepts: only an accepted start makes an active transaction. */
async function acceptedTag() {
  const idTag = uniqueId("T");
  await query(`mutation ($idTag: String!) { upsertIdTag(idTag: $idTag, status: Accepted) { idTag } }`, { idTag });
  return idTag;
}

const TRANSACTION = /* GraphQL */ `
  query ($id: Int!) {
    transaction(transactionId: $id) {
      transactionId
      chargePointId
      connectorId
      meterStart
      meterStop
      startedAt
      stoppedAt
      stopReason
      energyWh
      active
      meterValues {
        timestamp
        value
      }
    }
  }
`;

const TRANSACTION_STATUS = `query ($id: Int!) { transaction(transactionId: $id) { idTagStatus } }`;

const iso = (offsetSeconds = 0) => new Date(Date.now() + offsetSeconds * 1000).toISOString();

describe("StartTransaction", () => {
  it("a retried StartTransaction with an identical payload gets the same transactionId and stores one row", async () => {
    const { chargePointId, call } = await station();
    const request = { connectorId: 1, idTag: uniqueId("T"), meterStart: 1234, timestamp: iso() };

    const first = await call("StartTransaction", request);
    const retried = await call("StartTransaction", request);

    expect(retried.transactionId).toBe(first.transactionId);
    expect(retried.idTagInfo).toEqual(first.idTagInfo);
    const { rows } = await sql.query("SELECT transaction_id FROM transactions WHERE charge_point_id = $1", [
      chargePointId,
    ]);
    expect(rows).toEqual([{ transaction_id: first.transactionId }]);
  });

  it("a retried StartTransaction gets the same answer as the original, ConcurrentTx included", async () => {
    const { call } = await station();
    const idTag = uniqueId("T");
    const tag = await graphql(
      app.graphqlUrl,
      `
        mutation ($idTag: String!) {
          upsertIdTag(idTag: $idTag, status: Accepted) {
            idTag
          }
        }
      `,
      {
        idTag,
      },
    );
    expect(tag.errors).toBeUndefined();
    await call("StartTransaction", { connectorId: 1, idTag, meterStart: 0, timestamp: iso(-5) });
    const request = { connectorId: 2, idTag, meterStart: 0, timestamp: iso() };

    const original = await call("StartTransaction", request);
    const retried = await call("StartTransaction", request);

    expect(original.idTagInfo.status).toBe("ConcurrentTx");
    expect(retried).toEqual(original);
    expect((await query(TRANSACTION_STATUS, { id: original.transactionId })).transaction.idTagStatus).toBe(
      "ConcurrentTx",
    );
  });

  it("a StartTransaction with a different timestamp is a new transaction, not a retry", async () => {
    const { call } = await station();
    const request = { connectorId: 1, idTag: uniqueId("T"), meterStart: 0, timestamp: iso() };
    const first = await call("StartTransaction", request);
    const later = await call("StartTransaction", { ...request, timestamp: iso(1) });
    expect(later.transactionId).not.toBe(first.transactionId);
  });

  it("transaction ids are unique across stations, also when they start at the same moment", async () => {
    const [a, b] = await Promise.all([station(), station()]);
    const timestamp = iso();
    const request = { connectorId: 1, idTag: uniqueId("T"), meterStart: 0, timestamp };

    const [startedA, startedB] = await Promise.all([
      a.call("StartTransaction", request),
      b.call("StartTransaction", request),
    ]);

    expect(startedA.transactionId).not.toBe(startedB.transactionId);
    expect((await query(TRANSACTION, { id: startedA.transactionId })).transaction.chargePointId).toBe(a.chargePointId);
    expect((await query(TRANSACTION, { id: startedB.transactionId })).transaction.chargePointId).toBe(b.chargePointId);
  });
});

describe("StopTransaction", () => {
  it("for an unknown transactionId is answered with a CALLRESULT (not a CALLERROR) and recorded in the audit log", async () => {
    const { chargePointId, call } = await station();
    const idTag = uniqueId("T");
    const unknownId = 2_000_000_000 + Math.floor(Math.random() * 100_000_000);

    const answer = await call("StopTransaction", { transactionId: unknownId, idTag, meterStop: 500, timestamp: iso() });

    expect(answer).toEqual({ idTagInfo: { status: "Invalid" } });
    expect((await query(TRANSACTION, { id: unknownId })).transaction).toBeNull();

    await app.audit.flush();
    const { messages } = await query(
      `query ($id: String!) {
        messages(chargePointId: $id, action: "StopTransaction") {
          edges { node { direction messageType action payload errorCode } }
        }
      }`,
      { id: chargePointId },
    );
    expect(messages.edges.map((edge: any) => edge.node)).toEqual([
      {
        direction: "OUTBOUND",
        messageType: "CALLRESULT",
        action: "StopTransaction",
        payload: { idTagInfo: { status: "Invalid" } },
        errorCode: null,
      },
      {
        direction: "INBOUND",
        messageType: "CALL",
        action: "StopTransaction",
        payload: expect.objectContaining({ transactionId: unknownId, meterStop: 500 }),
        errorCode: null,
      },
    ]);
  });

  it("for another station's transaction is answered but does not stop it", async () => {
    const owner = await station();
    const intruder = await station();
    const started = await owner.call("StartTransaction", {
      connectorId: 1,
      idTag: await acceptedTag(),
      meterStart: 0,
      timestamp: iso(),
    });

    expect(
      await intruder.call("StopTransaction", { transactionId: started.transactionId, meterStop: 10, timestamp: iso() }),
    ).toEqual({});

    expect((await query(TRANSACTION, { id: started.transactionId })).transaction).toMatchObject({
      active: true,
      meterStop: null,
      stoppedAt: null,
    });
  });

  it("repeated for a finished transaction changes nothing", async () => {
    const { call } = await station();
    const started = await call("StartTransaction", {
      connectorId: 1,
      idTag: uniqueId("T"),
      meterStart: 1000,
      timestamp: iso(-60),
    });
    const stoppedAt = iso(-10);
    await call("StopTransaction", {
      transactionId: started.transactionId,
      meterStop: 2000,
      timestamp: stoppedAt,
      reason: "EVDisconnected",
      transactionData: [{ timestamp: stoppedAt, sampledValue: [{ value: "2000", context: "Transaction.End" }] }],
    });
    const before = (await query(TRANSACTION, { id: started.transactionId })).transaction;
    const rowBefore = await sql.query("SELECT * FROM transactions WHERE transaction_id = $1", [started.transactionId]);

    const answer = await call("StopTransaction", {
      transactionId: started.transactionId,
      meterStop: 9999,
      timestamp: iso(),
      reason: "Remote",
      transactionData: [{ timestamp: iso(), sampledValue: [{ value: "9999" }] }],
    });

    expect(answer).toEqual({});
    expect(before).toMatchObject({
      meterStop: 2000,
      stoppedAt,
      stopReason: "EVDisconnected",
      energyWh: 1000,
      active: false,
    });
    expect((await query(TRANSACTION, { id: started.transactionId })).transaction).toEqual(before);
    const rowAfter = await sql.query("SELECT * FROM transactions WHERE transaction_id = $1", [started.transactionId]);
    expect(rowAfter.rows).toEqual(rowBefore.rows);
    const meterRows = await sql.query("SELECT value FROM meter_values WHERE transaction_id = $1", [
      started.transactionId,
    ]);
    expect(meterRows.rows).toEqual([{ value: "2000" }]);
  });
});

describe("MeterValues", () => {
  it("without a transactionId are stored for the station and connector, unlinked to any transaction", async () => {
    const { chargePointId, call } = await station();
    const timestamp = iso();

    const answer = await call("MeterValues", {
      connectorId: 2,
      meterValue: [
        {
          timestamp,
          sampledValue: [
            { value: "230.1", measurand: "Voltage", unit: "V", phase: "L1" },
            { value: "12.5", measurand: "Energy.Active.Import.Register", unit: "kWh", context: "Sample.Clock" },
          ],
        },
      ],
    });

    expect(answer).toEqual({});
    const { rows } = await sql.query(
      `SELECT connector_id, transaction_id, timestamp, value, measurand, unit, phase, context
         FROM meter_values WHERE charge_point_id = $1 ORDER BY id`,
      [chargePointId],
    );
    expect(rows).toEqual([
      {
        connector_id: 2,
        transaction_id: null,
        timestamp: new Date(timestamp),
        value: "230.1",
        measurand: "Voltage",
        unit: "V",
        phase: "L1",
        context: null,
      },
      {
        connector_id: 2,
        transaction_id: null,
        timestamp: new Date(timestamp),
        value: "12.5",
        measurand: "Energy.Active.Import.Register",
        unit: "kWh",
        phase: null,
        context: "Sample.Clock",
      },
    ]);
  });
});

describe("transactions query", () => {
  const TRANSACTIONS = /* GraphQL */ `
    query ($chargePointId: String, $active: Boolean, $first: Int, $after: String) {
      transactions(chargePointId: $chargePointId, active: $active, first: $first, after: $after) {
        edges {
          cursor
          node {
            transactionId
            chargePointId
            active
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `;

  it("filters by chargePointId and active, newest first, and pages with a cursor", async () => {
    const { chargePointId, call } = await station();
    const ids: number[] = [];
    for (const connectorId of [1, 2, 3]) {
      const started = await call("StartTransaction", {
        connectorId,
        idTag: await acceptedTag(),
        meterStart: 0,
        timestamp: iso(),
      });
      ids.push(started.transactionId);
    }
    await call("StopTransaction", { transactionId: ids[0], meterStop: 10, timestamp: iso() });
    await call("StopTransaction", { transactionId: ids[2], meterStop: 10, timestamp: iso() });
    // Another station's transaction must not appear.
    const other = await station();
    await other.call("StartTransaction", { connectorId: 1, idTag: uniqueId("T"), meterStart: 0, timestamp: iso() });

    const nodes = async (variables: Record<string, unknown>) =>
      (await query(TRANSACTIONS, { chargePointId, ...variables })).transactions.edges.map((edge: any) => edge.node);
    const newestFirst = [...ids].sort((x, y) => y - x);

    expect((await nodes({})).map((node: any) => node.transactionId)).toEqual(newestFirst);
    expect(await nodes({ active: true })).toEqual([{ transactionId: ids[1], chargePointId, active: true }]);
    expect(await nodes({ active: false })).toEqual(
      [ids[2], ids[0]].map((transactionId) => ({ transactionId, chargePointId, active: false })),
    );

    const page1 = (await query(TRANSACTIONS, { chargePointId, first: 2 })).transactions;
    expect(page1.edges.map((edge: any) => edge.node.transactionId)).toEqual(newestFirst.slice(0, 2));
    expect(page1.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.edges[1].cursor });

    const page2 = (await query(TRANSACTIONS, { chargePointId, first: 2, after: page1.pageInfo.endCursor }))
      .transactions;
    expect(page2.edges.map((edge: any) => edge.node.transactionId)).toEqual(newestFirst.slice(2));
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const inactivePage = (await query(TRANSACTIONS, { chargePointId, active: false, first: 1 })).transactions;
    expect(inactivePage.edges.map((edge: any) => edge.node.transactionId)).toEqual([ids[2]]);
    expect(inactivePage.pageInfo.hasNextPage).toBe(true);
    const inactiveRest = (
      await query(TRANSACTIONS, { chargePointId, active: false, first: 1, after: inactivePage.pageInfo.endCursor })
    ).transactions;
    expect(inactiveRest.edges.map((edge: any) => edge.node.transactionId)).toEqual([ids[0]]);
    expect(inactiveRest.pageInfo.hasNextPage).toBe(false);
  });
});

describe("messages query", () => {
  const MESSAGES = /* GraphQL */ `
    query ($chargePointId: String!, $action: String, $first: Int, $after: String) {
      messages(chargePointId: $chargePointId, action: $action, first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            chargePointId
            direction
            messageType
            action
            uniqueId
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `;

  it("returns a station's audit log filtered by action, newest first, paged with hasNextPage, endCursor and after", async () => {
    const { chargePointId, call } = await station();
    const heartbeats = 3;
    for (let i = 0; i < heartbeats; i++) await call("Heartbeat", {});
    // Another station's heartbeat must not appear.
    await (await station()).call("Heartbeat", {});
    await app.audit.flush();

    const pages: any[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await query(MESSAGES, { chargePointId, action: "Heartbeat", first: 2, after })).messages;
      pages.push(page);
      if (page.edges.length > 0) expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      expect(pages.length).toBeLessThan(10);
    }

    expect(pages.map((page) => page.edges.length)).toEqual([2, 2, 2]);
    expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual([true, true, false]);
    const nodes = pages.flatMap((page) => page.edges.map((edge: any) => edge.node));
    expect(nodes.every((node: any) => node.chargePointId === chargePointId && node.action === "Heartbeat")).toBe(true);
    // Newest first: strictly decreasing ids, each CALLRESULT just above the CALL it answers.
    const ids = nodes.map((node: any) => BigInt(node.id));
    expect(ids).toEqual([...ids].sort((x, y) => (x > y ? -1 : x < y ? 1 : 0)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(nodes.map((node: any) => `${node.direction} ${node.messageType}`)).toEqual(
      Array(heartbeats).fill(["OUTBOUND CALLRESULT", "INBOUND CALL"]).flat(),
    );
    for (let i = 0; i < nodes.length; i += 2) expect(nodes[i].uniqueId).toBe(nodes[i + 1].uniqueId);

    // Without the action filter the oldest entries are the BootNotification exchange.
    const all = (await query(MESSAGES, { chargePointId, first: 100 })).messages;
    expect(all.edges).toHaveLength(2 * heartbeats + 2);
    expect(all.pageInfo.hasNextPage).toBe(false);
    expect(all.edges.slice(-2).map((edge: any) => edge.node.action)).toEqual(["BootNotification", "BootNotification"]);
    expect(all.edges.slice(0, 2 * heartbeats).map((edge: any) => edge.node.id)).toEqual(
      nodes.map((node: any) => node.id),
    );
  });
});
