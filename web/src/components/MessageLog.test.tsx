import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MessageRowFragment } from "../gql/graphql";
import { MessageLog } from "./MessageLog";

afterEach(cleanup);

const message = (id: string, overrides: Partial<MessageRowFragment> = {}): MessageRowFragment => ({
  id,
  chargePointId: "CP1",
  direction: "INBOUND",
  messageType: "CALL",
  action: "Heartbeat",
  uniqueId: `u-${id}`,
  payload: {},
  errorCode: null,
  errorDescription: null,
  createdAt: "2026-11-25T10:00:00.000Z",
  ...overrides,
});

describe("MessageLog", () => {
  it("expands a row to show the pretty-printed payload, and collapses it again", () => {
    render(
      <MessageLog
        messages={[
          message("2", { action: "StatusNotification", payload: { connectorId: 1, status: "Charging" } }),
          message("1"),
        ]}
        action=""
        onActionChange={() => {}}
      />,
    );
    const rows = screen.getAllByRole("button", { expanded: false });
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain("StatusNotification");
    fireEvent.click(rows[0]!);
    const payload = screen.getByLabelText("Payload");
    expect(payload.textContent).toBe(JSON.stringify({ connectorId: 1, status: "Charging" }, null, 2));
    expect(rows[0]!.getAttribute("aria-expanded")).toBe("true");
    fireEvent.click(rows[0]!);
    expect(screen.queryByLabelText("Payload")).toBeNull();
  });

  it("highlights errors and shows their code and description", () => {
    const { container } = render(
      <MessageLog
        messages={[
          message("3", {
            messageType: "CALLERROR",
            direction: "OUTBOUND",
            errorCode: "FormationViolation",
            errorDescription: "unexpected property",
          }),
          message("2"),
        ]}
        action=""
        onActionChange={() => {}}
      />,
    );
    const rows = container.querySelectorAll("li");
    expect(rows[0]!.classList.contains("log-error")).toBe(true);
    expect(rows[1]!.classList.contains("log-error")).toBe(false);
    fireEvent.click(screen.getAllByRole("button")[0]!);
    expect(screen.getByText(/FormationViolation — unexpected property/)).toBeTruthy();
  });

  it("filters by action through the labelled select", () => {
    const onActionChange = vi.fn();
    render(<MessageLog messages={[]} action="" onActionChange={onActionChange} />);
    const select = screen.getByLabelText("Action") as HTMLSelectElement;
    fireEvent.change(select, { target: { value: "MeterValues" } });
    expect(onActionChange).toHaveBeenCalledWith("MeterValues");
    expect(screen.getByText("No messages yet.")).toBeTruthy();
  });
});
