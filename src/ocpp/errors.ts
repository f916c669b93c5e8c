/** The CALLERROR codes of OCPP-J 1.6 (section 4.2.3), spelled as the specification spells them. */
export const OCPP_ERROR_CODES = [
  "NotImplemented",
  "NotSupported",
  "InternalError",
  "ProtocolError",
  "SecurityError",
  "FormationViolation",
  "PropertyConstraintViolation",
  "OccurenceConstraintViolation",
  "TypeConstraintViolation",
  "GenericError",
] as const;

export type OcppErrorCode = (typeof OCPP_ERROR_CODES)[number];

/** An error that crosses the wire as a CALLERROR with this code. */
export class OcppError extends Error {
  override name = "OcppError";
  constructor(
    readonly code: OcppErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * A frame that could not be read as an OCPP message; uniqueId is set when it could still be recovered. isReply says
 * it claimed to be a CALLRESULT or CALLERROR: those are never answered, or two peers could answer each other for ever.
 */
export class FramingError extends OcppError {
  override name = "FramingError";
  constructor(
    code: OcppErrorCode,
    message: string,
    readonly uniqueId?: string,
    readonly isReply = false,
  ) {
    super(code, message);
  }
}

/** The charge point answered our CALL with a CALLERROR. */
export class CallErrorResponse extends Error {
  override name = "CallErrorResponse";
  constructor(
    readonly code: string,
    readonly description: string,
    readonly details: unknown,
  ) {
    super(`${code}${description ? `: ${description}` : ""}`);
  }
}

/** The charge point answered with a CALLRESULT whose payload breaks the OCPP schema. */
export class InvalidResponseError extends Error {
  override name = "InvalidResponseError";
  constructor(
    readonly code: OcppErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class CallTimeoutError extends Error {
  override name = "CallTimeoutError";
  constructor(
    readonly action: string,
    readonly timeoutMs: number,
  ) {
    super(`No answer to ${action} within ${timeoutMs} ms`);
  }
}

export class NotConnectedError extends Error {
  override name = "NotConnectedError";
  constructor(readonly chargePointId: string) {
    super(`Charge point ${chargePointId} is not connected`);
  }
}
