import type { GetConfigurationResponse } from "../generated/ocpp-types.js";
import type { FrameRecord } from "../ocpp/connection.js";

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

  /** A GetConfiguration answer with the values of secret keys replaced. */
  redactAnswer(answer: GetConfigurationResponse): GetConfigurationResponse {
    return (this.redactPayload(answer) as GetConfigurationResponse | undefined) ?? answer;
  }

  /**
   * The frame as it may be recorded: secret values replaced in the parsed payload and in the raw text (then
   * re-serialized as compact JSON). Frames of other actions are returned as they are, without being looked into.
   * A frame that could not be read is searched as JSON; when it is not even JSON but names a secret key, its whole
   * raw text becomes the marker.
   */
  redactFrame(frame: FrameRecord): FrameRecord {
    if (frame.action !== null && !CONFIGURATION_ACTIONS.has(frame.action)) return frame;
    if (frame.messageType === null) {
      const raw = this.redactUnreadable(frame.raw);
      return raw === frame.raw ? frame : { ...frame, raw };
    }
    const payload = this.redactPayload(frame.payload);
    if (payload === undefined) return frame;
    const message = JSON.parse(frame.raw) as unknown[];
    message[PAYLOAD_INDEX[frame.messageType]] = payload;
    return { ...frame, payload, raw: JSON.stringify(message) };
  }

  /**
   * A ChangeConfiguration request ({key, value}), a GetConfiguration answer ({configurationKey: [...]}) or a
   * CALLERROR's details echoing either, with secret values replaced; undefined when nothing had to be.
   */
  private redactPayload(payload: unknown): unknown {
    if (!isObject(payload)) return undefined;
    if (this.holdsSecret(payload)) return { ...payload, value: REDACTED };
    const entries = payload.configurationKey;
    if (!Array.isArray(entries) || !entries.some((entry) => this.holdsSecret(entry))) return undefined;
    return {
      ...payload,
      configurationKey: entries.map((entry: unknown) =>
        this.holdsSecret(entry) ? { ...entry, value: REDACTED } : entry,
      ),
    };
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
    let changed = false;
    const redact = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(redact);
      if (!isObject(value)) return value;
      if (this.holdsSecret(value)) {
        changed = true;
        return { ...value, value: REDACTED };
      }
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redact(inner)]));
    };
    const redacted = redact(parsed);
    return changed ? JSON.stringify(redacted) : raw;
  }
}
