import type { Database } from "../db/client.js";
import type { IdTag } from "../generated/prisma/client.js";
import type { IdTagInfo } from "./ocpp-shapes.js";

/** OCPP's IdTagInfo for a stored tag (or for none: Invalid); a passed expiry date reads as Expired. */
export function toIdTagInfo(tag: IdTag | null, now = new Date()): IdTagInfo {
  if (!tag) return { status: "Invalid" };
  const info: IdTagInfo = { status: tag.status };
  if (tag.expiryDate) info.expiryDate = tag.expiryDate.toISOString();
  if (tag.parentIdTag) info.parentIdTag = tag.parentIdTag;
  if (tag.status === "Accepted" && tag.expiryDate && tag.expiryDate <= now) info.status = "Expired";
  return info;
}

/** Answers "may this ID tag charge?" from the id_tags table. */
export class AuthorizationService {
  constructor(private readonly db: Database) {}

  async idTagInfo(idTag: string, now = new Date()): Promise<IdTagInfo> {
    return toIdTagInfo(await this.db.idTag.findUnique({ where: { idTag } }), now);
  }
}
