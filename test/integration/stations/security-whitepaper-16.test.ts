import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootChargePoint, startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { graphql } from "../../helpers/graphql.js";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

const STATUS = `query ($id: String!) { station(chargePointId: $id) { firmwareStatus diagnosticsStatus } }`;

describe("the Security Whitepaper's station messages from a 1.6 charger", () => {
  it("keeps a log upload's and a signed firmware update's progress where the classic notifications go", async () => {
    const identity = uniqueId();
    const charger = await bootChargePoint(app, identity);
    expect(await charger.call("LogStatusNotification", { status: "Uploading", requestId: 7 })).toEqual({});
    expect(
      await charger.call("SignedFirmwareStatusNotification", { status: "SignatureVerified", requestId: 8 }),
    ).toEqual({});
    const station = await graphql(app.graphqlInProcess, STATUS, { id: identity });
    expect(station.data!.station).toEqual({ firmwareStatus: "SignatureVerified", diagnosticsStatus: "Uploading" });
    await charger.close();
  });

  it("rejects a certificate signing request while no certificate authority is configured", async () => {
    const charger = await bootChargePoint(app, uniqueId());
    const csr = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----";
    expect(await charger.call("SignCertificate", { csr })).toEqual({ status: "Rejected" });
    await charger.close();
  });
});
