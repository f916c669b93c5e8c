import { Provider } from "@urql/preact";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import type { RegistrationStatus } from "../gql/enums";
import { createMockClient } from "../test/mock-client";
import { Registration } from "./Registration";

afterEach(cleanup);

function renderRegistration(respond: Parameters<typeof createMockClient>[0], status: RegistrationStatus | null) {
  const mock = createMockClient(respond);
  const decided: RegistrationStatus[] = [];
  render(
    <Provider value={mock.client}>
      <Registration chargePointId="CP201" status={status} onDecided={(s) => decided.push(s)} />
    </Provider>,
  );
  return { mock, decided, form: screen.getByRole("form", { name: "Registration" }) };
}

describe("Registration", () => {
  it("holds a station pending only after confirmation, then says what that means", async () => {
    let answer: (value: { data: unknown }) => void = () => {};
    const { mock, decided, form } = renderRegistration(
      { SetRegistrationStatus: () => new Promise((resolve) => (answer = resolve)) },
      "Accepted",
    );
    expect(form.textContent).toContain("Boots are answered Accepted.");
    expect((screen.getByRole("button", { name: "Accept…" }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole("button", { name: "Hold pending…" }));
    expect(mock.operationsNamed("SetRegistrationStatus")).toHaveLength(0);
    const confirm = screen.getByRole("button", { name: "Confirm: hold pending CP201" });
    expect(document.activeElement).toBe(confirm);

    // Cancelling sends nothing.
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(mock.operationsNamed("SetRegistrationStatus")).toHaveLength(0);

    fireEvent.click(screen.getByRole("button", { name: "Hold pending…" }));
    fireEvent.click(screen.getByRole("button", { name: "Confirm: hold pending CP201" }));
    await waitFor(() => expect(form.textContent).toContain("Saving the decision…"));
    expect(mock.operationsNamed("SetRegistrationStatus")[0]!.variables).toEqual({
      chargePointId: "CP201",
      status: "Pending",
    });
    answer({ data: { setRegistrationStatus: { chargePointId: "CP201", registrationStatus: "Pending" } } });
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toBe(
        "CP201 is held pending: it stays connected but is only asked for reports and variables until accepted.",
      ),
    );
    expect(screen.getByRole("status").className).not.toContain("outcome-negative");
    expect(decided).toEqual(["Pending"]);
  });

  it("explains a refusal in words and changes nothing", async () => {
    const { decided, form } = renderRegistration(
      {
        SetRegistrationStatus: () => ({
          errors: [{ message: "forbidden", extensions: { code: "FORBIDDEN" } }],
        }),
      },
      null,
    );
    expect(form.textContent).toContain("Not booted yet");
    fireEvent.click(screen.getByRole("button", { name: "Reject…" }));
    fireEvent.click(screen.getByRole("button", { name: "Confirm: reject CP201" }));
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toBe(
        "Your role does not allow this. Ask an administrator for operator rights.",
      ),
    );
    expect(decided).toEqual([]);
  });
});
