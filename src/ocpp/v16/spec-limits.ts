import type { OcppRequests } from "../../generated/ocpp-types.js";

/** The least value a field may hold, and the specification's reason in words an API user understands. */
export type SpecLimit = { minimum: 0 | 1; rule: string };

const CONNECTOR: SpecLimit = { minimum: 1, rule: "connectors are numbered from 1" };
const CONNECTOR_OR_CHARGE_POINT: SpecLimit = {
  minimum: 0,
  rule: "0 is the charge point as a whole, connectors count from 1",
};
const SECONDS: SpecLimit = { minimum: 0, rule: "a number of seconds" };
const STACK_LEVEL: SpecLimit = { minimum: 0, rule: "the lowest stack level is 0" };

/** ChargingProfile fields, under the name the request gives its profile. */
const chargingProfileLimits = <P extends string>(profile: P) => ({
  [`${profile}.stackLevel`]: STACK_LEVEL,
  [`${profile}.chargingSchedule.duration`]: SECONDS,
  [`${profile}.chargingSchedule.chargingSchedulePeriod[].startPeriod`]: {
    minimum: 0,
    rule: "seconds from the start of the schedule",
  } satisfies SpecLimit,
});

/**
 * Numeric limits OCPP 1.6 states in its message tables and prose but its JSON schemas leave out, for the requests
 * this central system sends, keyed by action and field ("a.b" for nested fields, "[]" for every item of an array).
 * The validator adds them to those request schemas, so a request that breaks one is refused before sending, like
 * any other schema violation (PropertyConstraintViolation; BAD_USER_INPUT at the GraphQL edge).
 */
export const OUTGOING_SPEC_LIMITS: { [A in keyof OcppRequests]?: Record<string, SpecLimit> } = {
  UnlockConnector: { connectorId: CONNECTOR },
  RemoteStartTransaction: { connectorId: CONNECTOR, ...chargingProfileLimits("chargingProfile") },
  TriggerMessage: { connectorId: CONNECTOR },
  ChangeAvailability: { connectorId: CONNECTOR_OR_CHARGE_POINT },
  ReserveNow: { connectorId: { minimum: 0, rule: "0 reserves any connector, connectors count from 1" } },
  GetCompositeSchedule: { connectorId: CONNECTOR_OR_CHARGE_POINT, duration: SECONDS },
  SetChargingProfile: { connectorId: CONNECTOR_OR_CHARGE_POINT, ...chargingProfileLimits("csChargingProfiles") },
  ClearChargingProfile: { connectorId: CONNECTOR_OR_CHARGE_POINT, stackLevel: STACK_LEVEL },
  SendLocalList: {
    listVersion: { minimum: 1, rule: "a list's version starts at 1 (0 reports an empty list, -1 no list support)" },
  },
};

/** The limit a schema error at `instancePath` ("/a/0/b") of `action`'s request broke, if it is one of ours. */
export function specLimitAt(action: string, instancePath: string): { field: string; limit: SpecLimit } | undefined {
  const limits = OUTGOING_SPEC_LIMITS[action as keyof OcppRequests];
  if (!limits) return undefined;
  const segments = instancePath.split("/").slice(1);
  const key = segments
    .map((segment) => (/^\d+$/.test(segment) ? "[]" : `.${segment}`))
    .join("")
    .slice(1);
  const limit = limits[key];
  if (!limit) return undefined;
  const field = segments.map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`)).join("");
  return { field: field.slice(1), limit };
}

/** Adds `action`'s limits to a copy of its request schema; a field that is not in the schema is a typo here. */
export function withSpecLimits(action: string, schema: Record<string, unknown>): Record<string, unknown> {
  const limits = OUTGOING_SPEC_LIMITS[action as keyof OcppRequests];
  if (!limits) return schema;
  const copy = structuredClone(schema);
  for (const [field, { minimum }] of Object.entries(limits)) {
    let node = copy as { properties?: Record<string, unknown>; items?: unknown; minimum?: number };
    for (const segment of field.split(".")) {
      const name = segment.replace(/\[\]$/, "");
      node = node.properties?.[name] as typeof node;
      if (node && segment.endsWith("[]")) node = node.items as typeof node;
      if (!node) throw new Error(`${action}.req has no field ${field}`);
    }
    node.minimum = minimum;
  }
  return copy;
}
