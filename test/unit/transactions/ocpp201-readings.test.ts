import { describe, expect, it } from "vitest";
import { idTokenInfo } from "../../../src/ocpp/v201/handlers/id-token-info.js";
import { scaledDecimal, toMeterReadings } from "../../../src/ocpp/v201/handlers/sampled-values.js";
import { toSessionEvent } from "../../../src/ocpp/v201/handlers/transaction-event.js";

describe("a 2.0.1 sampled value as a reading", () => {
  it("writes out 2.0.1's defaults: an energy register, in Wh, sampled periodically", () => {
    const [reading] = toMeterReadings([{ timestamp: "2026-12-04T10:00:00Z", sampledValue: [{ value: 1234 }] }]);
    expect(reading).toEqual({
      timestamp: new Date("2026-12-04T10:00:00Z"),
      value: "1234",
      context: "Sample.Periodic",
      format: null,
      measurand: "Energy.Active.Import.Register",
      phase: null,
      location: null,
      unit: "Wh",
    });
  });

  it("keeps what the station gave, and applies the unit's multiplier to the value", () => {
    const [reading] = toMeterReadings([
      {
        timestamp: "2026-12-04T10:00:00Z",
        sampledValue: [
          {
            value: 12.3,
            context: "Transaction.Begin",
            measurand: "Energy.Active.Import.Register",
            location: "Outlet",
            unitOfMeasure: { unit: "Wh", multiplier: 3 },
          },
        ],
      },
    ]);
    expect(reading).toMatchObject({ value: "12300", context: "Transaction.Begin", location: "Outlet", unit: "Wh" });
  });
});

describe("scaledDecimal", () => {
  it.each([
    [12.3, 3, "12300"],
    [12345, -3, "12.345"],
    [0.05, 0, "0.05"],
    [1.5e-7, 0, "0.00000015"],
    [1e21, 0, "1000000000000000000000"],
    [-2.5, -1, "-0.25"],
    [0, 3, "0"],
    [7, 0, "7"],
    [100, -2, "1"],
    [1.5, 1_000_000_000, "1.5e1000000000"],
  ])("%d × 10^%d is %s, exactly", (value, multiplier, text) => {
    expect(scaledDecimal(value, multiplier)).toBe(text);
  });
});

describe("a 2.0.1 decision on a token", () => {
  it("says Unknown for a tag we do not know", () => {
    expect(idTokenInfo({ status: "Invalid" })).toEqual({ status: "Unknown" });
  });

  it("carries the tag's expiry as the cache expiry and its parent as the group", () => {
    expect(idTokenInfo({ status: "Accepted", expiryDate: "2030-01-01T00:00:00.000Z", parentIdTag: "FLEET" })).toEqual({
      status: "Accepted",
      cacheExpiryDateTime: "2030-01-01T00:00:00.000Z",
      groupIdToken: { idToken: "FLEET", type: "Central" },
    });
  });
});

describe("a TransactionEvent as a session event", () => {
  const base = {
    eventType: "Ended" as const,
    timestamp: "2026-12-04T10:00:00Z",
    triggerReason: "StopAuthorized" as const,
    seqNo: 7,
    transactionInfo: { transactionId: "abc" },
  };

  it("ends Local when the station gives no reason, and a StopAuthorized token stops", () => {
    const event = toSessionEvent({ ...base, idToken: { idToken: "TAG", type: "ISO14443" } });
    expect(event).toMatchObject({ kind: "Ended", stopReason: "Local", tokenStops: true, offline: false });
    expect(event.token).toEqual({ idTag: "TAG", type: "ISO14443" });
  });

  it("takes a NoAuthorization token as one that needs no authorization", () => {
    const event = toSessionEvent({
      ...base,
      eventType: "Started",
      triggerReason: "CablePluggedIn",
      idToken: { idToken: "", type: "NoAuthorization" },
    });
    expect(event).toMatchObject({ stopReason: null, tokenStops: false, token: { idTag: null } });
  });
});
