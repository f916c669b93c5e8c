import {
  CallErrorResponse,
  CallTimeoutError,
  InvalidResponseError,
  NotConnectedError,
  OcppError,
  type OcppErrorCode,
} from "./errors.js";

/**
 * Every way one of our CALLs can fail, and for each: the error class that carries it, the code (and fields) API
 * clients see, the outcome label of the command-duration metric, and its form on the wire between cluster instances.
 * The API layer, the metrics, the cluster and (through the API schema) the web app all read this one table; the
 * protocol layer only names the codes, it knows nothing of the API that shows them.
 */
type CallFailureSpec<E, Wire extends object, Code extends string | null, Outcome extends string | null> = {
  /** extensions.code API clients get; null: the error passes through unchanged (the API masks it). */
  code: Code;
  /** What the code means, for the API's documentation. */
  meaning: string;
  /** The API's message and fields beside the code. */
  describe(error: E): { message: string; fields: Record<string, unknown> };
  /** The command-duration metric's outcome label; null when nothing was sent (the call never started). */
  outcome: Outcome;
  toWire(error: E): Wire;
  fromWire(wire: Wire): Error;
};

/** is: whether an error is this failure (tried in table order; Internal takes whatever is left). */
const failure = <E, Wire extends object, const Code extends string | null, const Outcome extends string | null>(
  is: (error: unknown) => error is E,
  spec: CallFailureSpec<E, Wire, Code, Outcome>,
) => ({ is, ...spec });
const instanceOf =
  <E>(errorClass: abstract new (...args: never[]) => E) =>
  (error: unknown): error is E =>
    error instanceof errorClass;

export const CALL_FAILURES = {
  CallError: failure(instanceOf(CallErrorResponse), {
    code: "STATION_CALL_ERROR",
    meaning: "The charge point answered with a CALLERROR (extensions.ocppErrorCode and ocppErrorDescription).",
    describe: (error) => ({
      message: `The charge point answered with CALLERROR ${error.message}`,
      fields: {
        ocppErrorCode: error.code,
        ocppErrorDescription: error.description,
        ocppErrorDetails: error.details,
      },
    }),
    outcome: "callerror",
    toWire: (error) => ({ code: error.code, description: error.description, details: error.details }),
    fromWire: (wire: { code: string; description: string; details: unknown }) =>
      new CallErrorResponse(wire.code, wire.description, wire.details),
  }),
  InvalidResponse: failure(instanceOf(InvalidResponseError), {
    code: "STATION_INVALID_RESPONSE",
    meaning: "The charge point's answer breaks the OCPP schema, so it cannot be used.",
    describe: (error) => ({
      message: `The charge point's answer breaks the OCPP schema: ${error.message}`,
      fields: { ocppErrorCode: error.code },
    }),
    outcome: "invalid_response",
    toWire: (error) => ({ code: error.code, message: error.message }),
    fromWire: (wire: { code: OcppErrorCode; message: string }) => new InvalidResponseError(wire.code, wire.message),
  }),
  Timeout: failure(instanceOf(CallTimeoutError), {
    code: "STATION_TIMEOUT",
    meaning: "The charge point did not answer within the call timeout; it may still carry the command out.",
    describe: (error) => ({ message: error.message, fields: { action: error.action, timeoutMs: error.timeoutMs } }),
    outcome: "timeout",
    toWire: (error) => ({ action: error.action, timeoutMs: error.timeoutMs }),
    fromWire: (wire: { action: string; timeoutMs: number }) => new CallTimeoutError(wire.action, wire.timeoutMs),
  }),
  NotConnected: failure(instanceOf(NotConnectedError), {
    code: "STATION_NOT_CONNECTED",
    meaning: "No socket for that charge point, or it closed while the command waited.",
    describe: (error) => ({ message: error.message, fields: { chargePointId: error.chargePointId } }),
    outcome: "disconnected",
    toWire: (error) => ({ chargePointId: error.chargePointId }),
    fromWire: (wire: { chargePointId: string }) => new NotConnectedError(wire.chargePointId),
  }),
  /** Our own request broke the OCPP schema: nothing was sent. */
  Ocpp: failure(instanceOf(OcppError), {
    code: "BAD_USER_INPUT",
    meaning: "The request is not valid (for a command: it breaks the OCPP schema); nothing was sent.",
    describe: (error) => ({ message: error.message, fields: { ocppErrorCode: error.code } }),
    outcome: null,
    toWire: (error) => ({ code: error.code, message: error.message }),
    fromWire: (wire: { code: OcppErrorCode; message: string }) => new OcppError(wire.code, wire.message),
  }),
  Internal: failure((_error: unknown): _error is unknown => true, {
    code: null,
    meaning: "Anything else: a fault of the central system, masked for the client.",
    describe: (error) => ({ message: error instanceof Error ? error.message : String(error), fields: {} }),
    outcome: null,
    toWire: (error) => ({ message: error instanceof Error ? error.message : String(error) }),
    fromWire: (wire: { message: string }) => new Error(wire.message),
  }),
};

export type CallFailureKind = keyof typeof CALL_FAILURES;
type Spec<K extends CallFailureKind> = (typeof CALL_FAILURES)[K];

/** A failed CALL as it crosses between instances, so the caller's instance raises the same error class. */
export type SerializedCallFailure = {
  [K in CallFailureKind]: { kind: K } & Parameters<Spec<K>["fromWire"]>[0];
}[CallFailureKind];

/** Outcome labels of the command-duration metric: an answer, or one of the failures a sent CALL can end in. */
export type CallOutcome = "result" | NonNullable<Spec<CallFailureKind>["outcome"]>;
export const CALL_OUTCOMES: readonly CallOutcome[] = [
  "result",
  ...Object.values(CALL_FAILURES).flatMap(({ outcome }) => (outcome ? [outcome] : [])),
];

/** The extensions.code values a failed CALL can reach API clients with. */
export type CallFailureCode = NonNullable<Spec<CallFailureKind>["code"]>;

// Widened views for code that takes any failure; the table above keeps each entry's own types.
type AnySpec = {
  is(error: unknown): boolean;
  code: string | null;
  meaning: string;
  describe(error: unknown): { message: string; fields: Record<string, unknown> };
  outcome: string | null;
  toWire(error: unknown): object;
  fromWire(wire: object): Error;
};
const ENTRIES = Object.entries(CALL_FAILURES) as Array<[CallFailureKind, AnySpec]>;

/** Which failure an error is, and its entry in the table. */
export function classifyCallFailure(error: unknown): { kind: CallFailureKind; spec: AnySpec } {
  const [kind, spec] = ENTRIES.find(([, candidate]) => candidate.is(error)) ?? ENTRIES[ENTRIES.length - 1]!;
  return { kind, spec };
}

/** The outcome label of a sent CALL that failed with this error; null for failures no sent CALL ends in. */
export function callOutcomeOf(error: unknown): CallOutcome | null {
  return classifyCallFailure(error).spec.outcome as CallOutcome | null;
}

export function serializeCallFailure(error: unknown): SerializedCallFailure {
  const { kind, spec } = classifyCallFailure(error);
  return { kind, ...spec.toWire(error) } as SerializedCallFailure;
}

export function deserializeCallFailure(failure: SerializedCallFailure): Error {
  const { kind, ...wire } = failure;
  return (CALL_FAILURES[kind] as AnySpec).fromWire(wire);
}

/** The code and fields API clients get for a failed command; null code: let the error through unchanged. */
export function describeCallFailure(error: unknown): {
  code: CallFailureCode | null;
  message: string;
  fields: Record<string, unknown>;
} {
  const { spec } = classifyCallFailure(error);
  return { code: spec.code as CallFailureCode | null, ...spec.describe(error) };
}
