import { CombinedError } from "@urql/core";
import { describe, expect, it } from "vitest";
import { commandOutcome } from "./commands";
import { describeAnswer, describeError } from "./errors";

const failure = (code: string, message = "boom", extra: Record<string, unknown> = {}) =>
  new CombinedError({ graphQLErrors: [{ message, extensions: { code, ...extra } }] });

describe("errors in words", () => {
  it("maps every command error code to a plain sentence", () => {
    expect(describeError(failure("STATION_NOT_CONNECTED"), "CP1")).toBe(
      "CP1 is not connected, so the command could not be sent.",
    );
    expect(describeError(failure("STATION_TIMEOUT"), "CP1")).toMatch(/^CP1 did not answer in time\./);
    expect(
      describeError(
        failure("STATION_CALL_ERROR", "x", { ocppErrorCode: "InternalError", ocppErrorDescription: "relay stuck" }),
        "CP1",
      ),
    ).toBe("CP1 could not process the command and answered with InternalError: “relay stuck”.");
    expect(describeError(failure("BAD_USER_INPUT", "transaction 42 is not active on CP1"))).toBe(
      "Nothing was sent: the request is not valid. Transaction 42 is not active on CP1.",
    );
    expect(describeError(failure("STATION_INVALID_RESPONSE"), "CP1")).toMatch(/breaks the OCPP rules/);
  });

  it("explains a network failure and falls back to the server's message", () => {
    expect(describeError(new CombinedError({ networkError: new Error("Failed to fetch") }))).toMatch(
      /server could not be reached/,
    );
    expect(describeError(failure("SOMETHING_ELSE", "unexpected thing"))).toBe("Unexpected thing.");
  });

  it("describes the charger's answers", () => {
    expect(describeAnswer("Accepted", "CP1")).toBe("CP1 accepted the command.");
    expect(describeAnswer("Rejected", "CP1")).toBe("CP1 rejected the command.");
    expect(describeAnswer("Weird", "CP1")).toBe("CP1 answered “Weird”.");
  });

  it("commandOutcome folds a mutation result into what the operator reads", () => {
    expect(commandOutcome({ data: { reset: { status: "Accepted" } } }, (d) => d.reset.status, "CP1")).toEqual({
      phase: "done",
      status: "Accepted",
      positive: true,
      message: "CP1 accepted the command.",
    });
    expect(commandOutcome({ data: { reset: { status: "Rejected" } } }, (d) => d.reset.status, "CP1")).toMatchObject({
      positive: false,
    });
    expect(commandOutcome({ error: failure("STATION_TIMEOUT") }, () => "", "CP1")).toMatchObject({ phase: "error" });
  });
});
