/** The CALLERROR codes of OCPP-J 1.6 (section 4.2.3), spelled as that specification spells them. */
export const OCPP16_ERROR_CODES = [
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

/** The CALLERROR codes of OCPP-J 2.0.1 (part 4, section 4.3), spelled as that specification spells them. */
export const OCPP201_ERROR_CODES = [
  "FormatViolation",
  "GenericError",
  "InternalError",
  "MessageTypeNotSupported",
  "NotImplemented",
  "NotSupported",
  "OccurrenceConstraintViolation",
  "PropertyConstraintViolation",
  "ProtocolError",
  "RpcFrameworkError",
  "SecurityError",
  "TypeConstraintViolation",
] as const;

/** Every code either version sends or receives. */
export const OCPP_ERROR_CODES = [...new Set([...OCPP16_ERROR_CODES, ...OCPP201_ERROR_CODES])];

export type Ocpp16ErrorCode = (typeof OCPP16_ERROR_CODES)[number];
export type Ocpp201ErrorCode = (typeof OCPP201_ERROR_CODES)[number];
export type OcppErrorCode = Ocpp16ErrorCode | Ocpp201ErrorCode;

/**
 * Where the versions spell or cut a code differently: 2.0.1 renamed FormationViolation and fixed the typo of
 * OccurenceConstraintViolation, and split framing errors 1.6 reports as FormationViolation (an unreadable frame:
 * RpcFrameworkError) or ProtocolError (an unknown message type: MessageTypeNotSupported). Shared code (framing,
 * the connection) uses the 2.0.1 codes; each connection answers in its version's.
 */
const AS_OCPP16: Partial<Record<OcppErrorCode, Ocpp16ErrorCode>> = {
  FormatViolation: "FormationViolation",
  OccurrenceConstraintViolation: "OccurenceConstraintViolation",
  RpcFrameworkError: "FormationViolation",
  MessageTypeNotSupported: "ProtocolError",
};
const AS_OCPP201: Partial<Record<OcppErrorCode, Ocpp201ErrorCode>> = {
  FormationViolation: "FormatViolation",
  OccurenceConstraintViolation: "OccurrenceConstraintViolation",
};

export const spellAsOcpp16 = (code: OcppErrorCode): Ocpp16ErrorCode => AS_OCPP16[code] ?? (code as Ocpp16ErrorCode);
export const spellAsOcpp201 = (code: OcppErrorCode): Ocpp201ErrorCode => AS_OCPP201[code] ?? (code as Ocpp201ErrorCode);

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
