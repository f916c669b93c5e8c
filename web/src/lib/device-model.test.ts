import { describe, expect, it } from "vitest";
import { componentTitle, groupVariables, variableTitle } from "./device-model";

const variable = (
  component: string,
  variable: string,
  more: Partial<{
    componentInstance: string;
    evseId: number;
    connectorId: number;
    variableInstance: string;
    attributeType: string;
  }> = {},
) => ({ component, variable, attributeType: "Actual", ...more });

const model = [
  variable("Connector", "AvailabilityState", { evseId: 1, connectorId: 1 }),
  variable("OCPPCommCtrlr", "HeartbeatInterval"),
  variable("EVSE", "Power", { evseId: 1, attributeType: "MaxSet" }),
  variable("EVSE", "Power", { evseId: 1 }),
  variable("ChargingStation", "Available"),
  variable("SampledDataCtrlr", "TxUpdatedInterval"),
  variable("OCPPCommCtrlr", "MessageTimeout", { variableInstance: "Default" }),
];

describe("device model", () => {
  it("groups variables by component: the station's own first, then by EVSE and connector, names in order", () => {
    const groups = groupVariables(model);
    expect(groups.map((g) => g.title)).toEqual([
      "ChargingStation",
      "OCPPCommCtrlr",
      "SampledDataCtrlr",
      "EVSE (EVSE 1)",
      "Connector (EVSE 1 · connector 1)",
    ]);
    expect(groups[1]!.variables.map(variableTitle)).toEqual(["HeartbeatInterval", "MessageTimeout (Default)"]);
    expect(groups[3]!.variables.map(variableTitle)).toEqual(["Power", "Power · MaxSet"]);
  });

  it("filters by component (keeping all its variables) or by variable, ignoring case", () => {
    expect(groupVariables(model, "ocppcomm").flatMap((g) => g.variables.map((v) => v.variable))).toEqual([
      "HeartbeatInterval",
      "MessageTimeout",
    ]);
    const byVariable = groupVariables(model, " interval ");
    expect(byVariable.map((g) => [g.title, g.variables.map((v) => v.variable)])).toEqual([
      ["OCPPCommCtrlr", ["HeartbeatInterval"]],
      ["SampledDataCtrlr", ["TxUpdatedInterval"]],
    ]);
    expect(groupVariables(model, "nothing like it")).toEqual([]);
  });

  it("names a component's place in the station", () => {
    expect(componentTitle({ component: "Controller", componentInstance: "main" })).toBe("Controller (main)");
    expect(componentTitle({ component: "Connector", evseId: 2, connectorId: 1 })).toBe(
      "Connector (EVSE 2 · connector 1)",
    );
  });
});
