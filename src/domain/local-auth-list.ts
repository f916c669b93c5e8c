import type { Database } from "../db/client.js";
import type { SendLocalListRequest, SendLocalListResponse } from "../generated/ocpp-types.js";
import { toIdTagInfo } from "./authorization.js";
import type { ChargePointCommands } from "./charge-point-commands.js";
import { CommandRejectedError } from "./errors.js";

type AuthorizationData = NonNullable<SendLocalListRequest["localAuthorizationList"]>[number];

/** Local Auth List Management: the charger's offline list, built from the ID tags in the database. */
export class LocalAuthListService {
  constructor(
    private readonly db: Database,
    private readonly commands: ChargePointCommands,
  ) {}

  async getLocalListVersion(chargePointId: string): Promise<number> {
    const { listVersion } = await this.commands.send(chargePointId, "GetLocalListVersion", {});
    await this.db.station.update({ where: { chargePointId }, data: { localListVersion: listVersion } });
    return listVersion;
  }

  /**
   * Full: the list becomes exactly the given tags: all tags when idTags is absent, none (OCPP 1.6: a Full update
   * with an empty list clears it) when it is empty. Differential: the named tags are updated from the database,
   * and tags not in the database are removed from the charger's list. The stored version follows only Accepted.
   */
  async sendLocalList(
    chargePointId: string,
    request: { updateType: "Full" | "Differential"; idTags?: string[] | null; listVersion?: number | null },
  ): Promise<SendLocalListResponse & { listVersion: number }> {
    if (request.updateType === "Differential" && !request.idTags?.length) {
      throw new CommandRejectedError("A differential update needs the idTags to update or remove");
    }
    const station = await this.db.station.findUnique({ where: { chargePointId }, select: { localListVersion: true } });
    const listVersion = request.listVersion ?? Math.max(station?.localListVersion ?? 0, 0) + 1;

    // An empty idTags names no tag: a Full update with an empty list clears the charger's list.
    const tags = await this.db.idTag.findMany({
      where: request.idTags ? { idTag: { in: request.idTags } } : {},
      orderBy: { idTag: "asc" },
    });
    const now = new Date();
    const entries: AuthorizationData[] = tags.map((tag) => ({ idTag: tag.idTag, idTagInfo: toIdTagInfo(tag, now) }));
    if (request.updateType === "Differential") {
      // Tags are case-insensitive (citext in the database): "abc" names the stored "ABC", and once is enough.
      const named = new Set(tags.map((tag) => tag.idTag.toLowerCase()));
      for (const idTag of request.idTags ?? []) {
        if (named.has(idTag.toLowerCase())) continue;
        named.add(idTag.toLowerCase());
        // Without idTagInfo an entry means: remove this tag from the local list.
        entries.push({ idTag });
      }
    }

    const answer = await this.commands.send(chargePointId, "SendLocalList", {
      listVersion,
      updateType: request.updateType,
      localAuthorizationList: entries,
    });
    if (answer.status === "Accepted") {
      await this.db.station.update({ where: { chargePointId }, data: { localListVersion: listVersion } });
    }
    return { ...answer, listVersion };
  }
}
