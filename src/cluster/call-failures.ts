import {
  CallErrorResponse,
  CallTimeoutError,
  InvalidResponseError,
  NotConnectedError,
  OcppError,
  type OcppErrorCode,
} from "../ocpp/errors.js";

/** A failed CALL as it crosses between instances, so the caller's instance raises the same error class. */
export type SerializedCallFailure =
  | { kind: "NotConnected"; chargePointId: string }
  | { kind: "Timeout"; action: string; timeoutMs: number }
  | { kind: "CallError"; code: string; description: string; details: unknown }
  | { kind: "InvalidResponse"; code: OcppErrorCode; message: string }
  | { kind: "Ocpp"; code: OcppErrorCode; message: string }
  | { kind: "Internal"; message: string };

export function serializeCallFailure(error: unknown): SerializedCallFailure {
  if (error instanceof NotConnectedError) return { kind: "NotConnected", chargePointId: error.chargePointId };
  if (error instanceof CallTimeoutError) return { kind: "Timeout", action: error.action, timeoutMs: error.timeoutMs };
  if (error instanceof CallErrorResponse) {
    return { kind: "CallError", code: error.code, description: error.description, details: error.details };
  }
  if (error instanceof InvalidResponseError)
    return { kind: "InvalidResponse", code: error.code, message: error.message };
  if (error instanceof OcppError) return { kind: "Ocpp", code: error.code, message: error.message };
  return { kind: "Internal", message: error instanceof Error ? error.message : String(error) };
}

export function deserializeCallFailure(failure: SerializedCallFailure): Error {
  switch (failure.kind) {
    case "NotConnected":
      return new NotConnectedError(failure.chargePointId);
    case "Timeout":
      return new CallTimeoutError(failure.action, failure.timeoutMs);
    case "CallError":
      return new CallErrorResponse(failure.code, failure.description, failure.details);
    case "InvalidResponse":
      return new InvalidResponseError(failure.code, failure.message);
    case "Ocpp":
      return new OcppError(failure.code, failure.message);
    case "Internal":
      return new Error(failure.message);
  }
}
