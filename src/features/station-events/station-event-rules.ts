import type { ReportedComponent, ReportedVariable } from "../device-model/device-model-rules.js";

/**
 * The security events the specification's list marks critical (OCPP 2.0.1 Part 2, Appendix 1, as updated for
 * Errata 2 and Edition 3): the ones a station must push to the central system, not only keep in its security log.
 * The 1.6 Security Whitepaper lists the same events under the same names (its certificate events are named for the
 * Central System and the Charge Point, which this list does not hold) but marks fewer of them critical: an event is
 * graded by what it says happened, not by the version of the station that says it, so that a filter on severity 0
 * finds the same events across the network.
 */
export const CRITICAL_SECURITY_EVENTS: ReadonlySet<string> = new Set([
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
]);

/** The most severe level (Danger); 9 (Debug) is the least. */
export const DANGER_SEVERITY = 0;

/** A security event's severity: Danger for a critical one, none for any other (the specification gives none). */
export function securityEventSeverity(type: string): number | null {
  return CRITICAL_SECURITY_EVENTS.has(type) ? DANGER_SEVERITY : null;
}

/** What a station notifies about one of its variables: a monitor tripped or cleared, or a hard-wired event. */
export type NotifiedEvent = {
  eventId: number;
  /** Alerting, Delta or Periodic. */
  trigger: string;
  at: Date;
  component: ReportedComponent;
  variable: ReportedVariable;
  actualValue: string;
  cleared?: boolean;
  techCode?: string;
  techInfo?: string;
  transactionId?: string;
  /** The monitor that raised it, whose severity the event takes. */
  monitorId?: number;
};

/** A security event as a station reports it. */
export type SecurityEventReport = { type: string; at: Date; techInfo?: string };

/**
 * One row of station_events before it is stored. A notification's severity is its monitor's, which the store looks
 * up as it writes (monitorId); a security event's is graded here.
 */
export type StationEventRow = {
  kind: "Notification" | "Security";
  eventId: number | null;
  type: string;
  severity: number | null;
  monitorId: number | null;
  timestamp: Date;
  component: string | null;
  variable: string | null;
  evseId: number | null;
  connectorId: number | null;
  actualValue: string | null;
  cleared: boolean | null;
  techCode: string | null;
  techInfo: string | null;
  transactionId: string | null;
};

export function notificationRow(event: NotifiedEvent): StationEventRow {
  return {
    kind: "Notification",
    eventId: event.eventId,
    type: event.trigger,
    severity: null,
    monitorId: event.monitorId ?? null,
    timestamp: event.at,
    component: event.component.name,
    variable: event.variable.name,
    evseId: event.component.evse?.id ?? null,
    connectorId: event.component.evse?.connectorId ?? null,
    actualValue: event.actualValue,
    cleared: event.cleared ?? null,
    techCode: event.techCode ?? null,
    techInfo: event.techInfo ?? null,
    transactionId: event.transactionId ?? null,
  };
}

export function securityEventRow(event: SecurityEventReport): StationEventRow {
  return {
    kind: "Security",
    eventId: null,
    type: event.type,
    severity: securityEventSeverity(event.type),
    monitorId: null,
    timestamp: event.at,
    component: null,
    variable: null,
    evseId: null,
    connectorId: null,
    actualValue: null,
    cleared: null,
    techCode: null,
    techInfo: event.techInfo ?? null,
    transactionId: null,
  };
}
