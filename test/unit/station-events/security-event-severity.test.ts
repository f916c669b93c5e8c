import { describe, expect, it } from "vitest";
import {
  CRITICAL_SECURITY_EVENTS,
  notificationRow,
  securityEventRow,
  securityEventSeverity,
} from "../../../src/features/station-events/station-event-rules.js";

describe("the severity of a security event", () => {
  it.each([
    "FirmwareUpdated",
    "SettingSystemTime",
    "StartupOfTheDevice",
    "ResetOrReboot",
    "SecurityLogWasCleared",
    "MemoryExhaustion",
    "TamperDetectionActivated",
    "InvalidFirmwareSignature",
    "InvalidFirmwareSigningCertificate",
    "InvalidCsmsCertificate",
    "InvalidChargingStationCertificate",
    "InvalidTLSVersion",
    "InvalidTLSCipherSuite",
    "MaintenanceLoginAccepted",
    "MaintenanceLoginFailed",
  ])("is 0 (Danger) for %s, which the specification marks critical", (type) => {
    expect(securityEventSeverity(type)).toBe(0);
  });

  it.each([
    "FailedToAuthenticateAtCsms",
    "CsmsFailedToAuthenticate",
    "ReconfigurationOfSecurityParameters",
    "InvalidMessages",
    "AttemptedReplayAttacks",
    // The 1.6 Security Whitepaper's names, which it does not mark critical.
    "FailedToAuthenticateAtCentralSystem",
    "CentralSystemFailedToAuthenticate",
    "InvalidCentralSystemCertificate",
    "InvalidChargePointCertificate",
    // A station's own event, and a name in the wrong case.
    "AcmeDoorOpened",
    "tamperdetectionactivated",
  ])("is none for %s, which the specification does not mark critical", (type) => {
    expect(securityEventSeverity(type)).toBeNull();
  });

  it("the list holds the fifteen critical events of the specification's list and nothing else", () => {
    expect(CRITICAL_SECURITY_EVENTS.size).toBe(15);
  });
});

describe("events as rows", () => {
  it("a security event keeps its type, time and technical information, graded by the list", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    expect(securityEventRow({ type: "TamperDetectionActivated", at, techInfo: "door" })).toMatchObject({
      kind: "Security",
      type: "TamperDetectionActivated",
      severity: 0,
      timestamp: at,
      techInfo: "door",
      eventId: null,
      component: null,
    });
  });

  it("a notification takes its trigger as type and its monitor's severity later (none of its own)", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    expect(
      notificationRow({
        eventId: 12,
        trigger: "Alerting",
        at,
        component: { name: "EVSE", instance: "Main", evse: { id: 1, connectorId: 2 } },
        variable: { name: "Power", instance: "L1" },
        actualValue: "23000",
        cleared: false,
        techCode: "OVR",
        techInfo: "over limit",
        transactionId: "tx-1",
        monitorId: 7,
      }),
    ).toEqual({
      kind: "Notification",
      eventId: 12,
      type: "Alerting",
      severity: null,
      monitorId: 7,
      timestamp: at,
      component: "EVSE",
      variable: "Power",
      evseId: 1,
      connectorId: 2,
      actualValue: "23000",
      cleared: false,
      techCode: "OVR",
      techInfo: "over limit",
      transactionId: "tx-1",
    });
  });

  it("a notification about the station as a whole has no EVSE or connector", () => {
    const row = notificationRow({
      eventId: 1,
      trigger: "Delta",
      at: new Date(),
      component: { name: "ChargingStation" },
      variable: { name: "Problem" },
      actualValue: "true",
    });
    expect(row).toMatchObject({ evseId: null, connectorId: null, cleared: null, monitorId: null });
  });
});
