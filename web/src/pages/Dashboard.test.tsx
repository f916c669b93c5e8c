import { cleanup, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { memoryLocation } from "wouter-preact/memory-location";
import { App } from "../App";
import type { ConnectorStatus, StationSummaryFragment } from "../gql/graphql";
import { createMockClient } from "../test/mock-client";

afterEach(cleanup);

const station = (chargePointId: string, connected: boolean, statuses: ConnectorStatus[]): StationSummaryFragment => ({
  chargePointId,
  vendor: "Acme",
  model: "Volt 22",
  connected,
  connectedAt: null,
  disconnectedAt: null,
  lastHeartbeatAt: null,
  connectors: statuses.map((status, index) => ({
    chargePointId,
    connectorId: index + 1,
    status,
    errorCode: "NoError",
    info: null,
    vendorErrorCode: null,
    statusAt: "2026-11-25T10:00:00.000Z",
  })),
});

function dashboardClient() {
  return createMockClient({
    Me: () => ({ data: { me: { kind: "anonymous", name: "anonymous", role: "admin" } } }),
    NetworkSummary: () => ({
      data: {
        networkSummary: {
          stationsOnline: 1,
          stationsOffline: 1,
          activeTransactions: 0,
          energyWhSince: 12_345,
          connectorsByStatus: [{ status: "Available", count: 2 }],
        },
      },
    }),
    Stations: () => ({
      data: {
        stations: {
          edges: [{ node: station("CP-A", true, ["Available", "Available"]) }, { node: station("CP-B", false, []) }],
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      },
    }),
  });
}

describe("Dashboard", () => {
  it("shows the summary and the stations, then applies live events without reloading", async () => {
    const mock = dashboardClient();
    const { container } = render(<App client={mock.client} locationHook={memoryLocation({ path: "/" }).hook} />);
    await waitFor(() => expect(screen.getByTestId("stations-online").textContent).toBe("1"));
    expect(screen.getByTestId("energy-today").textContent).toBe("12.3 kWh");
    const card = () => container.querySelector('[data-station="CP-A"]')!;
    await waitFor(() => expect(card()).toBeTruthy());
    expect(screen.getByLabelText("Connector 1: Available")).toBeTruthy();

    // A connector starts charging: its badge changes in place.
    mock.emit("ConnectorsLive", {
      connectorStatusChanged: { ...station("CP-A", true, ["Charging"]).connectors[0]! },
    });
    await waitFor(() => expect(screen.getByLabelText("Connector 1: Charging")).toBeTruthy());
    expect(screen.getByLabelText("Connector 2: Available")).toBeTruthy();

    // A new station boots: it appears in id order.
    mock.emit("StationsLive", { stationUpdated: station("CP-AA", true, []) });
    await waitFor(() =>
      expect([...container.querySelectorAll("[data-station]")].map((el) => el.getAttribute("data-station"))).toEqual([
        "CP-A",
        "CP-AA",
        "CP-B",
      ]),
    );

    // The summary is fetched again after events (throttled).
    await waitFor(() => expect(mock.operationsNamed("NetworkSummary").length).toBeGreaterThanOrEqual(2), {
      timeout: 3000,
    });
  });

  it("marks the current page in the navigation", async () => {
    const mock = dashboardClient();
    render(<App client={mock.client} locationHook={memoryLocation({ path: "/" }).hook} />);
    await waitFor(() =>
      expect(screen.getByRole("link", { name: "Dashboard" }).getAttribute("aria-current")).toBe("page"),
    );
    expect(screen.getByRole("link", { name: "ID tags" }).getAttribute("aria-current")).toBeNull();
  });
});
