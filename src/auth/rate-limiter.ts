import type { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";

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
