import type { IdTag } from "../../generated/prisma/client.js";

/** May this ID tag charge: the answer every authorization carries, in any protocol version's words for it. */
export type AuthorizationStatus = "Accepted" | "Blocked" | "Expired" | "Invalid" | "ConcurrentTx";

/** The decision for one ID tag, with the details a charger caches along with it. */
export type Authorization = { status: AuthorizationStatus; expiryDate?: string; parentIdTag?: string };

/** What of a stored ID tag decides whether it may charge. */
export type StoredIdTag = Pick<IdTag, "status" | "expiryDate" | "parentIdTag">;

/**
 * The decision for a stored tag, or for none (Invalid). A tag's own status stands, except that an Accepted tag whose
 * expiry date has passed reads as Expired; its parent is passed on, so a charger can group tags under it.
 */
export function authorize(tag: StoredIdTag | null, now = new Date()): Authorization {
  if (!tag) return { status: "Invalid" };
  const decision: Authorization = { status: tag.status };
  if (tag.expiryDate) decision.expiryDate = tag.expiryDate.toISOString();
  if (tag.parentIdTag) decision.parentIdTag = tag.parentIdTag;
  if (tag.status === "Accepted" && tag.expiryDate && tag.expiryDate <= now) decision.status = "Expired";
  return decision;
}

/**
 * The decision for starting a transaction: one tag holds one session, so an accepted tag already charging on another
 * connector gets ConcurrentTx. Its session on the same connector is no reason: the new start closes that one.
 */
export function authorizeStart(
  decision: Authorization,
  { activeElsewhere }: { activeElsewhere: boolean },
): Authorization {
  return decision.status === "Accepted" && activeElsewhere ? { ...decision, status: "ConcurrentTx" } : decision;
}

/** OCPP's IdToken is a case-insensitive string of at most 20 characters. */
export const MAX_ID_TAG_LENGTH = 20;

/** Whether a string can be an ID tag at all (1 to 20 characters). */
export const isIdToken = (value: string) => value.length > 0 && value.length <= MAX_ID_TAG_LENGTH;
