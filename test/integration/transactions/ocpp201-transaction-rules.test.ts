import type { RPCClient } from "ocpp-rpc";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { bootChargePoint, startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { subscribe } from "../../helpers/graphql.js";
import { type Call, idToken, iso, query, session, station201, tag, transactionEvent } from "./ocpp201-support.js";

// The rules that hold sessions of both versions, for 2.0.1 stations: refused tokens never active, one tag one
// session (across versions), one session per EVSE, and the admin's close.

let app: TestApp;
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

const station = () => station201(app, clients);

const start = (call: Call, id: string, token: string, evseId = 1, offsetSeconds = 0) =>
  call(
    "TransactionEvent",
    transactionEvent("Started", id, 0, {
      timestamp: iso(offsetSeconds),
      evse: { id: evseId, connectorId: 1 },
      idToken: idToken(token),
    }),
  );

describe("a refused token", () => {
  it.each([
    ["Blocked", "Blocked", () => tag(app, "Blocked")],
    ["Expired", "Expired", () => tag(app, "Accepted", { expiryDate: iso(-3600) })],
    ["Unknown", "Invalid", async () => uniqueId("UNKNOWN")],
  ])("(%s) is answered so, recorded as Refused (idTagStatus %s) and never active", async (answered, recorded, make) => {
    const { chargePointId, call } = await station();
    const id = uniqueId("tx");

    const answer = await start(call, id, await make());

    expect(answer.idTokenInfo.status).toBe(answered);
    expect(await session(app, chargePointId, id)).toMatchObject({
      idTagStatus: recorded,
      status: "Refused",
      active: false,
    });
    // Nor does a later event make it active.
    await call(
      "TransactionEvent",
      transactionEvent("Updated", id, 1, { transactionInfo: { chargingState: "Charging" } }),
    );
    expect(await session(app, chargePointId, id)).toMatchObject({ status: "Refused", active: false });
  });

  it("given to a session that began without one makes it Refused, and frees its EVSE", async () => {
    const { chargePointId, call } = await station();
    const id = uniqueId("tx");
    await call("TransactionEvent", transactionEvent("Started", id, 0, { triggerReason: "CablePluggedIn" }));

    const answer = await call(
      "TransactionEvent",
      transactionEvent("Updated", id, 1, { triggerReason: "Authorized", idToken: idToken(await tag(app, "Blocked")) }),
    );

    expect(answer.idTokenInfo.status).toBe("Blocked");
    expect(await session(app, chargePointId, id)).toMatchObject({ status: "Refused", active: false });
    const { rows } = await sql.query(
      "SELECT active_evse_id, active_id_tag FROM transactions WHERE charge_point_id = $1",
      [chargePointId],
    );
    expect(rows).toEqual([{ active_evse_id: null, active_id_tag: null }]);
  });
});

describe("one tag, one session", () => {
  it("a tag charging at one station gets ConcurrentTx at another, and that session is Refused", async () => {
    const [a, b] = await Promise.all([station(), station()]);
    const token = await tag(app);
    expect((await start(a.call, uniqueId("tx"), token)).idTokenInfo.status).toBe("Accepted");

    const id = uniqueId("tx");
    const answer = await start(b.call, id, token);

    expect(answer.idTokenInfo.status).toBe("ConcurrentTx");
    expect(await session(app, b.chargePointId, id)).toMatchObject({ idTagStatus: "ConcurrentTx", status: "Refused" });
  });

  it("holds across versions: a tag charging at a 2.0.1 station gets ConcurrentTx at a 1.6 charger", async () => {
    const { call } = await station();
    const token = await tag(app);
    await start(call, uniqueId("tx"), token);
    const charger = await bootChargePoint(app);
    clients.push(charger);

    const answer = (await charger.call("StartTransaction", {
      connectorId: 1,
      idTag: token,
      meterStart: 0,
      timestamp: iso(),
    })) as { idTagInfo: { status: string } };

    expect(answer.idTagInfo.status).toBe("ConcurrentTx");
  });

  it("of 10 stations starting with one tag in the same instant exactly one is Accepted", async () => {
    const stations = await Promise.all(Array.from({ length: 10 }, () => station()));
    const token = await tag(app);

    const answers = await Promise.all(stations.map(({ call }) => start(call, uniqueId("tx"), token)));

    expect(answers.map((answer) => answer.idTokenInfo.status).sort()).toEqual([
      "Accepted",
      ...Array(9).fill("ConcurrentTx"),
    ]);
    const { rows } = await sql.query("SELECT count(*)::int AS active FROM transactions WHERE active_id_tag = $1", [
      token,
    ]);
    expect(rows[0].active).toBe(1);
  });

  it("the tag is free again once its session ended", async () => {
    const [a, b] = await Promise.all([station(), station()]);
    const token = await tag(app);
    const id = uniqueId("tx");
    await start(a.call, id, token, 1, -60);
    await a.call("TransactionEvent", transactionEvent("Ended", id, 1));

    expect((await start(b.call, uniqueId("tx"), token)).idTokenInfo.status).toBe("Accepted");
  });
});

describe("a session whose Ended never came", () => {
  it("is closed by a new session on the same EVSE, with the reason recorded and published", async () => {
    const { chargePointId, call } = await station();
    const events = subscribe(
      app.graphqlUrl,
      `subscription ($id: String) { transactionUpdated(chargePointId: $id) { stationTransactionId status } }`,
      { id: chargePointId },
    );
    await events.ready;
    try {
      const stale = uniqueId("tx");
      const otherEvse = uniqueId("tx");
      const fresh = uniqueId("tx");
      await start(call, stale, await tag(app), 1, -3600);
      await start(call, otherEvse, await tag(app), 2, -1800);

      await start(call, fresh, await tag(app), 1);

      const closed = await session(app, chargePointId, stale);
      const successor = await session(app, chargePointId, fresh);
      expect(closed).toMatchObject({ status: "Closed", active: false, stopReason: null });
      expect(closed!.closeReason).toBe(`Superseded by transaction ${successor!.transactionId} on the same EVSE`);
      expect(closed!.stoppedAt).not.toBeNull();
      expect(successor).toMatchObject({ status: "Active" });
      expect(await session(app, chargePointId, otherEvse)).toMatchObject({ status: "Active" });
      await events.next(
        (event) =>
          event.transactionUpdated.stationTransactionId === stale && event.transactionUpdated.status === "Closed",
      );
    } finally {
      await events.close();
    }
  });

  it("replayed late, after a newer session took its EVSE, is the one closed", async () => {
    const { chargePointId, call } = await station();
    const newer = uniqueId("tx");
    const older = uniqueId("tx");
    await start(call, newer, await tag(app), 1, -60);

    await call(
      "TransactionEvent",
      transactionEvent("Started", older, 0, { offline: true, timestamp: iso(-3600), idToken: idToken(await tag(app)) }),
    );

    expect(await session(app, chargePointId, newer)).toMatchObject({ status: "Active" });
    expect(await session(app, chargePointId, older)).toMatchObject({ status: "Closed", active: false });
  });

  it("closed by an admin still takes the station's Ended when it comes", async () => {
    const { chargePointId, call } = await station();
    const id = uniqueId("tx");
    await start(call, id, await tag(app), 1, -600);
    const { transactionId } = (await session(app, chargePointId, id))!;
    await query(app, `mutation ($id: Int!) { closeTransaction(transactionId: $id, reason: "lost") { status } }`, {
      id: transactionId,
    });

    await call(
      "TransactionEvent",
      transactionEvent("Ended", id, 1, { transactionInfo: { stoppedReason: "EVDisconnected" } }),
    );

    expect(await session(app, chargePointId, id)).toMatchObject({
      status: "Stopped",
      stopReason: "EVDisconnected",
      closeReason: "lost",
    });
  });
});
