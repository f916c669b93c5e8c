// OCPP 2.0.1 event severities (0 is the most severe), as the station events list shows them.

/** The specification's name for each severity level, 0 to 9. */
export const SEVERITY_NAMES = [
  "Danger",
  "Hardware failure",
  "System failure",
  "Critical",
  "Error",
  "Alert",
  "Warning",
  "Notice",
  "Informational",
  "Debug",
] as const;

/** The badge tone of a severity: failures and worse red, errors to warnings amber, the rest calm. */
export function severityTone(severity: number | null | undefined): string {
  if (severity == null) return "muted";
  if (severity <= 3) return "error";
  if (severity <= 6) return "warn";
  if (severity <= 8) return "info";
  return "muted";
}

export const severityName = (severity: number | null | undefined) =>
  severity == null ? "No severity" : (SEVERITY_NAMES[severity] ?? `Severity ${severity}`);

export type EventFilter = { kind?: string | null; minSeverity?: number | null };

/** Whether an event belongs in a list filtered the way the server filters stationEvents(kind, minSeverity). */
export function passesEventFilter(
  event: { kind: string; severity?: number | null },
  { kind, minSeverity }: EventFilter,
): boolean {
  if (kind && event.kind !== kind) return false;
  if (minSeverity != null && (event.severity == null || event.severity > minSeverity)) return false;
  return true;
}
