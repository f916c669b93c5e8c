import type { RPCClient } from "ocpp-rpc";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { subscribe } from "../../helpers/graphql.js";
import { energy, idToken, iso, query, session, station201, tag, transactionEvent } from "./ocpp201-support.js";

// A 2.0.1 station's sessions: TransactionEvent Started, Updated and Ended, resent, replayed after an outage in any
// order, with or without a token.

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

const station = () => station201(app, clients);

describe("a session started, updated and ended", () => {
  it("is one transaction with our transactionId, the station's id, its EVSE, token, state, energy and stop", async () => {
    const { chargePointId, call } = await station();
    const token = await tag(app);
    const id = uniqueId("tx");
    const events = subscribe(
      app.graphqlUrl,
      `subscription ($id: String) { transactionUpdated(chargePointId: $id) { stationTransactionId status energyWh } }`,
      { id: chargePointId },
    );
    await events.ready;
    try {
      const started = await call(
        "TransactionEvent",
        transactionEvent("Started", id, 0, {
          timestamp: iso(-120),
          idToken: idToken(token),
          transactionInfo: { chargingState: "Charging" },
          meterValue: [energy(iso(-120), 10_000, "Transaction.Begin")],
        }),
      );
      expect(started).toEqual({ idTokenInfo: { status: "Accepted" } });
      expect(await session(app, chargePointId, id)).toMatchObject({
        stationTransactionId: id,
        evseId: 1,
        connectorId: 1,
        idTag: token,
        idTokenType: "ISO14443",
        idTagStatus: "Accepted",
        chargingState: "Charging",
        meterStart: 10_000,
        status: "Active",
        active: true,
      });

      const updated = await call(
        "TransactionEvent",
        transactionEvent("Updated", id, 1, {
          timestamp: iso(-60),
          transactionInfo: { chargingState: "SuspendedEV" },
          meterValue: [energy(iso(-60), 12_500)],
        }),
      );
      expect(updated).toEqual({});
      expect(await session(app, chargePointId, id)).toMatchObject({ chargingState: "SuspendedEV", energyWh: 2_500 });
      await events.next((event) => event.transactionUpdated.energyWh === 2_500);

      const stoppedAt = iso();
      const ended = await call(
        "TransactionEvent",
        transactionEvent("Ended", id, 2, {
          timestamp: stoppedAt,
          transactionInfo: { chargingState: "Idle" },
          meterValue: [energy(stoppedAt, 13_000, "Transaction.End")],
        }),
      );
      expect(ended).toEqual({});
      const stored = await session(app, chargePointId, id);
      expect(stored).toMatchObject({
        meterStart: 10_000,
        meterStop: 13_000,
        energyWh: 3_000,
        stoppedAt,
        // 2.0.1: an Ended event without a stoppedReason ended Local.
        stopReason: "Local",
        status: "Stopped",
        active: false,
        chargingState: "Idle",
      });
      expect(typeof stored!.transactionId).toBe("number");
      await events.next(
        (event) =>
          event.transactionUpdated.stationTransactionId === id && event.transactionUpdated.status === "Stopped",
      );
    } finally {
      await events.close();
    }
  });

  it("is listed with the 1.6 sessions, and found by our transactionId too", async () => {
    const { chargePointId, call } = await station();
    const id = uniqueId("tx");
    await call("TransactionEvent", transactionEvent("Started", id, 0, { idToken: idToken(await tag(app)) }));
    const { transactionId } = (await session(app, chargePointId, id))!;

    const data = await query(
      app,
      `query ($id: Int!) { transaction(transactionId: $id) { stationTransactionId chargePointId } }`,
      { id: transactionId },
    );

    expect(data.transaction).toEqual({ stationTransactionId: id, chargePointId });
  });

  it("stores its readings with their context, measurand and unit, the multiplier applied", async () => {
    const { chargePointId, call } = await station();
    const id = uniqueId("tx");
    const at = iso(-30);
    await call(
      "TransactionEvent",
      transactionEvent("Started", id, 0, {
        timestamp: at,
        meterValue: [
          {
            timestamp: at,
            sampledValue: [
              { value: 1.25, context: "Transaction.Begin", unitOfMeasure: { unit: "Wh", multiplier: 3 } },
              { value: 7400, measurand: "Power.Active.Import", unitOfMeasure: { unit: "W" } },
              { value: 5 },
            ],
          },
        ],
      }),
    );

    const stored = await session(app, chargePointId, id);
    expect(stored!.meterValues).toEqual([
      {
        timestamp: at,
        value: "1250",
        measurand: "Energy.Active.Import.Register",
        unit: "Wh",
        context: "Transaction.Begin",
      },
      { timestamp: at, value: "7400", measurand: "Power.Active.Import", unit: "W", context: "Sample.Periodic" },
      { timestamp: at, value: "5", measurand: "Energy.Active.Import.Register", unit: "Wh", context: "Sample.Periodic" },
    ]);
    // The first energy register reading of the session is its start.
    expect(stored!.meterStart).toBe(1_250);
  });
});

describe("a retransmitted TransactionEvent (same station, transactionId and seqNo)", () => {
  it("gets the same answer and changes nothing, even when the tag changed meanwhile", async () => {
    const { chargePointId, call } = await station();
    const token = await tag(app);
    const id = uniqueId("tx");
    const request = transactionEvent("Started", id, 0, {
      idToken: idToken(token),
      meterValue: [energy(iso(), 500)],
    });
    const first = await call("TransactionEvent", request);
    const before = await sql.query("SELECT * FROM transactions WHERE charge_point_id = $1", [chargePointId]);
    await query(app, `mutation ($idTag: String!) { upsertIdTag(idTag: $idTag, status: Blocked) { idTag } }`, {
      idTag: token,
    });

    const again = await call("TransactionEvent", request);

    expect(again).toEqual(first);
    expect(first.idTokenInfo.status).toBe("Accepted");
    const after = await sql.query("SELECT * FROM transactions WHERE charge_point_id = $1", [chargePointId]);
    expect(after.rows).toEqual(before.rows);
    const counts = await sql.query(
      `SELECT (SELECT count(*)::int FROM transaction_events WHERE charge_point_id = $1) AS events,
              (SELECT count(*)::int FROM meter_values WHERE charge_point_id = $1) AS readings`,
      [chargePointId],
    );
    expect(counts.rows[0]).toEqual({ events: 1, readings: 1 });
  });

  it("sent twice at the same moment is stored once and both copies get the same answer", async () => {
    const { chargePointId, call } = await station();
    const id = uniqueId("tx");
    const request = transactionEvent("Started", id, 0, { idToken: idToken(await tag(app)) });

    const answers = await Promise.all([call("TransactionEvent", request), call("TransactionEvent", request)]);

    expect(answers[0]).toEqual(answers[1]);
    const { rows } = await sql.query(
      "SELECT count(*)::int AS sessions FROM transactions WHERE charge_point_id = $1 AND station_transaction_id = $2",
      [chargePointId, id],
    );
    expect(rows[0].sessions).toBe(1);
  });

  it("keeps every event of the session with the answer it was given", async () => {
    const { chargePointId, call } = await station();
    const id = uniqueId("tx");
    await call("TransactionEvent", transactionEvent("Started", id, 0, { idToken: idToken(uniqueId("NOBODY")) }));
    await call("TransactionEvent", transactionEvent("Updated", id, 1, { offline: true }));

    const { rows } = await sql.query(
      `SELECT seq_no, event_type, trigger_reason, offline, answer FROM transaction_events
       WHERE charge_point_id = $1 AND station_transaction_id = $2 ORDER BY seq_no`,
      [chargePointId, id],
    );

    expect(rows).toEqual([
      {
        seq_no: 0,
        event_type: "Started",
        trigger_reason: "Authorized",
        offline: false,
        answer: { idTokenInfo: { status: "Unknown" } },
      },
      { seq_no: 1, event_type: "Updated", trigger_reason: "MeterValuePeriodic", offline: true, answer: {} },
    ]);
    // Each frame was stored with its event, before the answer: no wait for the audit log's flush.
    const frames = await sql.query(
      `SELECT count(*)::int AS frames FROM ocpp_messages
       WHERE charge_point_id = $1 AND action = 'TransactionEvent' AND message_type = 'CALL'`,
      [chargePointId],
    );
    expect(frames.rows[0].frames).toBe(2);
  });
});

describe("events replayed after an outage", () => {
  it("in any order give the session its earliest start, its end and the energy between", async () => {
    const { chargePointId, call } = await station();
    const token = await tag(app);
    const id = uniqueId("tx");
    const [t0, t1, t2, t3] = [iso(-400), iso(-300), iso(-200), iso(-100)];
    const offline = { offline: true };
    const ended = transactionEvent("Ended", id, 3, {
      ...offline,
      timestamp: t3,
      triggerReason: "StopAuthorized",
      idToken: idToken(token),
      transactionInfo: { stoppedReason: "EVDisconnected", chargingState: "Idle" },
      meterValue: [energy(t3, 4_000, "Transaction.End")],
    });
    const updated2 = transactionEvent("Updated", id, 2, {
      ...offline,
      timestamp: t2,
      transactionInfo: { chargingState: "SuspendedEV" },
      meterValue: [energy(t2, 3_000)],
    });
    const started = transactionEvent("Started", id, 0, {
      ...offline,
      timestamp: t0,
      idToken: idToken(token),
      transactionInfo: { chargingState: "Charging" },
      meterValue: [energy(t0, 1_000, "Transaction.Begin")],
    });
    const updated1 = transactionEvent("Updated", id, 1, { ...offline, timestamp: t1, meterValue: [energy(t1, 2_000)] });

    for (const event of [ended, updated2, started, updated1]) await call("TransactionEvent", event);

    expect(await session(app, chargePointId, id)).toMatchObject({
      idTag: token,
      idTagStatus: "Accepted",
      startedAt: t0,
      stoppedAt: t3,
      stopReason: "EVDisconnected",
      meterStart: 1_000,
      meterStop: 4_000,
      energyWh: 3_000,
      chargingState: "Idle",
      status: "Stopped",
      active: false,
    });
  });

  it("an Updated after the Ended does not reopen the session", async () => {
    const { chargePointId, call } = await station();
    const token = await tag(app);
    const id = uniqueId("tx");
    await call(
      "TransactionEvent",
      transactionEvent("Started", id, 0, { timestamp: iso(-60), idToken: idToken(token) }),
    );
    await call("TransactionEvent", transactionEvent("Ended", id, 2, { timestamp: iso(-10) }));

    await call(
      "TransactionEvent",
      transactionEvent("Updated", id, 1, {
        offline: true,
        timestamp: iso(-30),
        transactionInfo: { chargingState: "Charging" },
      }),
    );

    expect(await session(app, chargePointId, id)).toMatchObject({ status: "Stopped", active: false });
    // The tag is free: it starts a session elsewhere at once.
    const other = await station();
    const answer = await call201(other.call, uniqueId("tx"), token);
    expect(answer.idTokenInfo.status).toBe("Accepted");
  });

  it("an Updated sent first starts the session; the Started that comes late moves its start back", async () => {
    const { chargePointId, call } = await station();
    const id = uniqueId("tx");
    const [early, later] = [iso(-300), iso(-100)];
    await call(
      "TransactionEvent",
      transactionEvent("Updated", id, 1, { timestamp: later, transactionInfo: { chargingState: "Charging" } }),
    );
    expect(await session(app, chargePointId, id)).toMatchObject({ startedAt: later, status: "Active", active: true });

    await call(
      "TransactionEvent",
      transactionEvent("Started", id, 0, {
        offline: true,
        timestamp: early,
        transactionInfo: { chargingState: "EVConnected" },
      }),
    );

    // The charging state stays that of the Updated: its seqNo is the higher.
    expect(await session(app, chargePointId, id)).toMatchObject({
      startedAt: early,
      chargingState: "Charging",
      status: "Active",
    });
  });
});

describe("a session without a token", () => {
  it("starts without authorization when the cable is plugged in, and is authorized when the token comes", async () => {
    const { chargePointId, call } = await station();
    const token = await tag(app, "Accepted", { expiryDate: iso(3600), parentIdTag: "FLEET-1" });
    const id = uniqueId("tx");
    const plugged = await call(
      "TransactionEvent",
      transactionEvent("Started", id, 0, {
        triggerReason: "CablePluggedIn",
        transactionInfo: { chargingState: "EVConnected" },
      }),
    );
    expect(plugged).toEqual({});
    expect(await session(app, chargePointId, id)).toMatchObject({
      idTag: null,
      idTagStatus: "NoAuthorization",
      status: "Active",
    });

    const authorized = await call(
      "TransactionEvent",
      transactionEvent("Updated", id, 1, { triggerReason: "Authorized", idToken: idToken(token, "eMAID") }),
    );

    expect(authorized.idTokenInfo).toMatchObject({
      status: "Accepted",
      groupIdToken: { idToken: "FLEET-1", type: "Central" },
    });
    expect(Date.parse(authorized.idTokenInfo.cacheExpiryDateTime)).toBeGreaterThan(Date.now());
    expect(await session(app, chargePointId, id)).toMatchObject({
      idTag: token,
      idTokenType: "eMAID",
      idTagStatus: "Accepted",
      active: true,
    });
  });

  it("with type NoAuthorization is answered Accepted and runs without a tag", async () => {
    const { chargePointId, call } = await station();
    const id = uniqueId("tx");

    const answer = await call(
      "TransactionEvent",
      transactionEvent("Started", id, 0, { idToken: idToken("", "NoAuthorization") }),
    );

    expect(answer).toEqual({ idTokenInfo: { status: "Accepted" } });
    expect(await session(app, chargePointId, id)).toMatchObject({
      idTag: null,
      idTokenType: "NoAuthorization",
      status: "Active",
    });
  });
});

/** Starts a session with `token` on EVSE 1 and returns the answer. */
function call201(call: (action: string, payload: object) => Promise<any>, id: string, token: string) {
  return call("TransactionEvent", transactionEvent("Started", id, 0, { idToken: idToken(token) }));
}
