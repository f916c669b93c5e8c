import type { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

export type RateLimiterStore = { redis: Redis; keyPrefix: string } | undefined;

/**
 * A limit on failures (failed handshakes, failed sign-ins). With several instances the counters live in Redis, so
 * that a load balancer spreading an attacker's attempts does not multiply the limit; if Redis is unreachable each
 * instance counts for itself meanwhile instead of refusing or letting everything through.
 */
export function failureLimiter(
  name: string,
  limit: { points: number; duration: number },
  store: RateLimiterStore,
): RateLimiterAbstract {
  const memory = new RateLimiterMemory(limit);
  if (!store) return memory;
  return new RateLimiterRedis({
    ...limit,
    storeClient: store.redis,
    keyPrefix: `${store.keyPrefix}limits:${name}`,
    insuranceLimiter: memory,
  });
}

export type AttemptVerdict = { allowed: true } | { allowed: false; retryInMs: number };

/**
 * Counts one attempt before the (slow) check it guards, atomically in Redis or memory, and says whether it may go
 * on. Counting only after a failed check let parallel attempts all pass: each one looked before any had counted.
 * A store that fails (Redis down and no insurance) counts nothing and lets the attempt through.
 */
export async function spendAttempt(limiter: RateLimiterAbstract, key: string): Promise<AttemptVerdict> {
  try {
    await limiter.consume(key);
    return { allowed: true };
  } catch (rejection) {
    return rejection instanceof RateLimiterRes
      ? { allowed: false, retryInMs: rejection.msBeforeNext }
      : { allowed: true };
  }
}

/** Gives back the point an attempt spent, once it turned out to be a success. */
export async function giveBack(limiter: RateLimiterAbstract, key: string): Promise<void> {
  await limiter.reward(key, 1).catch(() => undefined);
}
