import { GraphQLError } from "graphql";
import { CommandRejectedError } from "../domain/errors.js";
import { LoginFailedError } from "../domain/users.js";
import {
  CallErrorResponse,
  CallTimeoutError,
  InvalidResponseError,
  NotConnectedError,
  OcppError,
} from "../ocpp/errors.js";

/** Translates what can go wrong when commanding a charger into GraphQL errors with a machine-readable code. */
export function toCommandError(error: unknown): unknown {
  if (error instanceof NotConnectedError) {
    return new GraphQLError(error.message, {
      extensions: { code: "STATION_NOT_CONNECTED", chargePointId: error.chargePointId },
    });
  }
  if (error instanceof CallTimeoutError) {
    return new GraphQLError(error.message, {
      extensions: { code: "STATION_TIMEOUT", action: error.action, timeoutMs: error.timeoutMs },
    });
  }
  if (error instanceof CallErrorResponse) {
    return new GraphQLError(`The charge point answered with CALLERROR ${error.message}`, {
      extensions: {
        code: "STATION_CALL_ERROR",
        ocppErrorCode: error.code,
        ocppErrorDescription: error.description,
        ocppErrorDetails: error.details,
      },
    });
  }
  if (error instanceof InvalidResponseError) {
    return new GraphQLError(`The charge point's answer breaks the OCPP schema: ${error.message}`, {
      extensions: { code: "STATION_INVALID_RESPONSE", ocppErrorCode: error.code },
    });
  }
  if (error instanceof OcppError) {
    // Our own request failed schema validation: nothing was sent.
    return new GraphQLError(error.message, { extensions: { code: "BAD_USER_INPUT", ocppErrorCode: error.code } });
  }
  if (error instanceof LoginFailedError) {
    return new GraphQLError(error.message, { extensions: { code: "UNAUTHENTICATED" } });
  }
  if (error instanceof CommandRejectedError) {
    return new GraphQLError(error.message, { extensions: { code: "BAD_USER_INPUT" } });
  }
  return error;
}

/** Runs a command and rethrows its failure as a GraphQL error. */
export async function runCommand<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw toCommandError(error);
  }
}
