import type { Authorization } from "../../../features/authorization/authorization-rules.js";
import type { IdTokenInfoType } from "../../../generated/ocpp201-types.js";

/**
 * A decision on a token in 2.0.1's words. A tag we do not know is Unknown (1.6 says Invalid); the tag's expiry is how
 * long the station may cache the decision, and its parent the group it belongs to, a token of our own (Central).
 */
export function idTokenInfo(authorization: Authorization): IdTokenInfoType {
  const info: IdTokenInfoType = { status: authorization.status === "Invalid" ? "Unknown" : authorization.status };
  if (authorization.expiryDate) info.cacheExpiryDateTime = authorization.expiryDate;
  if (authorization.parentIdTag) info.groupIdToken = { idToken: authorization.parentIdTag, type: "Central" };
  return info;
}

/** The station charges without authorization for this token type: there is nothing to look up or to refuse. */
export const NO_AUTHORIZATION = "NoAuthorization";
