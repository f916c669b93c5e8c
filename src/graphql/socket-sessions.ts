import type { Principal } from "../auth/roles.js";
import type { EventChannels } from "../events/event-bus.js";
import type { EventStreams } from "./event-streams.js";

/** graphql-ws close codes for sockets whose credential died while they were open (see docs/api-access.md). */
export const SocketCloseCode = {
  /** The login token reached its expiry: sign in again, then reconnect. graphql-ws clients do not retry it. */
  credentialExpired: 4401,
  /**
   * The API key was revoked, or the user deleted, disabled or given another role: a reconnect with the same
   * credential is refused (4403 again) or gets the new role.
   */
  credentialRevoked: 4403,
} as const;

/** One open graphql-ws socket, as far as access control is concerned. */
export type SocketSession = {
  /** Who the socket authenticated as when it connected. */
  principal: Principal | null;
  /** Stops the socket's subscriptions at once and closes it. */
  close(code: number, reason: string): void;
};

type PrincipalChange = EventChannels["principalChanged"];
const principalKey = (principal: { kind: string; id: number | null }) => `${principal.kind}:${principal.id}`;
/** setTimeout fires at once beyond this; login tokens live at most JWT_TTL_SECONDS (≤ 1 day) anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The open graphql-ws sockets by principal: closes them when their principal changes (announced on the event bus,
 * so a revocation on one instance reaches the sockets of every instance) and when a login token expires.
 */
export class SocketSessions {
  private readonly byPrincipal = new Map<string, Set<SocketSession>>();
  private readonly expiryTimers = new Map<SocketSession, NodeJS.Timeout>();
  private changes: AsyncIterableIterator<PrincipalChange> | undefined;
  private listening: Promise<void> | undefined;

  constructor(private readonly events: EventStreams) {}

  start(): void {
    const changes = (this.changes = this.events.subscribe("principalChanged"));
    this.listening = (async () => {
      for await (const change of changes) this.principalChanged(change);
    })();
  }

  async stop(): Promise<void> {
    await this.changes?.return?.();
    await this.listening;
    for (const timer of this.expiryTimers.values()) clearTimeout(timer);
    this.expiryTimers.clear();
  }

  opened(session: SocketSession): void {
    const { principal } = session;
    if (!principal || principal.id === null) return;
    const key = principalKey(principal);
    let sessions = this.byPrincipal.get(key);
    if (!sessions) this.byPrincipal.set(key, (sessions = new Set()));
    sessions.add(session);
    if (principal.expiresAt) {
      const delay = Math.max(0, Math.min(principal.expiresAt.getTime() - Date.now(), MAX_TIMER_MS));
      const timer = setTimeout(() => session.close(SocketCloseCode.credentialExpired, "Credential expired"), delay);
      timer.unref();
      this.expiryTimers.set(session, timer);
    }
  }

  closed(session: SocketSession): void {
    clearTimeout(this.expiryTimers.get(session));
    this.expiryTimers.delete(session);
    if (!session.principal) return;
    const key = principalKey(session.principal);
    const sessions = this.byPrincipal.get(key);
    if (sessions?.delete(session) && sessions.size === 0) this.byPrincipal.delete(key);
  }

  private principalChanged(change: PrincipalChange): void {
    for (const session of this.byPrincipal.get(principalKey(change)) ?? []) {
      session.close(SocketCloseCode.credentialRevoked, "Credential revoked or changed");
    }
  }
}
