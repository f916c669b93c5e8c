import type { Database } from "../db/client.js";
import type { IdTagInfo } from "./ocpp-shapes.js";

/** Answers "may this ID tag charge?" from the id_tags table, as OCPP's IdTagInfo. */
export class AuthorizationService {
  constructor(private readonly db: Database) {}

  async idTagInfo(idTag: string, now = new Date()): Promise<IdTagInfo> {
    const tag = await this.db.idTag.findUnique({ where: { idTag } });
    if (!tag) return { status: "Invalid" };
    const info: IdTagInfo = { status: tag.status };
    if (tag.expiryDate) info.expiryDate = tag.expiryDate.toISOString();
    if (tag.parentIdTag) info.parentIdTag = tag.parentIdTag;
    if (tag.status === "Accepted" && tag.expiryDate && tag.expiryDate <= now) info.status = "Expired";
    return info;
  }
}
