import type { RPCClient } from "ocpp-rpc";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { bootChargePoint, startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { graphql, subscribe } from "../../helpers/graphql.js";
import { ownDatabase } from "../../helpers/own-database.js";

// How transactions behave when chargers behave as real ones do: refused starts that are never stopped, one tag
// presented at many chargers at once, transactions whose StopTransaction never comes, and reconnect storms.

let app: TestApp;
/** A plain connection to the test database, to check rows the API does not expose. */
let sql: pg.Client;
const clients: RPCClient[] = [];

beforeAll(async () => {
  app = await startTestApp();
  sql = new pg.Client({ connectionString: inject("databaseUrl") });
  await sql.connect();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close({ force: true })));
});

afterAll(async () => {
  await sql?.end();
  await app?.close();
});

type Call = (action: string, payload: object) => Promise<any>;

async function station(on: TestApp = app, chargePointId = uniqueId("RULES")) {
  const client = await bootChargePoint(on, chargePointId);
  clients.push(client);
  // ocpp-rpc types every answer as unknown; the strict client has already validated it against the OCPP schema.
  const call: Call = (action, payload) => client.call(action, payload) as Promise<any>;
  return { chargePointId, client, call };
}

async function query(source: string, variables: Record<string, unknown> = {}, on: TestApp = app) {
  const result = await graphql(on.graphqlUrl, source, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function tag(status: "Accepted" | "Blocked" | "Expired" = "Accepted", on: TestApp = app, expiryDate?: string) {
  const idTag = uniqueId("T");
  await query(
    `mutation ($idTag: String!, $status: IdTagStatus!, $expiryDate: DateTime) {
      upsertIdTag(idTag: $idTag, status: $status, expiryDate: $expiryDate) { idTag }
    }`,
    { idTag, status, expiryDate },
    on,
  );
  return idTag;
}

const TRANSACTION = /* GraphQL */ `
  query ($id: Int!) {
    transaction(transactionId: $id) {
      transactionId
      connectorId
      idTagStatus
      status
      active
      stoppedAt
      stopReason
      closeReason
    }
  }
`;
const transaction = async (id: number) => (await query(TRANSACTION, { id })).transaction;

const iso = (offsetSeconds = 0) => new Date(Date.now() + offsetSeconds * 1000).toISOString();
const start = (call: Call, idTag: string, connectorId = 1, offsetSeconds = 0) =>
  call("StartTransaction", { connectorId, idTag, meterStart: 0, timestamp: iso(offsetSeconds) });

describe("a refused start", () => {
  it.each([
    ["Blocked", () => tag("Blocked")],
    ["Expired", () => tag("Accepted", app, iso(-3600))],
    ["Invalid", async () => uniqueId("UNKNOWN")],
  ])("(%s) gets a transactionId, is recorded as Refused and never as active", async (status, makeTag) => {
    const { call } = await station();
    const idTag = await makeTag();

    const answer = await start(call, idTag);

    expect(answer.idTagInfo.status).toBe(status);
    expect(answer.transactionId).toBeGreaterThan(0);
    expect(await transaction(answer.transactionId)).toMatchObject({
      idTagStatus: status,
      status: "Refused",
      active: false,
      stoppedAt: null,
    });
    const active = await query(
      `query ($id: String) { transactions(chargePointId: $id, active: true) { edges { cursor } } }`,
      {
        id: (
          await sql.query("SELECT charge_point_id FROM transactions WHERE transaction_id = $1", [answer.transactionId])
        ).rows[0].charge_point_id,
      },
    );
    expect(active.transactions.edges).toEqual([]);
  });

  it("is no reason for ConcurrentTx: a tag refused while blocked starts once it is accepted again", async () => {
    const { call } = await station();
    const idTag = await tag("Blocked");
    expect((await start(call, idTag, 1, -10)).idTagInfo.status).toBe("Blocked");

    await query(`mutation ($idTag: String!) { upsertIdTag(idTag: $idTag, status: Accepted) { idTag } }`, { idTag });
    const other = await station();

    expect((await start(other.call, idTag)).idTagInfo.status).toBe("Accepted");
  });

  it("refused as ConcurrentTx does not lock the tag once the accepted session stops", async () => {
    const [a, b, c] = await Promise.all([station(), station(), station()]);
    const idTag = await tag();
    const accepted = await start(a.call, idTag, 1, -20);
    const concurrent = await start(b.call, idTag, 1, -10);
    expect(concurrent.idTagInfo.status).toBe("ConcurrentTx");
    expect(await transaction(concurrent.transactionId)).toMatchObject({ status: "Refused", active: false });

    await a.call("StopTransaction", { transactionId: accepted.transactionId, meterStop: 10, timestamp: iso(-5) });

    expect((await start(c.call, idTag)).idTagInfo.status).toBe("Accepted");
  });

  it("retransmitted gets the same transactionId and answer, and can still be stopped by the charger", async () => {
    const { call } = await station();
    const request = { connectorId: 1, idTag: await tag("Blocked"), meterStart: 100, timestamp: iso() };
    const first = await call("StartTransaction", request);
    const again = await call("StartTransaction", request);
    expect(again).toEqual(first);

    await call("StopTransaction", { transactionId: first.transactionId, meterStop: 100, timestamp: iso(1) });

    expect(await transaction(first.transactionId)).toMatchObject({ status: "Refused", active: false });
    expect((await transaction(first.transactionId)).stoppedAt).not.toBeNull();
  });
});

describe("one tag, one session", () => {
  it("of 20 simultaneous StartTransactions with one tag at 20 chargers exactly one is Accepted", async () => {
    const chargers = await Promise.all(Array.from({ length: 20 }, () => station()));
    const idTag = await tag();

    const answers = await Promise.all(chargers.map(({ call }) => start(call, idTag)));

    const statuses = answers.map((answer) => answer.idTagInfo.status).sort();
    expect(statuses).toEqual(["Accepted", ...Array(19).fill("ConcurrentTx")]);
    const { rows } = await sql.query(
      "SELECT status, count(*)::int AS count FROM transactions WHERE id_tag = $1 GROUP BY status ORDER BY status",
      [idTag],
    );
    expect(rows).toEqual([
      { status: "Active", count: 1 },
      { status: "Refused", count: 19 },
    ]);
  });
});

describe("a transaction whose StopTransaction never comes", () => {
  it("is closed by a new StartTransaction on the same connector, with the reason recorded", async () => {
    const { call } = await station();
    const events = subscribe(
      app.graphqlUrl,
      `subscription { transactionUpdated { transactionId status closeReason } }`,
    );
    await events.ready;
    try {
      const stale = await start(call, await tag(), 1, -3600);
      const otherConnector = await start(call, await tag(), 2, -1800);

      const fresh = await start(call, await tag(), 1);

      expect(fresh.idTagInfo.status).toBe("Accepted");
      const closed = await transaction(stale.transactionId);
      expect(closed).toMatchObject({ status: "Closed", active: false, stopReason: null });
      expect(closed.closeReason).toContain(`transaction ${fresh.transactionId}`);
      expect(closed.stoppedAt).not.toBeNull();
      expect(await transaction(otherConnector.transactionId)).toMatchObject({ status: "Active" });
      expect(await transaction(fresh.transactionId)).toMatchObject({ status: "Active" });
      await events.next(
        (event) =>
          event.transactionUpdated.transactionId === stale.transactionId &&
          event.transactionUpdated.status === "Closed",
      );
    } finally {
      await events.close();
    }
  });

  it("is closed by a new start with the same tag on the same connector, which is Accepted rather than ConcurrentTx", async () => {
    const { call } = await station();
    const idTag = await tag();
    const stale = await start(call, idTag, 1, -3600);

    const fresh = await start(call, idTag, 1);

    expect(fresh.idTagInfo.status).toBe("Accepted");
    expect(await transaction(stale.transactionId)).toMatchObject({ status: "Closed" });
  });

  it("a late StopTransaction for a closed transaction still records the charger's stop", async () => {
    const { call } = await station();
    const stale = await start(call, await tag(), 1, -3600);
    await start(call, await tag(), 1);

    await call("StopTransaction", {
      transactionId: stale.transactionId,
      meterStop: 700,
      timestamp: iso(-60),
      reason: "PowerLoss",
    });

    const row = (
      await sql.query("SELECT status, meter_stop, stop_reason FROM transactions WHERE transaction_id = $1", [
        stale.transactionId,
      ])
    ).rows[0];
    expect(row).toEqual({ status: "Stopped", meter_stop: "700", stop_reason: "PowerLoss" });
  });

  it("an admin closes it with closeTransaction: recorded with the actor in the audit log and published", async () => {
    const { chargePointId, call } = await station();
    const idTag = await tag();
    const stale = await start(call, idTag, 1, -3600);
    const events = subscribe(
      app.graphqlUrl,
      `subscription ($id: String) { transactionUpdated(chargePointId: $id) { transactionId status } }`,
      { id: chargePointId },
    );
    await events.ready;
    try {
      const closed = await query(
        `mutation ($id: Int!, $reason: String!) {
          closeTransaction(transactionId: $id, reason: $reason) { transactionId status active closeReason stoppedAt }
        }`,
        { id: stale.transactionId, reason: "charger replaced, session never ended" },
      );

      expect(closed.closeTransaction).toMatchObject({
        transactionId: stale.transactionId,
        status: "Closed",
        active: false,
        closeReason: "charger replaced, session never ended",
      });
      await events.next((event) => event.transactionUpdated.status === "Closed");
      // The tag is free again.
      expect((await start((await station()).call, idTag)).idTagInfo.status).toBe("Accepted");
      await app.audit.flush();
      const entry = await app.db.ocppMessage.findFirst({ where: { chargePointId, action: "CloseTransaction" } });
      expect(entry).toMatchObject({
        actor: "anonymous",
        payload: { transactionId: stale.transactionId, reason: "charger replaced, session never ended" },
      });
    } finally {
      await events.close();
    }
  });

  it("closeTransaction refuses a transaction that is not open, and an unknown one", async () => {
    const { call } = await station();
    const started = await start(call, await tag(), 1, -60);
    await call("StopTransaction", { transactionId: started.transactionId, meterStop: 10, timestamp: iso() });
    const CLOSE = `mutation ($id: Int!) { closeTransaction(transactionId: $id, reason: "stale") { transactionId } }`;

    const stopped = await graphql(app.graphqlUrl, CLOSE, { id: started.transactionId });
    const unknown = await graphql(app.graphqlUrl, CLOSE, { id: 2_000_000_000 });

    expect(stopped.errors?.[0]?.extensions?.code).toBe("TRANSACTION_NOT_OPEN");
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await transaction(started.transactionId)).toMatchObject({ status: "Stopped" });
  });
});

describe("StartTransaction with connectorId 0", () => {
  it("is answered with CALLERROR PropertyConstraintViolation and stores nothing", async () => {
    const { chargePointId, client } = await station();

    const failure = await client
      .call("StartTransaction", { connectorId: 0, idTag: await tag(), meterStart: 0, timestamp: iso() })
      .then(
        () => undefined,
        (error: { rpcErrorCode?: string }) => error,
      );

    expect(failure?.rpcErrorCode).toBe("PropertyConstraintViolation");
    const { rows } = await sql.query("SELECT 1 FROM transactions WHERE charge_point_id = $1", [chargePointId]);
    expect(rows).toEqual([]);
  });
});

describe("a reconnect storm", () => {
  it("200 chargers sending StartTransaction at once are all answered Accepted, none with a CALLERROR", async () => {
    const chargers = await Promise.all(Array.from({ length: 200 }, () => station()));
    const tags = chargers.map(() => uniqueId("STORM"));
    await sql.query(
      "INSERT INTO id_tags (id_tag, status, created_at, updated_at) SELECT unnest($1::text[]), 'Accepted', now(), now()",
      [tags],
    );

    const answers = await Promise.allSettled(chargers.map(({ call }, index) => start(call, tags[index]!)));

    const outcomes = answers.map((answer) =>
      answer.status === "fulfilled" ? answer.value.idTagInfo.status : `CALLERROR ${answer.reason?.rpcErrorCode}`,
    );
    expect(outcomes.filter((outcome) => outcome !== "Accepted")).toEqual([]);
  }, 60_000);

  const readings = (energyWh: number, context: string) => [
    { value: String(energyWh), context, measurand: "Energy.Active.Import.Register", unit: "Wh" },
    ...["L1", "L2", "L3"].flatMap((phase) => [
      { value: "16.0", context, measurand: "Current.Import", phase, unit: "A" },
      { value: "230.1", context, measurand: "Voltage", phase: `${phase}-N`, unit: "V" },
    ]),
  ];

  it("400 chargers sending StopTransaction at once are all answered, none with a CALLERROR", async () => {
    const chargers = await Promise.all(Array.from({ length: 400 }, () => station()));
    const tags = chargers.map(() => uniqueId("STOPSTORM"));
    await sql.query(
      "INSERT INTO id_tags (id_tag, status, created_at, updated_at) SELECT unnest($1::text[]), 'Accepted', now(), now()",
      [tags],
    );
    const started = await Promise.all(
      chargers.map(async ({ call }, index) => (await start(call, tags[index]!)).transactionId as number),
    );

    const answers = await Promise.allSettled(
      chargers.map(({ call }, index) =>
        call("StopTransaction", {
          transactionId: started[index],
          idTag: tags[index],
          meterStop: 1000 + index,
          timestamp: iso(),
          // As chargers send it: the session's first and last readings, per phase.
          transactionData: [
            { timestamp: iso(-60), sampledValue: readings(0, "Transaction.Begin") },
            { timestamp: iso(), sampledValue: readings(1000 + index, "Transaction.End") },
          ],
        }),
      ),
    );

    const outcomes = answers.map((answer) =>
      answer.status === "fulfilled" ? answer.value.idTagInfo.status : `CALLERROR ${answer.reason?.rpcErrorCode}`,
    );
    expect(outcomes.filter((outcome) => outcome !== "Accepted")).toEqual([]);
    const { rows } = await sql.query<{ id: number; status: string; meter_stop: string; readings: number }>(
      `SELECT transaction_id AS id, status, meter_stop::text,
              (SELECT count(*)::int FROM meter_values AS v WHERE v.transaction_id = t.transaction_id) AS readings
       FROM transactions AS t WHERE transaction_id = ANY($1)`,
      [started],
    );
    expect(rows).toHaveLength(400);
    const wrong = rows.filter(
      (row) =>
        row.status !== "Stopped" || row.readings !== 14 || row.meter_stop !== String(1000 + started.indexOf(row.id)),
    );
    expect(wrong).toEqual([]);
  }, 90_000);
});

describe("the dashboard", () => {
  const database = ownDatabase("ocpp_transaction_rules");
  let own: TestApp;

  beforeAll(async () => {
    await database.create({ migrated: true });
    own = await startTestApp({ DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await own?.close();
    await database.drop();
  });

  it("counts neither refused starts nor their connectors as active", async () => {
    const { call } = await station(own);
    await call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Available" });
    await call("StatusNotification", { connectorId: 2, errorCode: "NoError", status: "Available" });
    const accepted = await tag("Accepted", own);
    await start(call, accepted, 1, -10);
    await start(call, await tag("Blocked", own), 2, -5);
    await start(call, uniqueId("UNKNOWN"), 2);
    await start((await station(own)).call, accepted);

    const summary = (
      await query(`{ networkSummary { activeTransactions connectorsByStatus { status count } } }`, {}, own)
    ).networkSummary;

    expect(summary).toEqual({ activeTransactions: 1, connectorsByStatus: [{ status: "Available", count: 2 }] });
  });
});
