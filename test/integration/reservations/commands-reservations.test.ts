import { createRPCError } from "ocpp-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReservationStore } from "../../../src/db/stores/reservations.js";
import { ReservationService } from "../../../src/features/reservations/reservation-service.js";
import { reservationCommands } from "../../../src/ocpp/v16/commands/reservations.js";
import { startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { bootedChargers } from "../../helpers/booted-chargers.js";
import { answer } from "../../helpers/charger-answers.js";
import { graphql } from "../../helpers/graphql.js";
import { until } from "../../helpers/until.js";

// Commands to chargers, part 2: ReserveNow and CancelReservation, and what becomes of a reservation afterwards.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const bootCharger = bootedChargers("RSV");
const charger = () => bootCharger(app);

const inOneHour = () => new Date(Date.now() + 3_600_000);

const RESERVE_NOW = `mutation ($cp: String!, $connectorId: Int!, $idTag: String!, $expiryDate: DateTime!, $parentIdTag: String) {
  reserveNow(chargePointId: $cp, connectorId: $connectorId, idTag: $idTag, expiryDate: $expiryDate, parentIdTag: $parentIdTag) {
    reservationId chargePointId connectorId idTag parentIdTag expiryDate status transactionId
  }
}`;
const CANCEL = `mutation ($cp: String!, $reservationId: Int!) {
  cancelReservation(chargePointId: $cp, reservationId: $reservationId) { status }
}`;
const STATION_RESERVATIONS = `query ($cp: String!, $status: ReservationStatus) {
  station(chargePointId: $cp) { reservations(status: $status) { reservationId connectorId idTag status transactionId } }
}`;

async function reserve(chargePointId: string, variables: Record<string, unknown> = {}) {
  return graphql(app.graphqlUrl, RESERVE_NOW, {
    cp: chargePointId,
    connectorId: 1,
    idTag: "RSV-TAG",
    expiryDate: inOneHour().toISOString(),
    ...variables,
  });
}

async function reservationsOf(chargePointId: string, status?: string) {
  const result = await graphql(app.graphqlUrl, STATION_RESERVATIONS, { cp: chargePointId, status });
  expect(result.errors).toBeUndefined();
  return result.data!.station.reservations as Array<Record<string, unknown>>;
}

async function auditFrames(chargePointId: string, action: string) {
  await app.audit.flush();
  return app.db.ocppMessage.findMany({ where: { chargePointId, action }, orderBy: { id: "asc" } });
}

describe("reserveNow", () => {
  it("sends connectorId, expiryDate, idTag, parentIdTag and the stored reservation's id, and stores the charger's Accepted", async () => {
    const { id, client } = await charger();
    const received = answer(client, "ReserveNow", { status: "Accepted" });
    const expiryDate = "2031-03-04T05:06:07.000Z";

    const result = await reserve(id, { connectorId: 2, idTag: "RSV-A", parentIdTag: "RSV-PARENT", expiryDate });

    expect(result.errors).toBeUndefined();
    const reservation = result.data!.reserveNow;
    expect(reservation).toEqual({
      reservationId: expect.any(Number),
      chargePointId: id,
      connectorId: 2,
      idTag: "RSV-A",
      parentIdTag: "RSV-PARENT",
      expiryDate,
      status: "Accepted",
      transactionId: null,
    });
    expect(received).toEqual([
      {
        connectorId: 2,
        expiryDate,
        idTag: "RSV-A",
        parentIdTag: "RSV-PARENT",
        reservationId: reservation.reservationId,
      },
    ]);
    expect(await reservationsOf(id)).toEqual([
      {
        reservationId: reservation.reservationId,
        connectorId: 2,
        idTag: "RSV-A",
        status: "Accepted",
        transactionId: null,
      },
    ]);

    const frames = await auditFrames(id, "ReserveNow");
    expect(frames.map((f) => [f.direction, f.messageType])).toEqual([
      ["OUTBOUND", "CALL"],
      ["INBOUND", "CALLRESULT"],
    ]);
    expect(frames[0]!.payload).toEqual(received[0]);
    expect(frames[1]!.uniqueId).toBe(frames[0]!.uniqueId);
  });

  it("leaves parentIdTag out when none is given, and connector 0 reserves any connector", async () => {
    const { id, client } = await charger();
    const received = answer(client, "ReserveNow", { status: "Accepted" });

    const result = await reserve(id, { connectorId: 0, idTag: "RSV-ANY" });

    expect(result.data?.reserveNow).toMatchObject({ connectorId: 0, parentIdTag: null, status: "Accepted" });
    expect(received[0]).not.toHaveProperty("parentIdTag");
    expect(received[0]).toMatchObject({ connectorId: 0, idTag: "RSV-ANY" });
  });

  it.each(["Faulted", "Occupied", "Rejected", "Unavailable"])(
    "stores the charger's %s answer as the reservation's status",
    async (status) => {
      const { id, client } = await charger();
      answer(client, "ReserveNow", { status });

      const result = await reserve(id);

      expect(result.data?.reserveNow.status).toBe(status);
      expect(await reservationsOf(id)).toMatchObject([{ status }]);
      expect(await reservationsOf(id, "Accepted")).toEqual([]);
    },
  );

  it("gives every reservation its own reservationId", async () => {
    const { id, client } = await charger();
    const received = answer(client, "ReserveNow", { status: "Accepted" });

    const first = await reserve(id, { connectorId: 1 });
    const second = await reserve(id, { connectorId: 2 });

    const ids = [first.data!.reserveNow.reservationId, second.data!.reserveNow.reservationId];
    expect(new Set(ids).size).toBe(2);
    expect(received.map((request) => request.reservationId)).toEqual(ids);
  });

  it("refuses an expiryDate in the past with BAD_USER_INPUT and sends nothing", async () => {
    const { id, client } = await charger();
    const received = answer(client, "ReserveNow", { status: "Accepted" });

    const result = await reserve(id, { expiryDate: new Date(Date.now() - 60_000).toISOString() });

    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(received).toEqual([]);
    expect(await auditFrames(id, "ReserveNow")).toEqual([]);
  });

  it("refuses an idTag of 21 characters with BAD_USER_INPUT and sends nothing", async () => {
    const { id, client } = await charger();
    const received = answer(client, "ReserveNow", { status: "Accepted" });

    const result = await reserve(id, { idTag: "R".repeat(21) });

    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(received).toEqual([]);
    expect(await auditFrames(id, "ReserveNow")).toEqual([]);
    expect(await reservationsOf(id, "Accepted")).toEqual([]);
  });

  it("fails with STATION_NOT_CONNECTED for an identity that never connected", async () => {
    const result = await reserve(uniqueId("GHOST"));

    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe("STATION_NOT_CONNECTED");
  });

  it("fails with STATION_CALL_ERROR when the charger answers CALLERROR, and the unconfirmed reservation reserves nothing", async () => {
    const { id, client } = await charger();
    answer(client, "ReserveNow", () => {
      throw createRPCError("GenericError", "boom");
    });

    const result = await reserve(id);

    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "STATION_CALL_ERROR", ocppErrorCode: "GenericError" });
    expect(await reservationsOf(id, "Accepted")).toEqual([]);
    expect(await reservationsOf(id, "Pending")).toEqual([]);
    const frames = await auditFrames(id, "ReserveNow");
    expect(frames.map((f) => [f.direction, f.messageType])).toEqual([
      ["OUTBOUND", "CALL"],
      ["INBOUND", "CALLERROR"],
    ]);
  });
});

describe("a StartTransaction on a reservation", () => {
  it("marks the reservation Used, with the transaction's id", async () => {
    const { id, client } = await charger();
    answer(client, "ReserveNow", { status: "Accepted" });
    const { reservationId } = (await reserve(id, { connectorId: 1, idTag: "RSV-USE" })).data!.reserveNow;

    const started = (await client.call("StartTransaction", {
      connectorId: 1,
      idTag: "RSV-USE",
      meterStart: 0,
      timestamp: new Date().toISOString(),
      reservationId,
    })) as { transactionId: number };

    expect(await reservationsOf(id)).toEqual([
      { reservationId, connectorId: 1, idTag: "RSV-USE", status: "Used", transactionId: started.transactionId },
    ]);
    const transaction = await app.db.transaction.findUnique({ where: { transactionId: started.transactionId } });
    expect(transaction?.reservationId).toBe(reservationId);
  });

  it("leaves a reservation the charger did not accept alone", async () => {
    const { id, client } = await charger();
    answer(client, "ReserveNow", { status: "Occupied" });
    const { reservationId } = (await reserve(id, { idTag: "RSV-OCC" })).data!.reserveNow;

    await client.call("StartTransaction", {
      connectorId: 1,
      idTag: "RSV-OCC",
      meterStart: 0,
      timestamp: new Date().toISOString(),
      reservationId,
    });

    expect(await reservationsOf(id)).toMatchObject([{ reservationId, status: "Occupied", transactionId: null }]);
  });
});

describe("cancelReservation", () => {
  it("sends the reservationId and marks the reservation Cancelled when the charger accepts", async () => {
    const { id, client } = await charger();
    answer(client, "ReserveNow", { status: "Accepted" });
    const received = answer(client, "CancelReservation", { status: "Accepted" });
    const { reservationId } = (await reserve(id)).data!.reserveNow;

    const result = await graphql(app.graphqlUrl, CANCEL, { cp: id, reservationId });

    expect(result).toEqual({ data: { cancelReservation: { status: "Accepted" } } });
    expect(received).toEqual([{ reservationId }]);
    expect(await reservationsOf(id)).toMatchObject([{ reservationId, status: "Cancelled" }]);
    const frames = await auditFrames(id, "CancelReservation");
    expect(frames.map((f) => [f.direction, f.messageType, f.payload])).toEqual([
      ["OUTBOUND", "CALL", { reservationId }],
      ["INBOUND", "CALLRESULT", { status: "Accepted" }],
    ]);
  });

  it("keeps the reservation Accepted when the charger rejects the cancellation", async () => {
    const { id, client } = await charger();
    answer(client, "ReserveNow", { status: "Accepted" });
    answer(client, "CancelReservation", { status: "Rejected" });
    const { reservationId } = (await reserve(id)).data!.reserveNow;

    const result = await graphql(app.graphqlUrl, CANCEL, { cp: id, reservationId });

    expect(result).toEqual({ data: { cancelReservation: { status: "Rejected" } } });
    expect(await reservationsOf(id)).toMatchObject([{ reservationId, status: "Accepted" }]);
  });

  it.each(["Accepted", "Rejected"])(
    "sends a reservationId this system does not know, returns the charger's %s and stores nothing",
    async (status) => {
      const { id, client } = await charger();
      const received = answer(client, "CancelReservation", { status });

      const result = await graphql(app.graphqlUrl, CANCEL, { cp: id, reservationId: 2_000_000_000 });

      expect(result).toEqual({ data: { cancelReservation: { status } } });
      expect(received).toEqual([{ reservationId: 2_000_000_000 }]);
      expect(await reservationsOf(id)).toEqual([]);
      expect(await app.db.reservation.findUnique({ where: { reservationId: 2_000_000_000 } })).toBeNull();
    },
  );

  it("sends another charge point's reservationId to the named charger only, and leaves the owner's reservation alone", async () => {
    const owner = await charger();
    const { id, client } = await charger();
    answer(owner.client, "ReserveNow", { status: "Accepted" });
    const receivedByOwner = answer(owner.client, "CancelReservation", { status: "Accepted" });
    const received = answer(client, "CancelReservation", { status: "Accepted" });
    const { reservationId } = (await reserve(owner.id)).data!.reserveNow;

    const result = await graphql(app.graphqlUrl, CANCEL, { cp: id, reservationId });

    expect(result).toEqual({ data: { cancelReservation: { status: "Accepted" } } });
    expect(received).toEqual([{ reservationId }]);
    expect(receivedByOwner).toEqual([]);
    expect(await reservationsOf(owner.id)).toMatchObject([{ reservationId, status: "Accepted" }]);
  });
});

describe("reservation expiry", () => {
  it("turns an Accepted reservation whose expiry passed into Expired, and leaves the others alone", async () => {
    const { id, client } = await charger();
    answer(client, "ReserveNow", (params) => ({ status: params.idTag === "RSV-NO" ? "Rejected" : "Accepted" }));
    const soon = new Date(Date.now() + 1_200);
    const shortLived = (await reserve(id, { connectorId: 1, idTag: "RSV-SHORT", expiryDate: soon.toISOString() })).data!
      .reserveNow.reservationId;
    const rejected = (await reserve(id, { connectorId: 2, idTag: "RSV-NO", expiryDate: soon.toISOString() })).data!
      .reserveNow.reservationId;
    const longLived = (await reserve(id, { connectorId: 3, idTag: "RSV-LONG" })).data!.reserveNow.reservationId;

    const reservations = new ReservationService(new ReservationStore(app.db), reservationCommands(app.ocpp));
    await until(async () => {
      await reservations.expireOverdue();
      return (await reservationsOf(id)).some((r) => r.reservationId === shortLived && r.status === "Expired");
    }, "the short-lived reservation expires once its expiry passed");

    const byId = Object.fromEntries((await reservationsOf(id)).map((r) => [r.reservationId, r.status]));
    expect(byId).toEqual({ [shortLived]: "Expired", [rejected]: "Rejected", [longLived]: "Accepted" });
  });

  it("does not let an expired reservation be used by a later StartTransaction", async () => {
    const { id, client } = await charger();
    answer(client, "ReserveNow", { status: "Accepted" });
    const soon = new Date(Date.now() + 800);
    const { reservationId } = (await reserve(id, { idTag: "RSV-LATE", expiryDate: soon.toISOString() })).data!
      .reserveNow;
    await until(() => Date.now() > soon.getTime(), "the reservation's expiry passes");

    await client.call("StartTransaction", {
      connectorId: 1,
      idTag: "RSV-LATE",
      meterStart: 0,
      timestamp: new Date().toISOString(),
      reservationId,
    });
    await new ReservationService(new ReservationStore(app.db), reservationCommands(app.ocpp)).expireOverdue();

    expect(await reservationsOf(id)).toMatchObject([{ reservationId, status: "Expired", transactionId: null }]);
  });
});
