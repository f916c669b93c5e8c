import { Provider } from "@urql/preact";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import type { StationEventRowFragment } from "../gql/graphql";
import { createMockClient } from "../test/mock-client";
import { StationEvents } from "./StationEvents";

afterEach(cleanup);

const event = (id: string, more: Partial<StationEventRowFragment>): StationEventRowFragment => ({
  id,
  chargePointId: "CP201",
  kind: "Notification",
  type: "Alerting",
  severity: null,
  timestamp: "2026-11-25T10:00:00.000Z",
  receivedAt: "2026-11-25T10:00:01.000Z",
  eventId: null,
  component: null,
  variable: null,
  evseId: null,
  connectorId: null,
  actualValue: null,
  cleared: null,
  techCode: null,
  techInfo: null,
  transactionId: null,
  ...more,
});

const page = (events: StationEventRowFragment[]) => ({
  data: {
    stationEvents: {
      edges: events.map((node) => ({ node })),
      pageInfo: { hasNextPage: false, endCursor: null },
    },
  },
});

describe("StationEvents", () => {
  it("lists events newest first with their severity as a tone, and puts live ones on top", async () => {
    const mock = createMockClient({
      StationEvents: () =>
        page([
          event("2", {
            severity: 4,
            component: "Connector",
            variable: "AvailabilityState",
            evseId: 1,
            connectorId: 1,
            actualValue: "Faulted",
            techCode: "E-12",
            techInfo: "lock motor",
          }),
          event("1", { kind: "Security", type: "SettingSystemTime", severity: null }),
        ]),
    });
    const { container } = render(
      <Provider value={mock.client}>
        <StationEvents chargePointId="CP201" />
      </Provider>,
    );
    const rows = () => [...container.querySelectorAll(".event-row")];
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]!.textContent).toContain("EVSE 1 · connector 1 · Connector.AvailabilityState = Faulted");
    expect(rows()[0]!.textContent).toContain("E-12: lock motor");
    expect(rows()[0]!.querySelector(".badge")!.className).toContain("badge-warn");
    expect(rows()[1]!.querySelector(".badge")!.textContent).toContain("No severity");

    mock.emit("StationEventsLive", {
      stationEventReported: event("3", { kind: "Security", type: "TamperDetectionActivated", severity: 0 }),
    });
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows()[0]!.getAttribute("data-event-type")).toBe("TamperDetectionActivated");
    expect(rows()[0]!.querySelector(".badge")!.className).toContain("badge-error");
    expect(rows()[0]!.querySelector(".badge")!.textContent).toContain("Danger");
    // The same event again (a redelivery) is not listed twice.
    mock.emit("StationEventsLive", {
      stationEventReported: event("3", { kind: "Security", type: "TamperDetectionActivated", severity: 0 }),
    });
    expect(rows()).toHaveLength(3);
  });

  it("asks the server for the chosen kind and severity, and keeps live events that do not match out", async () => {
    const mock = createMockClient({ StationEvents: () => page([]) });
    const { container } = render(
      <Provider value={mock.client}>
        <StationEvents chargePointId="CP201" />
      </Provider>,
    );
    await waitFor(() => expect(container.textContent).toContain("CP201 has reported no events yet."));
    fireEvent.change(screen.getByLabelText("Kind"), { target: { value: "Security" } });
    fireEvent.change(screen.getByLabelText("Severity"), { target: { value: "3" } });
    await waitFor(() =>
      expect(mock.operationsNamed("StationEvents").at(-1)!.variables).toMatchObject({
        chargePointId: "CP201",
        kind: "Security",
        minSeverity: 3,
      }),
    );
    await waitFor(() => expect(container.textContent).toContain("No event matches these filters."));
    mock.emit("StationEventsLive", { stationEventReported: event("4", { severity: 0 }) });
    mock.emit("StationEventsLive", { stationEventReported: event("5", { kind: "Security", severity: 5 }) });
    mock.emit("StationEventsLive", { stationEventReported: event("6", { kind: "Security", severity: 2 }) });
    await waitFor(() => expect(container.querySelectorAll(".event-row")).toHaveLength(1));
    expect(container.querySelector(".event-row")!.querySelector(".badge")!.getAttribute("data-severity")).toBe("2");
  });
});
