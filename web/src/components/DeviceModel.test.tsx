import { Provider } from "@urql/preact";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import type { StationVariableRowFragment } from "../gql/graphql";
import { createMockClient } from "../test/mock-client";
import { DeviceModel } from "./DeviceModel";

afterEach(cleanup);

const variable = (
  component: string,
  name: string,
  value: string | null,
  more: Partial<StationVariableRowFragment> = {},
): StationVariableRowFragment => ({
  component,
  componentInstance: null,
  evseId: null,
  connectorId: null,
  variable: name,
  variableInstance: null,
  attributeType: "Actual",
  value,
  mutability: "ReadWrite",
  dataType: "integer",
  unit: null,
  updatedAt: "2026-11-25T10:00:00.000Z",
  ...more,
});

/** The device model as the server holds it: `stored.variables` changes when the test lets a report arrive. */
function renderModel(stored: { variables: StationVariableRowFragment[] }) {
  const mock = createMockClient({
    DeviceModel: () => ({ data: { station: { chargePointId: "CP201", variables: stored.variables } } }),
  });
  const view = render(
    <Provider value={mock.client}>
      <DeviceModel chargePointId="CP201" />
    </Provider>,
  );
  return { mock, ...view };
}

const logged = (action: string) => ({
  ocppMessageLogged: {
    id: String(Math.random()),
    chargePointId: "CP201",
    direction: "INBOUND",
    messageType: "CALL",
    action,
    uniqueId: "u1",
    payload: {},
    errorCode: null,
    errorDescription: null,
    createdAt: "2026-11-25T10:00:00.000Z",
  },
});

describe("DeviceModel", () => {
  it("says no report was received yet, then shows the report that arrives, by component", async () => {
    const report = [
      variable("OCPPCommCtrlr", "HeartbeatInterval", "300", { unit: "s" }),
      variable("SecurityCtrlr", "BasicAuthPassword", null, { mutability: "WriteOnly", dataType: "string" }),
      variable("EVSE", "Power", "22000", { evseId: 1, attributeType: "MaxSet", mutability: "ReadOnly", unit: "W" }),
    ];
    const stored = { variables: [] as StationVariableRowFragment[] };
    const { mock, container } = renderModel(stored);
    await waitFor(() =>
      expect(screen.getByTestId("device-model-empty").textContent).toContain(
        "No device model report has been received from CP201 yet",
      ),
    );

    // The report is stored; the station page learns of it from the NotifyReport in the message log, not a Heartbeat.
    stored.variables = report;
    const before = mock.operationsNamed("DeviceModel").length;
    mock.emit("MessagesLive", logged("Heartbeat"));
    // A first reload is due at once (a zero-delay timer): let such timers run, then check that none was asked for.
    for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(mock.operationsNamed("DeviceModel")).toHaveLength(before);
    mock.emit("MessagesLive", logged("NotifyReport"));
    await waitFor(() => expect(container.querySelector("table")).toBeTruthy(), { timeout: 3000 });

    const groups = [...container.querySelectorAll("tbody")].map((body) => body.getAttribute("data-component"));
    expect(groups).toEqual(["OCPPCommCtrlr", "SecurityCtrlr", "EVSE (EVSE 1)"]);
    const cells = (name: string) =>
      [...container.querySelector(`tr[data-variable="${name}"]`)!.children].map((cell) => cell.textContent);
    expect(cells("HeartbeatInterval")).toEqual(["HeartbeatInterval", "300", "ReadWrite", "s"]);
    expect(cells("BasicAuthPassword")).toEqual(["BasicAuthPassword", "not readable", "WriteOnly", ""]);
    expect(cells("Power · MaxSet")).toEqual(["Power · MaxSet", "22000", "ReadOnly", "W"]);

    const filter = screen.getByLabelText("Filter by component or variable");
    fireEvent.input(filter, { target: { value: "heartbeat" } });
    expect(
      [...container.querySelectorAll("tr[data-variable]")].map((row) => row.getAttribute("data-variable")),
    ).toEqual(["HeartbeatInterval"]);
    expect(container.textContent).toContain("1 of 3 variables shown");
    fireEvent.input(filter, { target: { value: "nothing" } });
    expect(container.textContent).toContain("No component or variable matches “nothing”.");
  });
});
