import { CallErrorResponse } from "../../ocpp/errors.js";
import type { RecordedFrame } from "../audit/audit-log.js";

// Configuration keys whose values are secrets are write-only (OCPP 1.6 Security Whitepaper: "AuthorizationKey ...
// write-only"). This module is the one place that knows which keys they are and what their values become wherever
// the central system keeps or shows them: the stored configuration, GraphQL answers, and every frame on its way to
// the audit log, its live subscription and the metrics. See docs/security.md, "Secrets".

/** What a secret's value is replaced with. */
export const REDACTED = "[redacted]";

/** The key whose value is the station's HTTP Basic password (security profiles 1 and 2). */
export const AUTHORIZATION_KEY = "AuthorizationKey";

/** Secret in every deployment; OCPP_SECRET_CONFIGURATION_KEYS adds vendor keys. */
export const BUILT_IN_SECRET_KEYS: readonly string[] = [AUTHORIZATION_KEY];

/** The only actions whose payloads name configuration keys with their values. */
const CONFIGURATION_ACTIONS: ReadonlySet<string> = new Set(["ChangeConfiguration", "GetConfiguration"]);

/** Where each kind of frame carries its payload in the OCPP-J array. */
const PAYLOAD_INDEX = { CALL: 3, CALLRESULT: 2, CALLERROR: 4 } as const;

type KeyValue = { key: string; value?: unknown };
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** OCPP 1.6 key names are compared without regard to case here, so "authorizationkey" is as secret. */
export const sameKey = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class SecretConfigurationKeys {
  private readonly lowerCaseNames: ReadonlySet<string>;
  readonly names: readonly string[];

  constructor(extraKeys: readonly string[] = []) {
    this.names = [...new Set([...BUILT_IN_SECRET_KEYS, ...extraKeys])];
    this.lowerCaseNames = new Set(this.names.map((name) => name.toLowerCase()));
  }

  isSecret(key: unknown): boolean {
    return typeof key === "string" && this.lowerCaseNames.has(key.toLowerCase());
  }

  /** A value as it may be stored or shown: the marker for a secret that has a value, the value otherwise. */
  storable(key: string, value: string | null): string | null {
    return value !== null && this.isSecret(key) ? REDACTED : value;
  }

  /** A charger's answer (its reported configuration) with the values of secret keys replaced. */
  redactAnswer<Answer>(answer: Answer): Answer {
    return this.redact(answer) as Answer;
  }

  /** A charger's CALLERROR whose details echo a secret comes back with them redacted; other errors as they are. */
  redactError(error: unknown): unknown {
    if (!(error instanceof CallErrorResponse)) return error;
    const details = this.redact(error.details);
    return details === error.details ? error : new CallErrorResponse(error.code, error.description, details);
  }

  /**
   * The frame as it may be recorded: secret values replaced in the parsed payload (or CALLERROR details) and in the
   * raw text, which is then re-serialized as compact JSON. Frames of other actions are returned as they are, without
   * being looked into. A frame that could not be read is searched as JSON; when it is not even JSON but names a
   * secret key, its whole raw text becomes the marker.
   */
  redactFrame(frame: RecordedFrame): RecordedFrame {
    if (frame.action !== null && !CONFIGURATION_ACTIONS.has(frame.action)) return frame;
    if (frame.messageType === null) {
      const raw = this.redactUnreadable(frame.raw);
      return raw === frame.raw ? frame : { ...frame, raw };
    }
    const payload = this.redact(frame.payload);
    if (payload === frame.payload) return frame;
    const message = JSON.parse(frame.raw) as unknown[];
    message[PAYLOAD_INDEX[frame.messageType]] = payload;
    return { ...frame, payload, raw: JSON.stringify(message) };
  }

  /**
   * `value` with every {key, value} object whose key is secret given the marker as its value, at any depth: a
   * ChangeConfiguration request, a GetConfiguration answer's entries, or either echoed in a CALLERROR's details.
   * Returns `value` itself when nothing had to be replaced.
   */
  private redact(value: unknown): unknown {
    if (Array.isArray(value)) {
      const items = value.map((item: unknown) => this.redact(item));
      return items.some((item, index) => item !== value[index]) ? items : value;
    }
    if (!isObject(value)) return value;
    if (this.holdsSecret(value)) return { ...value, value: REDACTED };
    let copy: Record<string, unknown> | undefined;
    for (const [key, inner] of Object.entries(value)) {
      const redacted = this.redact(inner);
      if (redacted !== inner) (copy ??= { ...value })[key] = redacted;
    }
    return copy ?? value;
  }

  private holdsSecret(entry: unknown): entry is KeyValue {
    return isObject(entry) && this.isSecret(entry.key) && entry.value != null && entry.value !== REDACTED;
  }

  private redactUnreadable(raw: string): string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      const lowerCaseRaw = raw.toLowerCase();
      return [...this.lowerCaseNames].some((name) => lowerCaseRaw.includes(name)) ? REDACTED : raw;
    }
    const redacted = this.redact(parsed);
    return redacted === parsed ? raw : JSON.stringify(redacted);
  }
}
