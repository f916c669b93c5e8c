import { randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { ROLES, type Role } from "./roles.js";

export type TokenClaims = { userId: number; email: string; role: Role };

export class InvalidTokenError extends Error {
  override name = "InvalidTokenError";
}

export class TokenExpiredError extends InvalidTokenError {
  override name = "TokenExpiredError";
}

const ISSUER = "ocpp-central";

/** Short-lived HS256 JWTs for signed-in users. */
export class TokenService {
  private readonly key: Uint8Array;

  /** Without a configured secret (development only) tokens are valid until the process restarts. */
  constructor(
    secret: string | undefined,
    readonly ttlSeconds: number,
  ) {
    this.key = secret ? new TextEncoder().encode(secret) : randomBytes(32);
  }

  async issue(claims: TokenClaims): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const token = await new SignJWT({ email: claims.email, role: claims.role })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(String(claims.userId))
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The token's claims and, when it has one, the moment it expires. */
  async verify(token: string): Promise<TokenClaims & { expiresAt?: Date }> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ["HS256"] });
      const role = payload.role as Role;
      if (!payload.sub || typeof payload.email !== "string" || !ROLES.includes(role)) {
        throw new InvalidTokenError("Token is missing claims");
      }
      const expiresAt = payload.exp === undefined ? undefined : new Date(payload.exp * 1000);
      return { userId: Number(payload.sub), email: payload.email, role, expiresAt };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TokenExpiredError("Token has expired");
      if (error instanceof InvalidTokenError) throw error;
      throw new InvalidTokenError("Token is invalid");
    }
  }
}
