import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { failureLimiter, giveBack, type RateLimiterStore, spendAttempt } from "../../auth/rate-limiter.js";
import { generateApiKey } from "../../auth/api-keys.js";
import { hashPassword, verifyPassword } from "../../auth/passwords.js";
import type { Role } from "../../auth/roles.js";
import type { TokenService } from "../../auth/tokens.js";
import type { Database } from "../../db/client.js";
import { UserStore } from "../../db/stores/users.js";
import type { EventPublisher } from "../../events/event-bus.js";
import { CommandRejectedError } from "../errors.js";

export class LoginFailedError extends Error {
  override name = "LoginFailedError";
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MIN_PASSWORD_LENGTH = 12;
/** Verifying against this keeps a login for an unknown email as slow as one with a wrong password. */
const DUMMY_HASH = hashPassword("not-a-real-password-but-a-timing-shield");

/** Sign-in attempts per email, and per client address (spraying many emails from one place). */
export const LOGIN_LIMITS = {
  perEmail: { points: 10, duration: 300 },
  perAddress: { points: 30, duration: 300 },
};

export type UserServiceOptions = {
  limiterStore?: RateLimiterStore;
  /** Where revocations and role changes are announced, so that open graphql-ws sockets of that principal close. */
  events?: EventPublisher;
};

/** Users, their sign-in, and integrators' API keys. */
export class UserService {
  /** Failed sign-ins per email and per address: beyond them, even the right password waits for the window to pass. */
  private readonly failedLogins: RateLimiterAbstract;
  private readonly failedLoginsByAddress: RateLimiterAbstract;
  private readonly store: UserStore;

  constructor(
    private readonly db: Database,
    private readonly tokens: TokenService,
    private readonly options: UserServiceOptions = {},
  ) {
    this.failedLogins = failureLimiter("login", LOGIN_LIMITS.perEmail, options.limiterStore);
    this.failedLoginsByAddress = failureLimiter("login-address", LOGIN_LIMITS.perAddress, options.limiterStore);
    this.store = new UserStore(db, options.events);
  }

  async createUser(email: string, password: string, role: Role) {
    const normalized = email.trim().toLowerCase();
    if (!EMAIL.test(normalized)) throw new CommandRejectedError("email is not an email address");
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new CommandRejectedError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const existing = await this.db.user.findUnique({ where: { email: normalized } });
    if (existing) throw new CommandRejectedError(`A user with email ${normalized} exists`);
    return this.store.createUser({ email: normalized, passwordHash: await hashPassword(password), role });
  }

  async login(email: string, password: string, clientAddress = "unknown") {
    const normalized = email.trim().toLowerCase();
    // Counted before the slow argon2 check, atomically: a limit that only counted failures afterwards let most of
    // 40 parallel guesses through. A successful sign-in gives its points back.
    const verdicts = await Promise.all([
      spendAttempt(this.failedLogins, normalized),
      spendAttempt(this.failedLoginsByAddress, clientAddress),
    ]);
    const waitMs = Math.max(...verdicts.map((verdict) => (verdict.allowed ? 0 : verdict.retryInMs)));
    if (waitMs > 0) throw new LoginFailedError(`Too many failed sign-ins; try again in ${Math.ceil(waitMs / 1000)} s`);
    const user = await this.db.user.findUnique({ where: { email: normalized } });
    const valid = user
      ? await verifyPassword(user.passwordHash, password)
      : await verifyPassword(await DUMMY_HASH, password);
    if (!user || !valid || user.disabledAt) throw new LoginFailedError("Email or password is wrong");
    await Promise.all([giveBack(this.failedLogins, normalized), giveBack(this.failedLoginsByAddress, clientAddress)]);
    const { token, expiresAt } = await this.tokens.issue({ userId: user.id, email: user.email, role: user.role });
    return { token, expiresAt, user };
  }

  /** Changes a user's role or disables (enables) them; their open sockets are closed so nothing runs on old rights. */
  async updateUser(id: number, changes: { role?: Role | null; disabled?: boolean | null }) {
    const user = await this.db.user.findUnique({ where: { id } });
    if (!user) throw new CommandRejectedError(`No user ${id}`);
    const disabledAt =
      changes.disabled === true ? (user.disabledAt ?? new Date()) : changes.disabled === false ? null : undefined;
    return this.store.updateUser(user, { role: changes.role ?? undefined, disabledAt });
  }

  deleteUser(id: number): Promise<boolean> {
    return this.store.deleteUser(id);
  }

  /** The key itself is returned once, here; only its hash is stored. */
  async createApiKey(name: string, role: Role, createdById: number | null) {
    if (!name.trim() || name.length > 100) throw new CommandRejectedError("name must be 1 to 100 characters");
    const { key, prefix, keyHash } = generateApiKey();
    const apiKey = await this.store.createApiKey({ name: name.trim(), prefix, keyHash, role, createdById });
    return { key, apiKey };
  }

  async revokeApiKey(id: number) {
    const apiKey = await this.db.apiKey.findUnique({ where: { id } });
    if (!apiKey) throw new CommandRejectedError(`No API key ${id}`);
    if (apiKey.revokedAt) return apiKey;
    return this.store.revokeApiKey(id);
  }
}
