import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { hashPassword, verifyPassword } from "../../auth/passwords.js";
import { failureLimiter, giveBack, type RateLimiterStore, spendAttempt } from "../../auth/rate-limiter.js";
import type { StationStore } from "../../db/stores/stations.js";
import type { HandshakeDecision, HandshakeRequest } from "../../ocpp/server.js";
import { CommandRejectedError } from "../errors.js";

export type StationAccessOptions = {
  allowUnknownStations: boolean;
  /** 0: none; 1 and 2: every station authenticates with HTTP Basic (2 adds TLS, handled by the server). */
  securityProfile: 0 | 1 | 2;
  authFailuresPerMinute: number;
  /**
   * Bounds on the pending-registration list, so that a flood of made-up identities cannot grow it without end: an
   * address keeps its newest `perAddress` identities (older ones make room), and the list holds at most `total`
   * (beyond it an unknown identity is still refused with 404, but not listed).
   */
  pendingStations: { perAddress: number; total: number };
};

/** OCPP 1.6 security whitepaper: the AuthorizationKey is 16 to 40 characters. */
const PASSWORD_LENGTH = { min: 16, max: 40 };
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const TOO_MANY_ATTEMPTS = {
  accepted: false,
  status: 429,
  reason: "Too many failed attempts, try again later",
} as const;

function basicCredentials(authorization: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization?.trim() ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Who may open an OCPP connection: the station registry, HTTP Basic passwords (security profiles 1 and 2), and a
 * per-identity and per-address limit on failed attempts.
 */
export class StationAccessService {
  private readonly failuresByIdentity: RateLimiterAbstract;
  private readonly failuresByAddress: RateLimiterAbstract;
  /** Stations whose current password was verified once: reconnects skip the slow hash. */
  private readonly verified = new Map<string, { passwordHash: string; passwordDigest: string }>();

  constructor(
    private readonly store: StationStore,
    private readonly options: StationAccessOptions,
    private readonly logger: Logger,
    limiterStore?: RateLimiterStore,
  ) {
    const limit = { points: options.authFailuresPerMinute, duration: 60 };
    this.failuresByIdentity = failureLimiter("handshake-identity", limit, limiterStore);
    this.failuresByAddress = failureLimiter("handshake-address", limit, limiterStore);
  }

  async check({ chargePointId, authorization, remoteAddress }: HandshakeRequest): Promise<HandshakeDecision> {
    const address = remoteAddress ?? "unknown";
    if (await this.isLockedOut(chargePointId, address)) return TOO_MANY_ATTEMPTS;
    const station = await this.store.passwordHash(chargePointId);
    if (!station) {
      if (this.options.allowUnknownStations) return { accepted: true };
      // Probing for identities counts against the address like a wrong password does, counted before the pending
      // list is written, so that parallel probes cannot all get through.
      if (!(await spendAttempt(this.failuresByAddress, address)).allowed) return TOO_MANY_ATTEMPTS;
      await this.recordPending(chargePointId, address);
      return { accepted: false, status: 404, reason: "Unknown charge point; an operator must approve it" };
    }
    if (this.options.securityProfile === 0 && !station.passwordHash) return { accepted: true };

    const credentials = basicCredentials(authorization);
    const plausible =
      credentials !== undefined && credentials.username === chargePointId && station.passwordHash !== null;
    // A reconnect with the password verified before costs nothing and is not counted: a reconnect storm of many
    // chargers behind one address must not lock that address out.
    if (plausible && this.alreadyVerified(chargePointId, station.passwordHash!, credentials.password)) {
      return { accepted: true };
    }
    // Every other attempt is counted before the slow check, atomically: counting only failures after argon2
    // answered let parallel guesses all pass the limit (60 of 60 did, across two instances). A success gives its
    // points back.
    const counted = await Promise.all([
      spendAttempt(this.failuresByIdentity, chargePointId),
      spendAttempt(this.failuresByAddress, address),
    ]);
    if (counted.some((verdict) => !verdict.allowed)) return TOO_MANY_ATTEMPTS;
    const valid = plausible && (await this.passwordMatches(chargePointId, station.passwordHash!, credentials.password));
    if (valid) {
      await Promise.all([giveBack(this.failuresByIdentity, chargePointId), giveBack(this.failuresByAddress, address)]);
      return { accepted: true };
    }
    this.logger.warn({ chargePointId, remoteAddress: address }, "Charge point failed HTTP Basic authentication");
    return { accepted: false, status: 401, reason: "HTTP Basic authentication required" };
  }

  async setPassword(chargePointId: string, password: string | null): Promise<void> {
    await this.setPasswordHash(chargePointId, password === null ? null : await this.hashNewPassword(password));
  }

  /** Checks that a password is one a station may have, and hashes it (for setPasswordHash). */
  async hashNewPassword(password: string, name = "password"): Promise<string> {
    if (password.length < PASSWORD_LENGTH.min || password.length > PASSWORD_LENGTH.max) {
      throw new CommandRejectedError(`${name} must be ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters`);
    }
    return hashPassword(password);
  }

  async setPasswordHash(chargePointId: string, passwordHash: string | null): Promise<void> {
    this.verified.delete(chargePointId);
    await this.store.setPasswordHash(chargePointId, passwordHash);
  }

  /** Registers a pending (or never seen) identity as a known station. */
  approve(chargePointId: string) {
    return this.store.approve(chargePointId);
  }

  dismiss(chargePointId: string): Promise<boolean> {
    return this.store.dismissPending(chargePointId);
  }

  private async isLockedOut(chargePointId: string, address: string): Promise<boolean> {
    const [byIdentity, byAddress] = await Promise.all([
      this.failuresByIdentity.get(chargePointId),
      this.failuresByAddress.get(address),
    ]);
    return (byIdentity?.remainingPoints ?? 1) <= 0 || (byAddress?.remainingPoints ?? 1) <= 0;
  }

  private alreadyVerified(chargePointId: string, passwordHash: string, password: string): boolean {
    const known = this.verified.get(chargePointId);
    return known !== undefined && known.passwordHash === passwordHash && known.passwordDigest === sha256(password);
  }

  private async passwordMatches(chargePointId: string, passwordHash: string, password: string): Promise<boolean> {
    if (this.alreadyVerified(chargePointId, passwordHash, password)) return true;
    if (!(await verifyPassword(passwordHash, password))) return false;
    this.verified.set(chargePointId, { passwordHash, passwordDigest: sha256(password) });
    return true;
  }

  private async recordPending(chargePointId: string, remoteAddress: string): Promise<void> {
    const listed = await this.store.recordPending(chargePointId, remoteAddress, this.options.pendingStations);
    if (listed) {
      this.logger.warn(
        { chargePointId, remoteAddress },
        "Refused unknown charge point; listed as pending registration",
      );
    } else {
      this.logger.warn({ chargePointId, remoteAddress }, "Refused unknown charge point; the pending list is full");
    }
  }
}
