import { Provider } from "@urql/preact";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { createMockClient } from "../test/mock-client";
import { StationControls } from "./StationControls";

afterEach(cleanup);

function renderControls(respond: Parameters<typeof createMockClient>[0]) {
  const mock = createMockClient({
    IdTags: () => ({ data: { idTags: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } }),
    ...respond,
  });
  render(
    <Provider value={mock.client}>
      <StationControls chargePointId="CP1" connected connectorIds={[1, 2]} activeTransactions={[]} />
    </Provider>,
  );
  return mock;
}

describe("StationControls", () => {
  it("remote start sends the chosen connector and ID tag, shows progress, then the charger's answer", async () => {
    let answer: (value: { data: unknown }) => void = () => {};
    const mock = renderControls({
      RemoteStart: () => new Promise((resolve) => (answer = resolve)),
    });
    const form = screen.getByRole("form", { name: "Remote start" });
    fireEvent.change(form.querySelector("select")!, { target: { value: "2" } });
    fireEvent.input(form.querySelector("input")!, { target: { value: "TAG-1" } });
    fireEvent.click(screen.getByRole("button", { name: "Start charging" }));
    await waitFor(() => expect(form.textContent).toContain("Waiting for CP1 to answer…"));
    expect((screen.getByRole("button", { name: "Start charging" }) as HTMLButtonElement).disabled).toBe(true);
    const sent = mock.operations.find((op) => op.kind === "mutation")!;
    expect(sent.variables).toEqual({ chargePointId: "CP1", idTag: "TAG-1", connectorId: 2 });
    answer({ data: { remoteStartTransaction: { status: "Accepted" } } });
    await waitFor(() => expect(form.textContent).toContain("CP1 accepted the command."));
  });

  it("tells a disconnected station apart from a timeout, in words", async () => {
    renderControls({
      Unlock: () => ({ errors: [{ message: "not connected", extensions: { code: "STATION_NOT_CONNECTED" } }] }),
      Reset: () => ({ errors: [{ message: "timeout", extensions: { code: "STATION_TIMEOUT" } }] }),
    });
    fireEvent.click(screen.getByRole("button", { name: "Unlock" }));
    const unlock = screen.getByRole("form", { name: "Unlock connector" });
    await waitFor(() =>
      expect(unlock.textContent).toContain("CP1 is not connected, so the command could not be sent."),
    );

    // Reset asks for confirmation first.
    fireEvent.click(screen.getByRole("button", { name: "Reset…" }));
    fireEvent.click(screen.getByRole("button", { name: "Confirm soft reset" }));
    const reset = screen.getByRole("form", { name: "Reset" });
    await waitFor(() => expect(reset.textContent).toContain("CP1 did not answer in time."));
  });
});
