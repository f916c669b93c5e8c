import { describe, expect, it } from "vitest";
import { OcppError } from "../../src/ocpp/errors.js";
import { type MessageKind, OcppValidator } from "../../src/ocpp/validator.js";

const validator = new OcppValidator();

/** Validates and returns the OcppError thrown, failing when the payload is accepted. */
function violationOf(action: string, kind: MessageKind, payload: unknown): OcppError {
  try {
    validator.validate(action, kind, payload);
  } catch (error) {
    expect(error).toBeInstanceOf(OcppError);
    return error as OcppError;
  }
  throw new Error(`${action}.${kind} accepted ${JSON.stringify(payload)}`);
}

const boot = { chargePointVendor: "VendorX", chargePointModel: "SingleSocketCharger" };

describe("OcppValidator: requests a charge point sends", () => {
  it("accepts a valid BootNotification.req with only the required fields", () => {
    expect(() => validator.validate("BootNotification", "req", boot)).not.toThrow();
  });

  it("accepts a valid BootNotification.req with every optional field at its maximum length", () => {
    const full = {
      chargePointVendor: "v".repeat(20),
      chargePointModel: "m".repeat(20),
      chargePointSerialNumber: "s".repeat(25),
      chargeBoxSerialNumber: "b".repeat(25),
      firmwareVersion: "f".repeat(50),
      iccid: "i".repeat(20),
      imsi: "i".repeat(20),
      meterType: "t".repeat(25),
      meterSerialNumber: "n".repeat(25),
    };
    expect(() => validator.validate("BootNotification", "req", full)).not.toThrow();
  });

  it("accepts an empty Heartbeat.req", () => {
    expect(() => validator.validate("Heartbeat", "req", {})).not.toThrow();
  });

  it("reports a missing required property as OccurenceConstraintViolation (OCPP 1.6 spelling) naming it", () => {
    const error = violationOf("BootNotification", "req", { chargePointVendor: "VendorX" });
    expect(error.code).toBe("OccurenceConstraintViolation");
    expect(error.message).toContain("chargePointModel");
    expect(error.details).toMatchObject({ keyword: "required" });
  });

  it("reports a property of the wrong JSON type as TypeConstraintViolation", () => {
    const error = violationOf("StatusNotification", "req", {
      connectorId: "1",
      errorCode: "NoError",
      status: "Available",
    });
    expect(error.code).toBe("TypeConstraintViolation");
    expect(error.details).toMatchObject({ path: "/connectorId", keyword: "type" });
  });

  it("reports a non-integer number where an integer is required as TypeConstraintViolation", () => {
    const error = violationOf("StatusNotification", "req", {
      connectorId: 1.5,
      errorCode: "NoError",
      status: "Available",
    });
    expect(error.code).toBe("TypeConstraintViolation");
  });

  it("reports a payload that is not an object as TypeConstraintViolation", () => {
    expect(violationOf("Heartbeat", "req", []).code).toBe("TypeConstraintViolation");
  });

  it("reports a string longer than its maxLength as PropertyConstraintViolation", () => {
    const error = violationOf("BootNotification", "req", { ...boot, chargePointVendor: "v".repeat(21) });
    expect(error.code).toBe("PropertyConstraintViolation");
    expect(error.details).toMatchObject({ path: "/chargePointVendor", keyword: "maxLength" });
  });

  it("reports a value outside its enumeration as PropertyConstraintViolation listing the allowed values", () => {
    const error = violationOf("StatusNotification", "req", {
      connectorId: 1,
      errorCode: "NoError",
      status: "Sleeping",
    });
    expect(error.code).toBe("PropertyConstraintViolation");
    expect(error.message).toContain("Available");
    expect(error.details).toMatchObject({ path: "/status", keyword: "enum" });
  });

  it.each(["yesterday", "2024-13-01T00:00:00Z", "2024-01-01"])(
    "reports a malformed date-time (%s) as PropertyConstraintViolation",
    (timestamp) => {
      const error = violationOf("StatusNotification", "req", {
        connectorId: 1,
        errorCode: "NoError",
        status: "Available",
        timestamp,
      });
      expect(error.code).toBe("PropertyConstraintViolation");
      expect(error.details).toMatchObject({ path: "/timestamp", keyword: "format" });
    },
  );

  it("accepts a well-formed date-time", () => {
    expect(() =>
      validator.validate("StatusNotification", "req", {
        connectorId: 1,
        errorCode: "NoError",
        status: "Available",
        timestamp: "2024-05-06T07:08:09.123Z",
      }),
    ).not.toThrow();
  });

  it("reports a property the PDU does not define as FormationViolation naming it", () => {
    const error = violationOf("Heartbeat", "req", { extra: true });
    expect(error.code).toBe("FormationViolation");
    expect(error.message).toContain("extra");
    expect(error.details).toMatchObject({ keyword: "additionalProperties" });
  });

  it("reports a violation nested inside arrays of objects with its JSON path", () => {
    const error = violationOf("MeterValues", "req", {
      connectorId: 1,
      meterValue: [{ timestamp: "2024-01-01T00:00:00Z", sampledValue: [{ value: "1", unit: "furlongs" }] }],
    });
    expect(error.code).toBe("PropertyConstraintViolation");
    expect(error.details).toMatchObject({ path: "/meterValue/0/sampledValue/0/unit" });
  });
});

describe("OcppValidator: responses (.conf)", () => {
  it("accepts a valid Heartbeat.conf", () => {
    expect(() => validator.validate("Heartbeat", "conf", { currentTime: "2024-01-01T00:00:00.000Z" })).not.toThrow();
  });

  it("accepts a valid BootNotification.conf", () => {
    expect(() =>
      validator.validate("BootNotification", "conf", {
        status: "Accepted",
        currentTime: "2024-01-01T00:00:00Z",
        interval: 300,
      }),
    ).not.toThrow();
  });

  it("rejects a BootNotification.conf without interval as OccurenceConstraintViolation", () => {
    const error = violationOf("BootNotification", "conf", { status: "Accepted", currentTime: "2024-01-01T00:00:00Z" });
    expect(error.code).toBe("OccurenceConstraintViolation");
    expect(error.message).toContain("BootNotification.conf");
  });

  it("rejects a BootNotification.conf with an unknown status as PropertyConstraintViolation", () => {
    const error = violationOf("BootNotification", "conf", {
      status: "Maybe",
      currentTime: "2024-01-01T00:00:00Z",
      interval: 300,
    });
    expect(error.code).toBe("PropertyConstraintViolation");
  });

  it("rejects a Heartbeat.conf whose currentTime is not a date-time as PropertyConstraintViolation", () => {
    expect(violationOf("Heartbeat", "conf", { currentTime: "noon" }).code).toBe("PropertyConstraintViolation");
  });

  it("validates the answers to central-system-initiated actions, e.g. Reset.conf", () => {
    expect(() => validator.validate("Reset", "conf", { status: "Accepted" })).not.toThrow();
    expect(violationOf("Reset", "conf", { status: 1 }).code).toBe("TypeConstraintViolation");
    expect(violationOf("Reset", "conf", {}).code).toBe("OccurenceConstraintViolation");
  });

  it("checks a response against the .conf schema, not the .req schema of the same action", () => {
    expect(violationOf("BootNotification", "conf", boot).code).toBe("OccurenceConstraintViolation");
  });
});

describe("OcppValidator: which actions exist", () => {
  it("knows every OCPP 1.6 action in either direction", () => {
    for (const action of [
      "Heartbeat",
      "BootNotification",
      "StatusNotification",
      "MeterValues",
      "Reset",
      "RemoteStartTransaction",
      "GetConfiguration",
    ]) {
      expect(validator.knows(action), action).toBe(true);
    }
  });

  it("does not know actions outside OCPP 1.6", () => {
    expect(validator.knows("Foo")).toBe(false);
    expect(validator.knows("FooBar")).toBe(false);
    expect(validator.knows("heartbeat")).toBe(false);
    expect(validator.knows("")).toBe(false);
  });

  it("throws NotImplemented when asked to validate an unknown action", () => {
    expect(violationOf("Foo", "req", {}).code).toBe("NotImplemented");
    expect(violationOf("Foo", "conf", {}).code).toBe("NotImplemented");
  });
});

describe("OcppValidator: limits OCPP 1.6 states beyond its JSON schemas, for the requests we send", () => {
  const profile = {
    chargingProfileId: 1,
    stackLevel: 0,
    chargingProfilePurpose: "TxDefaultProfile",
    chargingProfileKind: "Relative",
    chargingSchedule: { chargingRateUnit: "A", chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
  };
  const schedule = profile.chargingSchedule;

  it.each([
    ["UnlockConnector", { connectorId: 0 }, "connectorId must be greater than 0 (connectors are numbered from 1)"],
    ["RemoteStartTransaction", { idTag: "T", connectorId: 0 }, "connectorId must be greater than 0"],
    [
      "TriggerMessage",
      { requestedMessage: "StatusNotification", connectorId: 0 },
      "connectorId must be greater than 0",
    ],
    ["ChangeAvailability", { connectorId: -1, type: "Operative" }, "connectorId must be 0 or more"],
    [
      "ReserveNow",
      { connectorId: -1, expiryDate: "2030-01-01T00:00:00Z", idTag: "T", reservationId: 1 },
      "connectorId must be 0 or more",
    ],
    ["GetCompositeSchedule", { connectorId: -1, duration: 60 }, "connectorId must be 0 or more"],
    ["GetCompositeSchedule", { connectorId: 0, duration: -1 }, "duration must be 0 or more"],
    ["SetChargingProfile", { connectorId: -1, csChargingProfiles: profile }, "connectorId must be 0 or more"],
    [
      "SetChargingProfile",
      { connectorId: 0, csChargingProfiles: { ...profile, stackLevel: -1 } },
      "csChargingProfiles.stackLevel must be 0 or more (the lowest stack level is 0)",
    ],
    [
      "SetChargingProfile",
      { connectorId: 0, csChargingProfiles: { ...profile, chargingSchedule: { ...schedule, duration: -60 } } },
      "csChargingProfiles.chargingSchedule.duration must be 0 or more",
    ],
    [
      "RemoteStartTransaction",
      {
        idTag: "T",
        chargingProfile: {
          ...profile,
          chargingProfilePurpose: "TxProfile",
          chargingSchedule: {
            ...schedule,
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 16 },
              { startPeriod: -5, limit: 8 },
            ],
          },
        },
      },
      "chargingProfile.chargingSchedule.chargingSchedulePeriod[1].startPeriod must be 0 or more",
    ],
    ["ClearChargingProfile", { connectorId: -1 }, "connectorId must be 0 or more"],
    ["ClearChargingProfile", { stackLevel: -1 }, "stackLevel must be 0 or more"],
    ["SendLocalList", { listVersion: 0, updateType: "Full" }, "listVersion must be greater than 0"],
  ])("refuses %s %j as PropertyConstraintViolation naming the field and the rule", (action, payload, message) => {
    const error = violationOf(action, "req", payload);
    expect(error.code).toBe("PropertyConstraintViolation");
    expect(error.message).toContain(`${action}.req: ${message}`);
  });

  it.each([
    ["UnlockConnector", { connectorId: 1 }],
    [
      "RemoteStartTransaction",
      { idTag: "T", connectorId: 1, chargingProfile: { ...profile, chargingProfilePurpose: "TxProfile" } },
    ],
    ["TriggerMessage", { requestedMessage: "StatusNotification" }],
    ["ChangeAvailability", { connectorId: 0, type: "Operative" }],
    ["ReserveNow", { connectorId: 0, expiryDate: "2030-01-01T00:00:00Z", idTag: "T", reservationId: 1 }],
    ["GetCompositeSchedule", { connectorId: 0, duration: 0 }],
    [
      "SetChargingProfile",
      { connectorId: 0, csChargingProfiles: { ...profile, chargingSchedule: { ...schedule, duration: 0 } } },
    ],
    ["ClearChargingProfile", { connectorId: 0, stackLevel: 0 }],
    ["SendLocalList", { listVersion: 1, updateType: "Full", localAuthorizationList: [] }],
  ])("accepts %s %j at the limit", (action, payload) => {
    expect(() => validator.validate(action, "req", payload)).not.toThrow();
  });

  it("leaves the charger's own messages alone: a StatusNotification for connector 0 is valid", () => {
    const status = { connectorId: 0, errorCode: "NoError", status: "Available" };
    expect(() => validator.validate("StatusNotification", "req", status)).not.toThrow();
  });
});
