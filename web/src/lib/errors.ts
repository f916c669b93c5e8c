import type { CombinedError } from "@urql/core";
import { CommandErrorCode } from "../gql/enums";

type ErrorLike = Pick<CombinedError, "graphQLErrors" | "networkError" | "message">;

/** A failed command or query, told in words an operator understands. */
export function describeError(error: ErrorLike, stationName = "The station"): string {
  const first = error.graphQLErrors[0];
  if (!first) {
    if (error.networkError) return "The server could not be reached. Check that it is running; the app keeps trying.";
    return error.message;
  }
  const extensions = (first.extensions ?? {}) as Record<string, unknown>;
  const code = extensions.code;
  return isCommandErrorCode(code)
    ? COMMAND_ERRORS[code](stationName, extensions, first.message)
    : sentence(first.message);
}

const COMMAND_ERROR_CODES: ReadonlySet<unknown> = new Set(Object.values(CommandErrorCode));
const isCommandErrorCode = (code: unknown): code is CommandErrorCode => COMMAND_ERROR_CODES.has(code);

/**
 * What the operator reads for each code a command can fail with (the schema's CommandErrorCode): a code added on the
 * server does not typecheck here until it has its sentence.
 */
const COMMAND_ERRORS: Record<
  CommandErrorCode,
  (stationName: string, extensions: Record<string, unknown>, message: string) => string
> = {
  STATION_NOT_CONNECTED: (stationName) => `${stationName} is not connected, so the command could not be sent.`,
  STATION_TIMEOUT: (stationName) =>
    `${stationName} did not answer in time. It may still carry out the command; check its status.`,
  STATION_CALL_ERROR: (stationName, extensions) => {
    const code = typeof extensions.ocppErrorCode === "string" ? extensions.ocppErrorCode : "an error";
    const description =
      typeof extensions.ocppErrorDescription === "string" && extensions.ocppErrorDescription
        ? `: “${extensions.ocppErrorDescription}”`
        : "";
    return `${stationName} could not process the command and answered with ${code}${description}.`;
  },
  STATION_INVALID_RESPONSE: (stationName) =>
    `${stationName} answered with a message that breaks the OCPP rules, so its answer cannot be used.`,
  FORBIDDEN: () => "Your role does not allow this. Ask an administrator for operator rights.",
  UNAUTHENTICATED: () => "You are not signed in, or your sign-in has expired. Sign in again.",
  BAD_USER_INPUT: (_stationName, _extensions, message) =>
    `Nothing was sent: the request is not valid. ${sentence(message)}`,
};

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
