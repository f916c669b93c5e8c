import { cleanup, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { memoryLocation } from "wouter-preact/memory-location";
import { App } from "../App";
import type { ConnectorStatus, StationSummaryFragment } from "../gql/graphql";
import { createMockClient } from "../test/mock-client";

afterEach(cleanup);

const connector = (chargePointId: string, evseId: number, connectorId: number, status: ConnectorStatus) => ({
  chargePointId,
  evseId,
  connectorId,
  status,
  errorCode: "NoError",
  info: null,
  vendorErrorCode: null,
  statusAt: "2026-11-25T10:00:00.000Z",
});

const station = (chargePointId: string, connected: boolean, statuses: ConnectorStatus[]): StationSummaryFragment => ({
  chargePointId,
  vendor: "Acme",
  model: "Volt 22",
  ocppVersion: "OCPP16",
  registrationStatus: "Accepted",
  connected,
  connectedAt: null,
  disconnectedAt: null,
  lastHeartbeatAt: null,
  connectors: statuses.map((status, index) => connector(chargePointId, index + 1, index + 1, status)),
});

function dashboardClient(stations = [station("CP-A", true, ["Available", "Available"]), station("CP-B", false, [])]) {
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
          edges: stations.map((node) => ({ node })),
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

  it("shows each station's OCPP version, a registration that is not Accepted, and 2.0.1 connectors by EVSE", async () => {
    const station201: StationSummaryFragment = {
      ...station("CP-201", true, []),
      ocppVersion: "OCPP201",
      registrationStatus: "Pending",
      connectors: [connector("CP-201", 1, 1, "Available"), connector("CP-201", 2, 1, "Occupied")],
    };
    const mock = dashboardClient([station("CP-16", true, ["Charging"]), station201]);
    const { container } = render(<App client={mock.client} locationHook={memoryLocation({ path: "/" }).hook} />);
    const card = (id: string) => container.querySelector<HTMLElement>(`[data-station="${id}"]`)!;
    await waitFor(() => expect(card("CP-201")).toBeTruthy());

    expect(card("CP-16").querySelector(".version")!.textContent).toBe("OCPP 1.6");
    expect(card("CP-201").querySelector(".version")!.textContent).toBe("OCPP 2.0.1");
    expect(card("CP-16").querySelector("[data-registration]")).toBeNull();
    expect(card("CP-201").querySelector("[data-registration]")!.textContent).toBe("Registration Pending");
    expect(screen.getByLabelText("Connector 1: Charging")).toBeTruthy();
    expect(screen.getByLabelText("EVSE 1 · connector 1: Available")).toBeTruthy();
    expect(screen.getByLabelText("EVSE 2 · connector 1: Occupied").className).toContain("badge-active");

    // Connector 1 of EVSE 2 changes; connector 1 of EVSE 1 is another connector and stays as it was.
    mock.emit("ConnectorsLive", { connectorStatusChanged: connector("CP-201", 2, 1, "Available") });
    await waitFor(() => expect(screen.getByLabelText("EVSE 2 · connector 1: Available")).toBeTruthy());
    expect(screen.getByLabelText("EVSE 1 · connector 1: Available")).toBeTruthy();
    expect(card("CP-201").querySelectorAll(".badge[data-status]").length).toBe(2);

    // Accepting it removes the badge, live.
    mock.emit("StationsLive", { stationUpdated: { ...station201, registrationStatus: "Accepted" } });
    await waitFor(() => expect(card("CP-201").querySelector("[data-registration]")).toBeNull());
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
