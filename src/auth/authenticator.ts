import type { Database } from "../db/client.js";
import { UserStore } from "../db/stores/users.js";
import { hashApiKey, looksLikeApiKey } from "./api-keys.js";
import type { Principal } from "./roles.js";
import { InvalidTokenError, TokenExpiredError, type TokenService } from "./tokens.js";

export class AuthenticationError extends Error {
  override name = "AuthenticationError";
}

/** The credential was good but has expired: signing in again helps, unlike for a revoked one. */
export class CredentialExpiredError extends AuthenticationError {
  override name = "CredentialExpiredError";
}

const ANONYMOUS_ADMIN: Principal = { kind: "anonymous", id: null, name: "anonymous", role: "admin" };
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Turns an `Authorization: Bearer <credential>` value into a principal. The credential is either a JWT from `login`
 * or an API key. With no credential: null, or an anonymous admin where authentication is not required (development).
 */
export class Authenticator {
  private readonly users: UserStore;

  constructor(
    private readonly db: Database,
    private readonly tokens: TokenService,
    private readonly options: { authRequired: boolean },
  ) {
    this.users = new UserStore(db);
  }

  async authenticate(authorization: string | null | undefined): Promise<Principal | null> {
    if (!authorization) return this.options.authRequired ? null : ANONYMOUS_ADMIN;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw new AuthenticationError("Authorization must be 'Bearer <token or API key>'");
    const credential = match[1];
    return looksLikeApiKey(credential) ? this.fromApiKey(credential) : this.fromToken(credential);
  }

  private async fromToken(token: string): Promise<Principal> {
    let claims;
    try {
      claims = await this.tokens.verify(token);
    } catch (error) {
      if (error instanceof TokenExpiredError) throw new CredentialExpiredError(error.message);
      throw new AuthenticationError(error instanceof InvalidTokenError ? error.message : "Token is invalid");
    }
    // A disabled user's tokens stop working at once, not when they expire.
    const user = await this.db.user.findUnique({
      where: { id: claims.userId },
      select: { disabledAt: true, role: true },
    });
    if (!user || user.disabledAt) throw new AuthenticationError("User is disabled or no longer exists");
    return { kind: "user", id: claims.userId, name: claims.email, role: user.role, expiresAt: claims.expiresAt };
  }

  private async fromApiKey(key: string): Promise<Principal> {
    const apiKey = await this.db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
    if (!apiKey) throw new AuthenticationError("API key is invalid");
    if (apiKey.revokedAt) throw new AuthenticationError("API key has been revoked");
    const now = Date.now();
    if (!apiKey.lastUsedAt || now - apiKey.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.users.markApiKeyUsed(apiKey.id, new Date(now));
    }
    return { kind: "apiKey", id: apiKey.id, name: apiKey.name, role: apiKey.role };
  }
}
