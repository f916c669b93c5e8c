import type { Database } from "../../db/client.js";
import type { StationStore } from "../../db/stores/stations.js";
import { CommandRejectedError } from "../errors.js";
import {
  type LocalListEntry,
  localListEntries,
  type LocalListUpdateKind,
  nextListVersion,
} from "./local-list-rules.js";

export type LocalListUpdate = { version: number; kind: LocalListUpdateKind; entries: LocalListEntry[] };
export type LocalListUpdateStatus = "Accepted" | "Failed" | "NotSupported" | "VersionMismatch";

/** What the local list needs from a charger, whatever protocol it speaks. */
export type LocalListCommands = {
  /** The version of the list the charger holds. */
  version(chargePointId: string): Promise<number>;
  update(chargePointId: string, update: LocalListUpdate): Promise<{ status: LocalListUpdateStatus }>;
};

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
