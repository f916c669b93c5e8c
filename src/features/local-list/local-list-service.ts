import type { Database } from "../../db/client.js";
import type { StationStore } from "../../db/stores/stations.js";
import type { IdTag } from "../../generated/prisma/client.js";
import { type Authorization, authorize } from "../authorization/authorization-rules.js";
import { CommandRejectedError } from "../errors.js";

export type LocalListUpdateKind = "Full" | "Differential";
/** One tag of an update; without idTagInfo it means: remove this tag from the charger's list. */
export type LocalListEntry = { idTag: string; idTagInfo?: Authorization };
export type LocalListUpdate = { version: number; kind: LocalListUpdateKind; entries: LocalListEntry[] };
export type LocalListUpdateStatus = "Accepted" | "Failed" | "NotSupported" | "VersionMismatch";

/** What the local list needs from a charger, whatever protocol it speaks. */
export type LocalListCommands = {
  /** The version of the list the charger holds. */
  version(chargePointId: string): Promise<number>;
  update(chargePointId: string, update: LocalListUpdate): Promise<{ status: LocalListUpdateStatus }>;
};

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

/** Local Auth List Management: the charger's offline list, built from the ID tags in the database. */
export class LocalAuthListService {
  constructor(
    private readonly db: Database,
    private readonly stations: StationStore,
    private readonly commands: LocalListCommands,
  ) {}

  async getLocalListVersion(chargePointId: string): Promise<number> {
    const listVersion = await this.commands.version(chargePointId);
    await this.stations.setLocalListVersion(chargePointId, listVersion);
    return listVersion;
  }

  /**
   * Full: the list becomes exactly the given tags: all tags when idTags is absent, none (a Full update with an empty
   * list clears it) when it is empty. Differential: the named tags are updated from the database, and tags not in
   * the database are removed from the charger's list. The stored version follows only Accepted.
   */
  async sendLocalList(
    chargePointId: string,
    request: { updateType: LocalListUpdateKind; idTags?: string[] | null; listVersion?: number | null },
  ): Promise<{ status: LocalListUpdateStatus; listVersion: number }> {
    if (request.updateType === "Differential" && !request.idTags?.length) {
      throw new CommandRejectedError("A differential update needs the idTags to update or remove");
    }
    const station = await this.db.station.findUnique({ where: { chargePointId }, select: { localListVersion: true } });
    const listVersion = nextListVersion(request.listVersion, station?.localListVersion);

    // An empty idTags names no tag: a Full update with an empty list clears the charger's list.
    const tags = await this.db.idTag.findMany({
      where: request.idTags ? { idTag: { in: request.idTags } } : {},
      orderBy: { idTag: "asc" },
    });
    const entries = localListEntries(request.updateType, request.idTags, tags, new Date());

    const answer = await this.commands.update(chargePointId, {
      version: listVersion,
      kind: request.updateType,
      entries,
    });
    if (answer.status === "Accepted") await this.stations.setLocalListVersion(chargePointId, listVersion);
    return { ...answer, listVersion };
  }
}
