import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { failureLimiter, type RateLimiterStore } from "../auth/rate-limiter.js";
import { generateApiKey } from "../auth/api-keys.js";
import { hashPassword, verifyPassword } from "../auth/passwords.js";
import type { Role } from "../auth/roles.js";
import type { TokenService } from "../auth/tokens.js";
import type { Database } from "../db/client.js";
import { CommandRejectedError } from "./errors.js";

export class LoginFailedError extends Error {
  override name = "LoginFailedError";
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MIN_PASSWORD_LENGTH = 12;
/** Verifying against this keeps a login for an unknown email as slow as one with a wrong password. */
const DUMMY_HASH = hashPassword("not-a-real-password-but-a-timing-shield");

/** Users, their sign-in, and integrators' API keys. */
export class UserService {
  /** Failed sign-ins per email: beyond it, even the right password waits for the window to pass. */
  private readonly failedLogins: RateLimiterAbstract;

  constructor(
    private readonly db: Database,
    private readonly tokens: TokenService,
    limiterStore?: RateLimiterStore,
  ) {
    this.failedLogins = failureLimiter("login", { points: 10, duration: 300 }, limiterStore);
  }

  async createUser(email: string, password: string, role: Role) {
    const normalized = email.trim().toLowerCase();
    if (!EMAIL.test(normalized)) throw new CommandRejectedError("email is not an email address");
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new CommandRejectedError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const existing = await this.db.user.findUnique({ where: { email: normalized } });
    if (existing) throw new CommandRejectedError(`A user with email ${normalized} exists`);
    return this.db.user.create({ data: { email: normalized, passwordHash: await hashPassword(password), role } });
  }

  async login(email: string, password: string) {
    const normalized = email.trim().toLowerCase();
    const attempts = await this.failedLogins.get(normalized);
    if (attempts && attempts.remainingPoints <= 0) {
      throw new LoginFailedError(`Too many failed sign-ins; try again in ${Math.ceil(attempts.msBeforeNext / 1000)} s`);
    }
    const user = await this.db.user.findUnique({ where: { email: normalized } });
    const valid = user
      ? await verifyPassword(user.passwordHash, password)
      : await verifyPassword(await DUMMY_HASH, password);
    if (!user || !valid || user.disabledAt) {
      await this.failedLogins.consume(normalized).catch(() => undefined);
      throw new LoginFailedError("Email or password is wrong");
    }
    const { token, expiresAt } = await this.tokens.issue({ userId: user.id, email: user.email, role: user.role });
    return { token, expiresAt, user };
  }

  /** The key itself is returned once, here; only its hash is stored. */
  async createApiKey(name: string, role: Role, createdById: number | null) {
    if (!name.trim() || name.length > 100) throw new CommandRejectedError("name must be 1 to 100 characters");
    const { key, prefix, keyHash } = generateApiKey();
    const apiKey = await this.db.apiKey.create({ data: { name: name.trim(), prefix, keyHash, role, createdById } });
    return { key, apiKey };
  }

  async revokeApiKey(id: number) {
    const apiKey = await this.db.apiKey.findUnique({ where: { id } });
    if (!apiKey) throw new CommandRejectedError(`No API key ${id}`);
    return apiKey.revokedAt ? apiKey : this.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  }
}
