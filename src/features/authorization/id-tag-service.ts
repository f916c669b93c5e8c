import type { IdTagSettings, IdTagStore } from "../../db/stores/id-tags.js";
import type { IdTag } from "../../generated/prisma/client.js";
import { isIdToken, MAX_ID_TAG_LENGTH } from "./authorization-rules.js";

/** An argument that cannot be an ID tag. */
export class InvalidIdTagError extends Error {
  override name = "InvalidIdTagError";
  constructor(readonly argument: string) {
    super(`${argument} must be 1 to ${MAX_ID_TAG_LENGTH} characters`);
  }
}

/** The ID tags chargers are authorized by: authorizations answer from what is saved here at once. */
export class IdTagService {
  constructor(private readonly store: IdTagStore) {}

  /** Creates the tag or replaces its settings. */
  save(idTag: string, settings: IdTagSettings): Promise<IdTag> {
    if (!isIdToken(idTag)) throw new InvalidIdTagError("idTag");
    if (settings.parentIdTag && !isIdToken(settings.parentIdTag)) throw new InvalidIdTagError("parentIdTag");
    return this.store.save(idTag, settings);
  }
}
