import { describe, expect, it } from "vitest";
import {
  applyConnectorEvent,
  applyTransactionEvent,
  prependMessage,
  upsertConnector,
  upsertStation,
  upsertTransaction,
} from "./live";

const station = (
  chargePointId: string,
  connectors: Array<{ chargePointId: string; connectorId: number; status: string }> = [],
) => ({
  chargePointId,
  connected: true,
  connectors,
});

describe("live list reducers", () => {
  it("upsertStation replaces in place and inserts new stations in id order", () => {
    const list = [station("A"), station("C")];
    const updated = upsertStation(list, { ...station("C"), connected: false });
    expect(updated.map((s) => [s.chargePointId, s.connected])).toEqual([
      ["A", true],
      ["C", false],
    ]);
    expect(updated[0]).toBe(list[0]);
    expect(upsertStation(list, station("B")).map((s) => s.chargePointId)).toEqual(["A", "B", "C"]);
    expect(upsertStation(list, station("D")).map((s) => s.chargePointId)).toEqual(["A", "C", "D"]);
  });

  it("applyConnectorEvent updates only the station the connector belongs to, keeping connector order", () => {
    const list = [station("A", [{ chargePointId: "A", connectorId: 2, status: "Available" }]), station("B")];
    const next = applyConnectorEvent(list, { chargePointId: "A", connectorId: 1, status: "Charging" });
    expect(next[0]!.connectors.map((c) => `${c.connectorId}:${c.status}`)).toEqual(["1:Charging", "2:Available"]);
    expect(next[1]).toBe(list[1]);
    expect(applyConnectorEvent(list, { chargePointId: "Z", connectorId: 1, status: "Faulted" })).toBe(list);
    expect(
      upsertConnector(next[0]!.connectors, { chargePointId: "A", connectorId: 2, status: "Faulted" }).map(
        (c) => c.status,
      ),
    ).toEqual(["Charging", "Faulted"]);
  });

  it("connectors of a 2.0.1 station are told apart by EVSE, not by their number alone", () => {
    const connector = (evseId: number, connectorId: number, status: string) => ({ evseId, connectorId, status });
    let connectors = [connector(1, 1, "Available"), connector(2, 1, "Available")];
    connectors = upsertConnector(connectors, connector(2, 1, "Occupied"));
    expect(connectors).toEqual([connector(1, 1, "Available"), connector(2, 1, "Occupied")]);
    connectors = upsertConnector(connectors, connector(1, 2, "Faulted"));
    expect(connectors.map((c) => `${c.evseId}/${c.connectorId}`)).toEqual(["1/1", "1/2", "2/1"]);
  });

  it("transactions move from active to past when they stop, newest first", () => {
    const t = (transactionId: number, active: boolean) => ({ transactionId, active, energyWh: 0 });
    let lists = { active: [t(5, true)], past: [t(3, false)] };
    lists = applyTransactionEvent(lists, t(7, true));
    expect(lists.active.map((x) => x.transactionId)).toEqual([7, 5]);
    lists = applyTransactionEvent(lists, { ...t(5, false), energyWh: 1200 });
    expect(lists.active.map((x) => x.transactionId)).toEqual([7]);
    expect(lists.past.map((x) => [x.transactionId, x.energyWh])).toEqual([
      [5, 1200],
      [3, 0],
    ]);
    expect(upsertTransaction([t(9, true)], { ...t(9, true), energyWh: 50 })[0]!.energyWh).toBe(50);
  });

  it("prependMessage puts new messages first, honours the action filter and drops duplicates", () => {
    const m = (id: string, action: string) => ({ id, action });
    const list = [m("2", "Heartbeat"), m("1", "BootNotification")];
    expect(prependMessage(list, m("3", "StatusNotification"), undefined).map((x) => x.id)).toEqual(["3", "2", "1"]);
    expect(prependMessage(list, m("3", "StatusNotification"), "Heartbeat")).toBe(list);
    expect(prependMessage(list, m("2", "Heartbeat"), undefined)).toBe(list);
    expect(prependMessage(list, m("3", "Heartbeat"), undefined, 2).map((x) => x.id)).toEqual(["3", "2"]);
  });
});
