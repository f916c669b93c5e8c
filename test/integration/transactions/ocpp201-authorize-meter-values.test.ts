import type { RPCClient } from "ocpp-rpc";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { energy, idToken, iso, station201, tag } from "./ocpp201-support.js";

// Authorize and MeterValues from a 2.0.1 station.

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

describe("Authorize", () => {
  it("answers from the ID tags, with the expiry as cache expiry and the parent as group", async () => {
    const { call } = await station();
    const expiryDate = iso(86_400);
    const token = await tag(app, "Accepted", { expiryDate, parentIdTag: "FLEET-2" });

    const answer = await call("Authorize", { idToken: idToken(token) });

    expect(answer).toEqual({
      idTokenInfo: {
        status: "Accepted",
        cacheExpiryDateTime: expiryDate,
        groupIdToken: { idToken: "FLEET-2", type: "Central" },
      },
    });
  });

  it.each([
    ["Blocked", () => tag(app, "Blocked")],
    ["Expired", () => tag(app, "Accepted", { expiryDate: iso(-60) })],
    ["Unknown", async () => uniqueId("UNKNOWN")],
  ])("answers %s", async (status, make) => {
    const { call } = await station();

    const answer = await call("Authorize", { idToken: idToken(await make(), "eMAID") });

    expect(answer.idTokenInfo.status).toBe(status);
    expect(answer.certificateStatus).toBeUndefined();
  });
});

describe("MeterValues outside a transaction", () => {
  it("are stored on their EVSE (0: the main meter) with their context, linked to no transaction", async () => {
    const { chargePointId, call } = await station();
    const at = iso(-5);

    expect(await call("MeterValues", { evseId: 0, meterValue: [energy(at, 98_765, "Sample.Clock")] })).toEqual({});
    expect(
      await call("MeterValues", {
        evseId: 2,
        meterValue: [
          {
            timestamp: at,
            sampledValue: [{ value: 230.5, measurand: "Voltage", phase: "L1-N", unitOfMeasure: { unit: "V" } }],
          },
        ],
      }),
    ).toEqual({});

    const { rows } = await sql.query(
      `SELECT evse_id, connector_id, transaction_id, value, measurand, unit, context, phase FROM meter_values
       WHERE charge_point_id = $1 ORDER BY evse_id`,
      [chargePointId],
    );
    expect(rows).toEqual([
      {
        evse_id: 0,
        connector_id: null,
        transaction_id: null,
        value: "98765",
        measurand: "Energy.Active.Import.Register",
        unit: "Wh",
        context: "Sample.Clock",
        phase: null,
      },
      {
        evse_id: 2,
        connector_id: null,
        transaction_id: null,
        value: "230.5",
        measurand: "Voltage",
        unit: "V",
        context: "Sample.Periodic",
        phase: "L1-N",
      },
    ]);
  });

  it("sent again are stored once", async () => {
    const { chargePointId, call } = await station();
    const request = { evseId: 1, meterValue: [energy(iso(), 1_000)] };
    await call("MeterValues", request);
    await call("MeterValues", request);

    const { rows } = await sql.query("SELECT count(*)::int AS readings FROM meter_values WHERE charge_point_id = $1", [
      chargePointId,
    ]);
    expect(rows[0].readings).toBe(1);
  });
});
