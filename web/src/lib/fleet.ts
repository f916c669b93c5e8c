import type { OcppVersion } from "../gql/enums";

// What differs between stations of the two OCPP versions, in one place, so views stay version-neutral.

/** How an operator names each version: a version added to the schema does not typecheck until it has a name. */
export const VERSION_NAMES: Record<OcppVersion, string> = {
  OCPP16: "1.6",
  OCPP201: "2.0.1",
};

/** Whether the station groups its connectors in EVSEs of their own (2.0.1) rather than being one EVSE per connector. */
export const hasEvses = (version: OcppVersion) => version !== "OCPP16";

/** Whether the station describes itself in a device model (2.0.1) rather than in configuration keys (1.6). */
export const hasDeviceModel = (version: OcppVersion) => version !== "OCPP16";

type PlacedConnector = { evseId: number; connectorId: number };

/** One EVSE with its connectors, in connector order. */
export type EvseGroup<C extends PlacedConnector> = { evseId: number; connectors: C[] };

/** Connectors grouped by EVSE, EVSEs and connectors in ascending order. */
export function groupByEvse<C extends PlacedConnector>(connectors: readonly C[]): EvseGroup<C>[] {
  const groups = new Map<number, C[]>();
  for (const connector of connectors) {
    const group = groups.get(connector.evseId) ?? [];
    group.push(connector);
    groups.set(connector.evseId, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([evseId, group]) => ({ evseId, connectors: group.sort((a, b) => a.connectorId - b.connectorId) }));
}

/** "Connector 2" (1.6), "Charge point" (1.6 connector 0) or "EVSE 1 · connector 2" (2.0.1). */
export function connectorName(connector: PlacedConnector, version: OcppVersion): string {
  if (hasEvses(version)) return `EVSE ${connector.evseId} · connector ${connector.connectorId}`;
  return connector.connectorId === 0 ? "Charge point" : `Connector ${connector.connectorId}`;
}

type SessionIdentity = { ocppVersion: OcppVersion };
type SessionPlace = { evseId?: number | null; connectorId?: number | null };

/** Whether the session comes from a station that names its transactions itself (2.0.1); 1.6 stations use our id. */
export const isStationNamedSession = (t: SessionIdentity) => t.ocppVersion === "OCPP201";

/** Where a session charges: "2" (1.6 connector), "EVSE 1 · 2" or "EVSE 1" while a 2.0.1 station has not named the connector. */
export function sessionPlace(t: SessionIdentity & SessionPlace): string {
  if (!isStationNamedSession(t)) return t.connectorId == null ? "—" : String(t.connectorId);
  if (t.evseId == null) return "—";
  return t.connectorId == null ? `EVSE ${t.evseId}` : `EVSE ${t.evseId} · ${t.connectorId}`;
}

/** The same in words: "connector 2", "EVSE 1 · connector 2", "EVSE 1", or "no connector yet". */
export function sessionPlaceName(t: SessionIdentity & SessionPlace): string {
  if (isStationNamedSession(t) && t.evseId != null) {
    return t.connectorId == null ? `EVSE ${t.evseId}` : `EVSE ${t.evseId} · connector ${t.connectorId}`;
  }
  return t.connectorId == null ? "no connector yet" : `connector ${t.connectorId}`;
}
