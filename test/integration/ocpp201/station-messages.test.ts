import type { RPCClient } from "ocpp-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VendorDataTransferHandler } from "../../../src/ocpp/v16/handlers/index.js";
import { bootStation201, startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { graphql } from "../../helpers/graphql.js";

// The station-initiated 2.0.1 messages besides the core, transactions and the device model, each sent by a strict
// 2.0.1 charger (which validates our answer against the 2.0.1 schema): what the CSMS answers, what it keeps, and that
// both frames are in the station's audit log.

let app: TestApp;
/** What the test vendor's DataTransfer handler was given, by messageId. */
const vendorRequests = new Map<string, Parameters<VendorDataTransferHandler>[0]>();

beforeAll(async () => {
  const echo: VendorDataTransferHandler = async (request) => {
    vendorRequests.set(request.messageId ?? "", request);
    return { status: "Accepted", data: `echo:${request.data ?? ""}` };
  };
  app = await startTestApp({}, { dataTransferHandlers: new Map([["com.example.echo", echo]]) });
});
afterAll(async () => {
  await app?.close();
});

const chargers: RPCClient[] = [];
afterAll(async () => {
  await Promise.all(chargers.map((charger) => charger.close({ force: true })));
});

/** A strict 2.0.1 charger that has booted and been accepted. */
async function bootedStation() {
  const chargePointId = uniqueId("S201");
  const charger = await bootStation201(app, chargePointId);
  chargers.push(charger);
  return { chargePointId, call: (action: string, payload: object) => charger.call(action, payload) };
}

async function query(text: string, variables: Record<string, unknown>) {
  const result = await graphql(app.graphqlUrl, text, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

const STATION = `query ($cp: String!) {
  station(chargePointId: $cp) { firmwareStatus diagnosticsStatus reservations { reservationId status } }
}`;

/** The station's frames of `action` in its audit log, as GraphQL shows them, oldest first. */
async function framesOf(chargePointId: string, action: string) {
  await app.audit.flush();
  const { messages } = await query(
    `query ($cp: String!, $action: String!) {
      messages(chargePointId: $cp, action: $action) { edges { node { direction messageType payload errorCode } } }
    }`,
    { cp: chargePointId, action },
  );
  return (messages.edges as Array<{ node: Record<string, unknown> }>).map(({ node }) => node).reverse();
}

/** Sends the CALL, expects `answer`, and expects the CALL and its CALLRESULT in the audit log. */
async function sendAndAudit(action: string, payload: Record<string, unknown>, answer: Record<string, unknown>) {
  const station = await bootedStation();
  expect(await station.call(action, payload)).toEqual(answer);
  expect(await framesOf(station.chargePointId, action)).toEqual([
    { direction: "INBOUND", messageType: "CALL", payload, errorCode: null },
    { direction: "OUTBOUND", messageType: "CALLRESULT", payload: answer, errorCode: null },
  ]);
  return station;
}

const chargingSchedule = {
  id: 1,
  chargingRateUnit: "W",
  chargingSchedulePeriod: [
    { startPeriod: 0, limit: 11_000 },
    { startPeriod: 1800, limit: 7400 },
  ],
};

describe("what the CSMS keeps", () => {
  it("FirmwareStatusNotification sets the station's firmwareStatus", async () => {
    const { chargePointId } = await sendAndAudit(
      "FirmwareStatusNotification",
      { status: "SignatureVerified", requestId: 7 },
      {},
    );
    expect((await query(STATION, { cp: chargePointId })).station.firmwareStatus).toBe("SignatureVerified");
  });

  it("LogStatusNotification sets the station's diagnostics status", async () => {
    const { chargePointId } = await sendAndAudit("LogStatusNotification", { status: "Uploaded", requestId: 3 }, {});
    expect((await query(STATION, { cp: chargePointId })).station.diagnosticsStatus).toBe("Uploaded");
  });

  describe("ReservationStatusUpdate", () => {
    async function reservation(chargePointId: string, status: "Accepted" | "Used") {
      const row = await app.db.reservation.create({
        data: { chargePointId, connectorId: 1, idTag: "RSV-201", expiryDate: new Date(Date.now() + 60_000), status },
      });
      return row.reservationId;
    }
    const statusOf = async (chargePointId: string, reservationId: number) =>
      (await query(STATION, { cp: chargePointId })).station.reservations.find(
        (row: { reservationId: number }) => row.reservationId === reservationId,
      )?.status;

    it("Expired makes the station's Accepted reservation Expired", async () => {
      const station = await bootedStation();
      const reservationId = await reservation(station.chargePointId, "Accepted");
      const payload = { reservationId, reservationUpdateStatus: "Expired" };
      expect(await station.call("ReservationStatusUpdate", payload)).toEqual({});
      expect(await statusOf(station.chargePointId, reservationId)).toBe("Expired");
      expect(await framesOf(station.chargePointId, "ReservationStatusUpdate")).toEqual([
        { direction: "INBOUND", messageType: "CALL", payload, errorCode: null },
        { direction: "OUTBOUND", messageType: "CALLRESULT", payload: {}, errorCode: null },
      ]);
    });

    it("Removed makes it Cancelled: the station ended it before its time, without a session", async () => {
      const station = await bootedStation();
      const reservationId = await reservation(station.chargePointId, "Accepted");
      expect(
        await station.call("ReservationStatusUpdate", { reservationId, reservationUpdateStatus: "Removed" }),
      ).toEqual({});
      expect(await statusOf(station.chargePointId, reservationId)).toBe("Cancelled");
    });

    it("leaves a reservation a session used, another station's, or an unknown id as they are", async () => {
      const station = await bootedStation();
      const other = await bootedStation();
      const used = await reservation(station.chargePointId, "Used");
      const othersReservation = await reservation(other.chargePointId, "Accepted");
      for (const reservationId of [used, othersReservation, 2_000_000_000]) {
        expect(
          await station.call("ReservationStatusUpdate", { reservationId, reservationUpdateStatus: "Expired" }),
        ).toEqual({});
      }
      expect(await statusOf(station.chargePointId, used)).toBe("Used");
      expect(await statusOf(other.chargePointId, othersReservation)).toBe("Accepted");
    });
  });

  describe("DataTransfer", () => {
    it("reaches the vendor's handler registered for 1.6, data that is not text as its JSON text", async () => {
      const messageId = uniqueId("M");
      const data = { meter: { id: "M-1", readings: [1, 2] } };
      await sendAndAudit(
        "DataTransfer",
        { vendorId: "com.example.echo", messageId, data },
        { status: "Accepted", data: `echo:${JSON.stringify(data)}` },
      );
      expect(vendorRequests.get(messageId)).toEqual({
        vendorId: "com.example.echo",
        messageId,
        data: JSON.stringify(data),
      });
    });

    it("passes text data as it is", async () => {
      const messageId = uniqueId("M");
      await sendAndAudit(
        "DataTransfer",
        { vendorId: "com.example.echo", messageId, data: "ping" },
        { status: "Accepted", data: "echo:ping" },
      );
      expect(vendorRequests.get(messageId)?.data).toBe("ping");
    });

    it("answers UnknownVendorId for a vendor no handler is registered for", async () => {
      await sendAndAudit(
        "DataTransfer",
        { vendorId: "com.example.unknown", data: { a: 1 } },
        {
          status: "UnknownVendorId",
        },
      );
    });
  });
});

describe("answered per schema, kept in the audit log only", () => {
  it("NotifyChargingLimit", async () => {
    await sendAndAudit(
      "NotifyChargingLimit",
      {
        evseId: 1,
        chargingLimit: { chargingLimitSource: "EMS", isGridCritical: false },
        chargingSchedule: [chargingSchedule],
      },
      {},
    );
  });

  it("ClearedChargingLimit", async () => {
    await sendAndAudit("ClearedChargingLimit", { chargingLimitSource: "EMS", evseId: 1 }, {});
  });

  it("ReportChargingProfiles", async () => {
    await sendAndAudit(
      "ReportChargingProfiles",
      {
        requestId: 12,
        chargingLimitSource: "CSO",
        evseId: 1,
        chargingProfile: [
          {
            id: 5,
            stackLevel: 0,
            chargingProfilePurpose: "TxDefaultProfile",
            chargingProfileKind: "Absolute",
            chargingSchedule: [{ ...chargingSchedule, startSchedule: "2026-01-01T00:00:00.000Z" }],
          },
        ],
      },
      {},
    );
  });

  it("NotifyEVChargingNeeds is Rejected: this CSMS provides no charging schedule (K15.FR.04)", async () => {
    await sendAndAudit(
      "NotifyEVChargingNeeds",
      {
        evseId: 1,
        maxScheduleTuples: 3,
        chargingNeeds: {
          requestedEnergyTransfer: "AC_three_phase",
          departureTime: "2026-01-01T18:00:00.000Z",
          acChargingParameters: { energyAmount: 30_000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 400 },
        },
      },
      {
        status: "Rejected",
        statusInfo: { reasonCode: "NotEnabled", additionalInfo: "This CSMS does not compute charging schedules." },
      },
    );
  });

  it("NotifyEVChargingSchedule is Accepted: processed, which approves nothing", async () => {
    await sendAndAudit(
      "NotifyEVChargingSchedule",
      { timeBase: "2026-01-01T12:00:00.000Z", evseId: 1, chargingSchedule },
      { status: "Accepted" },
    );
  });

  it("NotifyDisplayMessages", async () => {
    await sendAndAudit(
      "NotifyDisplayMessages",
      {
        requestId: 4,
        messageInfo: [{ id: 1, priority: "NormalCycle", message: { format: "UTF8", content: "Welcome" } }],
      },
      {},
    );
  });

  it("NotifyCustomerInformation", async () => {
    await sendAndAudit(
      "NotifyCustomerInformation",
      { data: "No data for this customer", seqNo: 0, generatedAt: "2026-01-01T12:00:00.000Z", requestId: 9 },
      {},
    );
  });

  it("PublishFirmwareStatusNotification, without touching the station's own firmwareStatus", async () => {
    const { chargePointId } = await sendAndAudit(
      "PublishFirmwareStatusNotification",
      { status: "Published", location: ["https://lc.example/fw.bin"], requestId: 2 },
      {},
    );
    expect((await query(STATION, { cp: chargePointId })).station.firmwareStatus).toBeNull();
  });

  it("SignCertificate is Rejected while no certificate authority is configured", async () => {
    await sendAndAudit(
      "SignCertificate",
      {
        csr: "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----",
        certificateType: "V2GCertificate",
      },
      {
        status: "Rejected",
        statusInfo: { reasonCode: "NotEnabled", additionalInfo: "No certificate authority is configured." },
      },
    );
  });

  it("Get15118EVCertificate Failed, with the empty exiResponse its schema requires", async () => {
    await sendAndAudit(
      "Get15118EVCertificate",
      { iso15118SchemaVersion: "urn:iso:15118:2:2013:MsgDef", action: "Install", exiRequest: "gAB=" },
      {
        status: "Failed",
        statusInfo: { reasonCode: "NotEnabled", additionalInfo: "No contract certificate pool is connected." },
        exiResponse: "",
      },
    );
  });

  it("GetCertificateStatus Failed, without an ocspResult", async () => {
    await sendAndAudit(
      "GetCertificateStatus",
      {
        ocspRequestData: {
          hashAlgorithm: "SHA256",
          issuerNameHash: "a".repeat(64),
          issuerKeyHash: "b".repeat(64),
          serialNumber: "01",
          responderURL: "http://ocsp.example",
        },
      },
      {
        status: "Failed",
        statusInfo: { reasonCode: "NotEnabled", additionalInfo: "This CSMS does not query OCSP responders." },
      },
    );
  });
});
