import { describe, expect, it } from "vitest";
import {
  CALL_OUTCOMES,
  callOutcomeOf,
  describeCallFailure,
  deserializeCallFailure,
  serializeCallFailure,
} from "../../src/ocpp/call-failures.js";
import {
  CallErrorResponse,
  CallTimeoutError,
  FramingError,
  InvalidResponseError,
  NotConnectedError,
  OcppError,
} from "../../src/ocpp/errors.js";

const failures = {
  "not connected": new NotConnectedError("CP1"),
  timeout: new CallTimeoutError("Reset", 30_000),
  "CALLERROR from the charger": new CallErrorResponse("InternalError", "relay stuck", { relay: 2 }),
  "invalid response": new InvalidResponseError("PropertyConstraintViolation", "Reset.conf: /status must be one of"),
  "invalid request": new OcppError("OccurenceConstraintViolation", 'Reset.req: payload is missing "type"'),
  internal: new Error("database gone"),
};

/** What crosses Redis: JSON text. */
const overTheWire = (error: unknown) =>
  deserializeCallFailure(JSON.parse(JSON.stringify(serializeCallFailure(error))) as never);

describe("the call-failure table", () => {
  it.each(Object.entries(failures))("a %s failure crosses between instances as the same error", (_name, error) => {
    const received = overTheWire(error);
    expect(received.constructor).toBe(error.constructor);
    expect(received.message).toBe(error.message);
    expect(received).toEqual(error);
  });

  it("gives each failure the code API clients see and the outcome the command metric counts", () => {
    const seen = Object.fromEntries(
      Object.entries(failures).map(([name, error]) => [
        name,
        { code: describeCallFailure(error).code, outcome: callOutcomeOf(error) },
      ]),
    );
    expect(seen).toEqual({
      "not connected": { code: "STATION_NOT_CONNECTED", outcome: "disconnected" },
      timeout: { code: "STATION_TIMEOUT", outcome: "timeout" },
      "CALLERROR from the charger": { code: "STATION_CALL_ERROR", outcome: "callerror" },
      "invalid response": { code: "STATION_INVALID_RESPONSE", outcome: "invalid_response" },
      "invalid request": { code: "BAD_USER_INPUT", outcome: null },
      internal: { code: null, outcome: null },
    });
    expect(CALL_OUTCOMES).toEqual(["result", "callerror", "invalid_response", "timeout", "disconnected"]);
  });

  it("tells API clients the charger's CALLERROR code and description", () => {
    expect(describeCallFailure(failures["CALLERROR from the charger"])).toEqual({
      code: "STATION_CALL_ERROR",
      message: "The charge point answered with CALLERROR InternalError: relay stuck",
      fields: { ocppErrorCode: "InternalError", ocppErrorDescription: "relay stuck", ocppErrorDetails: { relay: 2 } },
    });
  });

  it("takes a framing error as an OCPP error, and anything thrown that is not an Error as internal", () => {
    expect(serializeCallFailure(new FramingError("ProtocolError", "bad frame"))).toEqual({
      kind: "Ocpp",
      code: "ProtocolError",
      message: "bad frame",
    });
    expect(serializeCallFailure("a string")).toEqual({ kind: "Internal", message: "a string" });
  });
});
