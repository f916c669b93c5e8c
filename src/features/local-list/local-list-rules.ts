import type { IdTag } from "../../generated/prisma/client.js";
import { type Authorization, authorize } from "../authorization/authorization-rules.js";

export type LocalListUpdateKind = "Full" | "Differential";
/** One tag of an update; without idTagInfo it means: remove this tag from the charger's list. */
export type LocalListEntry = { idTag: string; idTagInfo?: Authorization };

/** The version an update is sent with: the one asked for, else the last confirmed one + 1 (starting at 1). */
export const nextListVersion = (requested: number | null | undefined, stored: number | null | undefined): number =>
  requested ?? Math.max(stored ?? 0, 0) + 1;

/**
 * The entries of an update. `tags` are the stored tags the update names (all of them for a Full update without
 * names). Full: each with its idTagInfo. Differential: also every named tag that is not stored, without idTagInfo,
 * so that the charger removes it; tags are case-insensitive (citext in the database), so "abc" names the stored
 * "ABC", and a tag named twice is sent once.
 */
export function localListEntries(
  kind: LocalListUpdateKind,
  named: readonly string[] | null | undefined,
  tags: readonly IdTag[],
  now: Date,
): LocalListEntry[] {
  const entries: LocalListEntry[] = tags.map((tag) => ({ idTag: tag.idTag, idTagInfo: authorize(tag, now) }));
  if (kind === "Differential") {
    const seen = new Set(tags.map((tag) => tag.idTag.toLowerCase()));
    for (const idTag of named ?? []) {
      if (seen.has(idTag.toLowerCase())) continue;
      seen.add(idTag.toLowerCase());
      entries.push({ idTag });
    }
  }
  return entries;
}
