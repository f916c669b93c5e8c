import { FramingError } from "./errors.js";

export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;

/** OCPP-J 1.6 section 4.1.2 and 2.0.1 section 4.1.3: the unique id is a string of at most 36 characters. */
export const MAX_UNIQUE_ID_LENGTH = 36;
/** No OCPP message nests deeper than a handful of levels; far deeper input is an attack on recursion. */
export const MAX_NESTING_DEPTH = 32;

/** The deepest array/object nesting in JSON text, counted without parsing (brackets inside strings ignored). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92 /* \ */) i++;
      else if (code === 34 /* " */) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 91 /* [ */ || code === 123 /* { */) deepest = Math.max(deepest, ++depth);
    else if (code === 93 /* ] */ || code === 125 /* } */) depth--;
  }
  return deepest;
}

export type Call = { messageType: "CALL"; uniqueId: string; action: string; payload: Record<string, unknown> };
export type CallResult = { messageType: "CALLRESULT"; uniqueId: string; payload: Record<string, unknown> };
export type CallError = {
  messageType: "CALLERROR";
  uniqueId: string;
  errorCode: string;
  errorDescription: string;
  errorDetails: Record<string, unknown>;
};
export type OcppFrame = Call | CallResult | CallError;
export type MessageType = OcppFrame["messageType"];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The head of a frame that claims to be a CALLRESULT or CALLERROR, for frames that cannot be parsed. */
const REPLY_HEAD = /^\s*\[\s*[34]\s*[,\]]/;

/**
 * Reads one WebSocket text frame as an OCPP-J message, or throws a FramingError naming what is wrong (with the
 * 2.0.1 code; a 1.6 connection answers with its own spelling, see errors.ts).
 */
export function parseFrame(raw: string): OcppFrame {
  if (nestingDepth(raw) > MAX_NESTING_DEPTH) {
    // Not parsed at all, but the unique id at its head can still be read so the answer can carry it.
    const uniqueId = /^\s*\[\s*[234]\s*,\s*"([^"\\]{1,36})"/.exec(raw)?.[1];
    throw new FramingError(
      "FormatViolation",
      `Frame nests deeper than ${MAX_NESTING_DEPTH} levels`,
      uniqueId,
      REPLY_HEAD.test(raw),
    );
  }
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    throw new FramingError("RpcFrameworkError", "Frame is not valid JSON", undefined, REPLY_HEAD.test(raw));
  }
  if (!Array.isArray(message)) throw new FramingError("RpcFrameworkError", "Frame is not an OCPP-J message array");

  const [messageTypeId, uniqueId] = message;
  const isReply = messageTypeId === CALLRESULT || messageTypeId === CALLERROR;
  if (typeof uniqueId !== "string" || uniqueId.length === 0 || uniqueId.length > MAX_UNIQUE_ID_LENGTH) {
    throw new FramingError(
      "RpcFrameworkError",
      `Unique id must be a string of 1 to ${MAX_UNIQUE_ID_LENGTH} characters`,
      undefined,
      isReply,
    );
  }

  switch (messageTypeId) {
    case CALL: {
      if (message.length !== 4) throw new FramingError("ProtocolError", "CALL must have 4 elements", uniqueId);
      const [, , action, payload] = message;
      if (typeof action !== "string" || action.length === 0) {
        throw new FramingError("RpcFrameworkError", "CALL action must be a non-empty string", uniqueId);
      }
      if (!isPlainObject(payload))
        throw new FramingError("FormatViolation", "CALL payload must be an object", uniqueId);
      return { messageType: "CALL", uniqueId, action, payload };
    }
    case CALLRESULT: {
      if (message.length !== 3) {
        throw new FramingError("ProtocolError", "CALLRESULT must have 3 elements", uniqueId, isReply);
      }
      const payload = message[2];
      if (!isPlainObject(payload)) {
        throw new FramingError("FormatViolation", "CALLRESULT payload must be an object", uniqueId, isReply);
      }
      return { messageType: "CALLRESULT", uniqueId, payload };
    }
    case CALLERROR: {
      if (message.length !== 5) {
        throw new FramingError("ProtocolError", "CALLERROR must have 5 elements", uniqueId, isReply);
      }
      const [, , errorCode, errorDescription, errorDetails] = message;
      if (typeof errorCode !== "string" || typeof errorDescription !== "string" || !isPlainObject(errorDetails)) {
        throw new FramingError("FormatViolation", "CALLERROR fields have the wrong types", uniqueId, isReply);
      }
      return { messageType: "CALLERROR", uniqueId, errorCode, errorDescription, errorDetails };
    }
    default:
      throw new FramingError(
        "MessageTypeNotSupported",
        `Unknown message type id ${JSON.stringify(messageTypeId)}`,
        uniqueId,
      );
  }
}

export const serializeCall = (uniqueId: string, action: string, payload: unknown) =>
  JSON.stringify([CALL, uniqueId, action, payload]);

export const serializeCallResult = (uniqueId: string, payload: unknown) =>
  JSON.stringify([CALLRESULT, uniqueId, payload]);

export const serializeCallError = (
  uniqueId: string,
  errorCode: string,
  errorDescription: string,
  errorDetails: Record<string, unknown> = {},
) => JSON.stringify([CALLERROR, uniqueId, errorCode, errorDescription, errorDetails]);
