/**
 * PostgreSQL text cannot hold U+0000 and its JSON refuses lone UTF-16 surrogates, yet both are valid in a JSON string
 * and so pass every OCPP schema. Before a payload reaches a handler, each of them becomes U+FFFD (the replacement
 * character, one UTF-16 unit as well, so maxLength still holds) in keys and values alike, as the audit log does for
 * its own copy. Payloads without them are returned as they are.
 */
const REPLACEMENT = "\uFFFD";

const isStorable = (text: string) => text.isWellFormed() && !text.includes("\u0000");
/** The text with NUL and lone surrogates replaced by U+FFFD. */
export const storableText = (text: string) => text.toWellFormed().replaceAll("\u0000", REPLACEMENT);

function needsCleaning(value: unknown): boolean {
  if (typeof value === "string") return !isStorable(value);
  if (Array.isArray(value)) return value.some(needsCleaning);
  if (value && typeof value === "object") {
    return Object.entries(value).some(([key, inner]) => !isStorable(key) || needsCleaning(inner));
  }
  return false;
}

function clean(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storableText(key), clean(inner)]));
  }
  return value;
}

/** The payload with NUL and lone surrogates replaced by U+FFFD in every string. */
export function withStorableText<T>(payload: T): T {
  return needsCleaning(payload) ? (clean(payload) as T) : payload;
}
