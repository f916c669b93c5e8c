import type { SendLocalListRequest, SendLocalListResponse } from "../../../src/generated/ocpp-types.js";

type AuthorizationData = NonNullable<SendLocalListRequest["localAuthorizationList"]>[number];
export type IdTagInfo = NonNullable<AuthorizationData["idTagInfo"]>;

/** The Local Authorization List the central system sends (SendLocalList), used to authorize while offline. */
export class LocalAuthList {
  private version = 0;
  private readonly entries = new Map<string, IdTagInfo>();

  constructor(private readonly maxLength: number) {}

  get listVersion(): number {
    return this.version;
  }

  lookup(idTag: string): IdTagInfo | undefined {
    return this.entries.get(idTag);
  }

  /** Full replaces the list; Differential needs a newer version, and an entry without idTagInfo removes the tag. */
  update(request: SendLocalListRequest): SendLocalListResponse["status"] {
    if (request.updateType === "Differential" && request.listVersion <= this.version) return "VersionMismatch";
    const next = request.updateType === "Full" ? new Map<string, IdTagInfo>() : new Map(this.entries);
    for (const { idTag, idTagInfo } of request.localAuthorizationList ?? []) {
      if (idTagInfo) next.set(idTag, idTagInfo);
      else next.delete(idTag);
    }
    if (next.size > this.maxLength) return "Failed";
    this.entries.clear();
    for (const [idTag, info] of next) this.entries.set(idTag, info);
    this.version = request.listVersion;
    return "Accepted";
  }
}
