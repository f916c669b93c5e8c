import type { Database } from "../client.js";
import type { IdTag } from "../../generated/prisma/client.js";
import { asModel, type Sql } from "../sql.js";

/** What an ID tag is set to: its status, when it expires and the group it belongs to. */
export type IdTagSettings = Pick<IdTag, "status" | "expiryDate" | "parentIdTag">;

/** The only writer of the id_tags table. */
export class IdTagStore {
  constructor(
    private readonly db: Database,
    private readonly sql: Sql,
  ) {}

  /** Plain SQL on the pool: starts and stops of transactions, the hot path, read tags this way (see sql.ts). */
  async find(idTag: string): Promise<IdTag | null> {
    const [row] = await this.sql.query<Record<string, unknown>>("SELECT * FROM id_tags WHERE id_tag = $1", [idTag]);
    return row ? asModel<IdTag>(row) : null;
  }

  /** Creates the tag or replaces its settings. */
  save(idTag: string, settings: IdTagSettings): Promise<IdTag> {
    return this.db.idTag.upsert({ where: { idTag }, create: { idTag, ...settings }, update: settings });
  }
}
