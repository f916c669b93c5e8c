import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import type { Redis } from "ioredis";
import superjson from "superjson";
import { type EventBus, EventTargetBus } from "./event-bus.js";

/**
 * The event bus over Redis pub/sub: a listener on any instance hears every instance's events (its own come back
 * through Redis too). superjson keeps Dates and BigInts (audit-log ids) intact across the wire.
 */
export function createRedisEventBus(publishClient: Redis, subscribeClient: Redis, channelPrefix: string): EventBus {
  const target = createRedisEventTarget<CustomEvent>({
    publishClient,
    subscribeClient,
    serializer: { stringify: (message) => superjson.stringify(message), parse: (message) => superjson.parse(message) },
  });
  // Redis channels are shared by everything on the server: our event names get the deployment's prefix.
  const prefixed: EventTarget = {
    addEventListener: (type, listener, options) => target.addEventListener(channelPrefix + type, listener, options),
    removeEventListener: (type, listener, options) =>
      target.removeEventListener(channelPrefix + type, listener, options),
    // While shutting down (client no longer ready) there is nobody left to tell; publishing would only reject.
    dispatchEvent: (event) =>
      publishClient.status === "ready" &&
      target.dispatchEvent(new CustomEvent(channelPrefix + event.type, { detail: (event as CustomEvent).detail })),
  };
  return new EventTargetBus(prefixed);
}
