import { describe, expect, it } from "vitest";
import { connectorName, groupByEvse, isStationNamedSession, sessionPlace, sessionPlaceName } from "./fleet";

describe("a mixed fleet", () => {
  it("groups a 2.0.1 station's connectors by EVSE, both in ascending order", () => {
    const c = (evseId: number, connectorId: number) => ({ evseId, connectorId });
    expect(groupByEvse([c(2, 1), c(1, 2), c(1, 1)])).toEqual([
      { evseId: 1, connectors: [c(1, 1), c(1, 2)] },
      { evseId: 2, connectors: [c(2, 1)] },
    ]);
  });

  it("names connectors as each version counts them", () => {
    expect(connectorName({ evseId: 2, connectorId: 2 }, "OCPP16")).toBe("Connector 2");
    expect(connectorName({ evseId: 0, connectorId: 0 }, "OCPP16")).toBe("Charge point");
    expect(connectorName({ evseId: 2, connectorId: 1 }, "OCPP201")).toBe("EVSE 2 · connector 1");
  });

  it("tells a 2.0.1 session by the version its station spoke for it", () => {
    expect(isStationNamedSession({ ocppVersion: "OCPP16" })).toBe(false);
    expect(isStationNamedSession({ ocppVersion: "OCPP201" })).toBe(true);
  });

  it("places a session on its connector (1.6) or EVSE and connector (2.0.1), with a dash for what is not known", () => {
    const v16 = { ocppVersion: "OCPP16" as const, evseId: 2, connectorId: 2 };
    expect(sessionPlace(v16)).toBe("2");
    expect(sessionPlaceName(v16)).toBe("connector 2");
    const v201 = { ocppVersion: "OCPP201" as const, evseId: 2, connectorId: 1 };
    expect(sessionPlace(v201)).toBe("EVSE 2 · 1");
    expect(sessionPlaceName(v201)).toBe("EVSE 2 · connector 1");
    expect(sessionPlace({ ...v201, connectorId: null })).toBe("EVSE 2");
    expect(sessionPlace({ ...v201, evseId: null, connectorId: null })).toBe("—");
    expect(sessionPlaceName({ ...v201, evseId: null, connectorId: null })).toBe("no connector yet");
  });
});
