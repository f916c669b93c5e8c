import type { CombinedError } from "@urql/core";

type ErrorLike = Pick<CombinedError, "graphQLErrors" | "networkError" | "message">;

/** A failed command or query, told in words an operator understands. */
export function describeError(error: ErrorLike, stationName = "The station"): string {
  const first = error.graphQLErrors[0];
  if (!first) {
    if (error.networkError) return "The server could not be reached. Check that it is running; the app keeps trying.";
    return error.message;
  }
  const extensions = (first.extensions ?? {}) as Record<string, unknown>;
  switch (extensions.code) {
    case "STATION_NOT_CONNECTED":
      return `${stationName} is not connected, so the command could not be sent.`;
    case "STATION_TIMEOUT":
      return `${stationName} did not answer in time. It may still carry out the command; check its status.`;
    case "STATION_CALL_ERROR": {
      const code = typeof extensions.ocppErrorCode === "string" ? extensions.ocppErrorCode : "an error";
      const description =
        typeof extensions.ocppErrorDescription === "string" && extensions.ocppErrorDescription
          ? `: “${extensions.ocppErrorDescription}”`
          : "";
      return `${stationName} could not process the command and answered with ${code}${description}.`;
    }
    case "STATION_INVALID_RESPONSE":
      return `${stationName} answered with a message that breaks the OCPP rules, so its answer cannot be used.`;
    case "FORBIDDEN":
      return "Your role does not allow this. Ask an administrator for operator rights.";
    case "UNAUTHENTICATED":
      return "You are not signed in, or your sign-in has expired. Sign in again.";
    case "BAD_USER_INPUT":
      return `Nothing was sent: the request is not valid. ${sentence(first.message)}`;
    default:
      return sentence(first.message);
  }
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return "Something went wrong.";
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

const ANSWERS: Record<string, string> = {
  Accepted: "accepted the command.",
  Rejected: "rejected the command.",
  RebootRequired: "accepted the change; it takes effect after a reboot.",
  NotSupported: "does not support this.",
  Scheduled: "will do it as soon as the current transaction ends.",
  Unlocked: "unlocked the connector.",
  UnlockFailed: "could not unlock the connector.",
  NotImplemented: "does not implement this.",
};

/** The charger's answer (its OCPP status value) as a sentence. */
export function describeAnswer(status: string, stationName = "The station"): string {
  const text = ANSWERS[status];
  return text ? `${stationName} ${text}` : `${stationName} answered “${status}”.`;
}

/** Whether an answer means the charger will do (or did) what was asked. */
export function isPositiveAnswer(status: string): boolean {
  return status === "Accepted" || status === "Unlocked" || status === "Scheduled" || status === "RebootRequired";
}
