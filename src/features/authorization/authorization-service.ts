import type { IdTagStore } from "../../db/stores/id-tags.js";
import { type Authorization, authorize } from "./authorization-rules.js";

/** Answers "may this ID tag charge?" from the stored ID tags. */
export class AuthorizationService {
  constructor(private readonly idTags: IdTagStore) {}

  async authorize(idTag: string, now = new Date()): Promise<Authorization> {
    return authorize(await this.idTags.find(idTag), now);
  }
}
