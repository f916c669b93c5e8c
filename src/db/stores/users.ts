import type { Role } from "../../auth/roles.js";
import type { EventPublisher } from "../../events/event-bus.js";
import type { ApiKey, User } from "../../generated/prisma/client.js";
import type { Database } from "../client.js";

/**
 * Users and API keys: the only code that writes them, and that announces a change of a principal's rights
 * (principalChanged) once it is stored, so that every instance closes that principal's open sockets.
 */
export class UserStore {
  constructor(
    private readonly db: Database,
    private readonly events?: EventPublisher,
  ) {}

  createUser(data: { email: string; passwordHash: string; role: Role }): Promise<User> {
    return this.db.user.create({ data });
  }

  /** Announced when the role or whether the user is disabled changed. */
  async updateUser(before: User, changes: { role?: Role; disabledAt?: Date | null }): Promise<User> {
    const updated = await this.db.user.update({ where: { id: before.id }, data: changes });
    if (updated.role !== before.role || Boolean(updated.disabledAt) !== Boolean(before.disabledAt)) {
      this.announce("user", before.id);
    }
    return updated;
  }

  async deleteUser(id: number): Promise<boolean> {
    const { count } = await this.db.user.deleteMany({ where: { id } });
    if (count > 0) this.announce("user", id);
    return count > 0;
  }

  createApiKey(data: { name: string; prefix: string; keyHash: string; role: Role; createdById: number | null }) {
    return this.db.apiKey.create({ data });
  }

  async revokeApiKey(id: number): Promise<ApiKey> {
    const revoked = await this.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    this.announce("apiKey", id);
    return revoked;
  }

  /** When a key was last used, for operators deciding what to revoke; not a change of anyone's rights. */
  async markApiKeyUsed(id: number, at: Date): Promise<void> {
    await this.db.apiKey.update({ where: { id }, data: { lastUsedAt: at } });
  }

  private announce(kind: "user" | "apiKey", id: number) {
    this.events?.publish("principalChanged", { kind, id });
  }
}
