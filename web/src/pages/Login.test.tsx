import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { memoryLocation } from "wouter-preact/memory-location";
import { App } from "../App";
import { getToken } from "../lib/auth";
import { createMockClient } from "../test/mock-client";

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe("signing in", () => {
  it("shows the sign-in form when the server requires credentials, and keeps the token it gets", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const mock = createMockClient({
      Me: () => ({ data: { me: null } }),
      Login: (op) =>
        op.variables?.password === "right"
          ? { data: { login: { token: "jwt-123", expiresAt } } }
          : { errors: [{ message: "Invalid email or password", extensions: { code: "UNAUTHENTICATED" } }] },
    });
    render(<App client={mock.client} locationHook={memoryLocation({ path: "/" }).hook} />);
    await screen.findByRole("heading", { name: "Sign in" });
    expect(screen.queryByRole("navigation")).toBeNull();

    fireEvent.input(screen.getByLabelText("Email"), { target: { value: "op@example.com" } });
    fireEvent.input(screen.getByLabelText("Password"), { target: { value: "wrong" } });
    fireEvent.submit(screen.getByRole("button", { name: "Sign in" }).closest("form")!);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("The email or password is not right."));
    expect(getToken()).toBeUndefined();

    fireEvent.input(screen.getByLabelText("Password"), { target: { value: "right" } });
    fireEvent.submit(screen.getByRole("button", { name: "Sign in" }).closest("form")!);
    await waitFor(() => expect(getToken()).toBe("jwt-123"));
  });
});
