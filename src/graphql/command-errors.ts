import { GraphQLError } from "graphql";
import { CommandRejectedError } from "../features/errors.js";
import { LoginFailedError } from "../features/access/user-service.js";
import { CALL_FAILURES, type CallFailureCode, describeCallFailure } from "../ocpp/call-failures.js";
import { builder } from "./builder.js";

/** Codes a command mutation can fail with besides those of a failed charger call (the call-failure table). */
const OTHER_COMMAND_ERRORS = {
  BAD_USER_INPUT: "The request is not valid; nothing was sent.",
  UNAUTHENTICATED: "Not signed in, the sign-in expired, or the e-mail and password do not match.",
  FORBIDDEN: "The caller's role may not do this.",
} as const;

type CommandErrorCode = CallFailureCode | keyof typeof OTHER_COMMAND_ERRORS;

const COMMAND_ERROR_MEANINGS: Record<CommandErrorCode, string> = {
  ...Object.fromEntries(Object.values(CALL_FAILURES).flatMap(({ code, meaning }) => (code ? [[code, meaning]] : []))),
  // A call failure and another error may share a code (BAD_USER_INPUT); the general meaning wins.
  ...OTHER_COMMAND_ERRORS,
} as Record<CommandErrorCode, string>;

// Not the type of any field: it documents the extensions.code values clients (and the web app) branch on.
builder.enumType("CommandErrorCode", {
  description: "The extensions.code of an error a command mutation returns.",
  values: Object.fromEntries(
    Object.entries(COMMAND_ERROR_MEANINGS).map(([code, description]) => [code, { description }]),
  ) as Record<CommandErrorCode, { description: string }>,
});

const withCode = (message: string, code: CommandErrorCode, fields: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...fields } });

/** Translates what can go wrong when commanding a charger into GraphQL errors with a machine-readable code. */
export function toCommandError(error: unknown): unknown {
  if (error instanceof LoginFailedError) return withCode(error.message, "UNAUTHENTICATED");
  if (error instanceof CommandRejectedError) return withCode(error.message, "BAD_USER_INPUT");
  const { code, message, fields } = describeCallFailure(error);
  return code ? withCode(message, code, fields) : error;
}

/** Runs a command and rethrows its failure as a GraphQL error. */
export async function runCommand<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw toCommandError(error);
  }
}
