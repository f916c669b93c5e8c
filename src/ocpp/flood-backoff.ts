export type FloodBackoffOptions = {
  /** The first refusal after a flood; each further offence doubles it. */
  baseMs: number;
  maxMs: number;
  /** One offence is forgiven per this much time without a new one. */
  decayMs: number;
  /** Entries kept at most (the oldest are forgotten first), so that many identities cannot exhaust memory. */
  maxEntries: number;
};

export const DEFAULT_FLOOD_BACKOFF: FloodBackoffOptions = {
  baseMs: 5_000,
  maxMs: 10 * 60_000,
  decayMs: 10 * 60_000,
  maxEntries: 10_000,
};

type Offender = { offences: number; lastOffenceAt: number; refusedUntil: number };

/**
 * Remembers which charger (identity and address together: neither an identity reused elsewhere nor every charger
 * behind one NAT address is punished for another's flood) was closed for flooding, and refuses its handshakes for a
 * back-off that doubles with each offence (5 s, 10 s, 20 s, ... up to 10 min) and forgets one offence per 10 minutes
 * of good behaviour. In memory, per instance: a flooder that reaches another instance of a cluster starts there at
 * the first offence.
 */
export class FloodBackoff {
  private readonly offenders = new Map<string, Offender>();

  constructor(
    private readonly options: FloodBackoffOptions = DEFAULT_FLOOD_BACKOFF,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records that this charger was closed for flooding; returns how long it is now refused, in ms. */
  offence(identity: string, address: string | undefined): number {
    const key = keyOf(identity, address);
    const now = this.now();
    const offences = this.remainingOffences(this.offenders.get(key), now) + 1;
    const backoff = Math.min(this.options.maxMs, this.options.baseMs * 2 ** (offences - 1));
    // Re-inserted, so the Map's order is the order of the latest offences and the oldest is forgotten first.
    this.offenders.delete(key);
    this.offenders.set(key, { offences, lastOffenceAt: now, refusedUntil: now + backoff });
    while (this.offenders.size > this.options.maxEntries) {
      this.offenders.delete(this.offenders.keys().next().value!);
    }
    return backoff;
  }

  /** How long this charger's handshakes are still refused, in ms (0: accepted). */
  retryAfterMs(identity: string, address: string | undefined): number {
    const key = keyOf(identity, address);
    const offender = this.offenders.get(key);
    if (!offender) return 0;
    const now = this.now();
    if (this.remainingOffences(offender, now) === 0) {
      this.offenders.delete(key);
      return 0;
    }
    return Math.max(0, offender.refusedUntil - now);
  }

  private remainingOffences(offender: Offender | undefined, now: number): number {
    if (!offender) return 0;
    const forgiven = Math.floor(Math.max(0, now - offender.refusedUntil) / this.options.decayMs);
    return Math.max(0, offender.offences - forgiven);
  }
}

const keyOf = (identity: string, address: string | undefined) => `${identity}\u0000${address ?? ""}`;
