import type { RPCClient } from "ocpp-rpc";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestApp, type TestApp } from "../../helpers/app.js";
import { energy, idToken, iso, query, session, station201, tag, transactionEvent } from "./ocpp201-support.js";

// Updates of a running session that carry only readings and a charging state take the group commit (see
// TransactionService.recordSessionEvent); these tests hold them to what the careful path guarantees.

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

async function running() {
  const { chargePointId, call } = await station201(app, clients);
  const stationTransactionId = crypto.randomUUID();
  await call(
    "TransactionEvent",
    transactionEvent("Started", stationTransactionId, 0, {
      idToken: idToken(await tag(app)),
      meterValue: [energy(iso(-60), 1_000, "Transaction.Begin")],
      transactionInfo: { chargingState: "Charging" },
    }),
  );
  return { chargePointId, call, stationTransactionId };
}

const update = (stationTransactionId: string, seqNo: number, wh: number, chargingState: string, at = iso()) =>
  transactionEvent("Updated", stationTransactionId, seqNo, {
    timestamp: at,
    evse: undefined,
    meterValue: [energy(at, wh)],
    transactionInfo: { chargingState },
  });

const eventCount = async (chargePointId: string, stationTransactionId: string) =>
  Number(
    (
      await sql.query(
        "SELECT count(*) AS n FROM transaction_events WHERE charge_point_id = $1 AND station_transaction_id = $2",
        [chargePointId, stationTransactionId],
      )
    ).rows[0].n,
  );

describe("updates of a running session", () => {
  it("advance its energy and charging state, each stored by its seqNo with the answer it got", async () => {
    const { chargePointId, call, stationTransactionId } = await running();
    expect(await call("TransactionEvent", update(stationTransactionId, 1, 1_500, "SuspendedEV"))).toEqual({});
    expect(await call("TransactionEvent", update(stationTransactionId, 2, 2_200, "Charging"))).toEqual({});
    expect(await session(app, chargePointId, stationTransactionId)).toMatchObject({
      meterStart: 1_000,
      energyWh: 1_200,
      chargingState: "Charging",
      active: true,
    });
    expect(await eventCount(chargePointId, stationTransactionId)).toBe(3);
  });

  it("sent again change nothing: not the charging state a later update set, nor the readings", async () => {
    const { chargePointId, call, stationTransactionId } = await running();
    const first = update(stationTransactionId, 1, 1_500, "SuspendedEV");
    await call("TransactionEvent", first);
    await call("TransactionEvent", update(stationTransactionId, 2, 1_800, "Charging"));
    expect(await call("TransactionEvent", first)).toEqual({});
    const after = await session(app, chargePointId, stationTransactionId);
    expect(after).toMatchObject({ chargingState: "Charging", energyWh: 800 });
    expect(after!.meterValues).toHaveLength(3);
    expect(await eventCount(chargePointId, stationTransactionId)).toBe(3);
  });

  it("after an admin closed the session are answered and keep their readings, without reopening it", async () => {
    const { chargePointId, call, stationTransactionId } = await running();
    await call("TransactionEvent", update(stationTransactionId, 1, 1_400, "Charging"));
    const { transactionId } = (await session(app, chargePointId, stationTransactionId))!;
    await query(app, `mutation ($id: Int!) { closeTransaction(transactionId: $id, reason: "lost") { status } }`, {
      id: transactionId,
    });
    expect(await call("TransactionEvent", update(stationTransactionId, 2, 1_900, "SuspendedEV"))).toEqual({});
    const after = await session(app, chargePointId, stationTransactionId);
    expect(after).toMatchObject({ status: "Closed", active: false, chargingState: "Charging" });
    expect(after!.meterValues.map((reading: { value: string }) => reading.value)).toContain("1900");
  });

  it("sent offline after newer ones do not take the charging state back", async () => {
    const { chargePointId, call, stationTransactionId } = await running();
    await call("TransactionEvent", update(stationTransactionId, 3, 1_600, "SuspendedEVSE"));
    await call("TransactionEvent", {
      ...update(stationTransactionId, 2, 1_300, "EVConnected", iso(-30)),
      offline: true,
    });
    expect(await session(app, chargePointId, stationTransactionId)).toMatchObject({
      chargingState: "SuspendedEVSE",
      energyWh: 600,
    });
  });

  it("that move the session to another EVSE go the careful way and are stored", async () => {
    const { chargePointId, call, stationTransactionId } = await running();
    await call("TransactionEvent", {
      ...update(stationTransactionId, 1, 1_200, "Charging"),
      evse: { id: 1, connectorId: 1 },
    });
    expect(await session(app, chargePointId, stationTransactionId)).toMatchObject({ evseId: 1, energyWh: 200 });
  });
});
