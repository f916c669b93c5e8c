import type {
  IdTokenInfoType,
  SendLocalListRequest,
  SendLocalListResponse,
} from "../../../src/generated/ocpp201-types.js";

/** The Local Authorization List the CSMS sends (SendLocalList), used to authorize while offline. */
export class LocalAuthList {
  private version = 0;
  private readonly entries = new Map<string, IdTokenInfoType>();

  constructor(private readonly maxLength: number) {}

  get versionNumber(): number {
    return this.version;
  }

  lookup(idToken: string): IdTokenInfoType | undefined {
    return this.entries.get(idToken.toLowerCase());
  }

  /** Full replaces the list; Differential needs a newer version, and an entry without idTokenInfo removes the token. */
  update(request: SendLocalListRequest): SendLocalListResponse["status"] {
    if (request.updateType === "Differential" && request.versionNumber <= this.version) return "VersionMismatch";
    const next = request.updateType === "Full" ? new Map<string, IdTokenInfoType>() : new Map(this.entries);
    for (const { idToken, idTokenInfo } of request.localAuthorizationList ?? []) {
      const key = idToken.idToken.toLowerCase();
      if (idTokenInfo) next.set(key, idTokenInfo);
      else next.delete(key);
    }
    if (next.size > this.maxLength) return "Failed";
    this.entries.clear();
    for (const [idToken, info] of next) this.entries.set(idToken, info);
    this.version = request.versionNumber;
    return "Accepted";
  }
}
