import { Repeater } from "graphql-yoga";
import type { EventBus, EventChannel, EventChannels } from "../events/event-bus.js";

/** The domain's events as the async iterators GraphQL subscriptions return. */
export type EventStreams = {
  /** The channel's events, or only those of one charge point when chargePointId is given. */
  subscribe<C extends EventChannel>(channel: C, chargePointId?: string | null): AsyncIterableIterator<EventChannels[C]>;
};

/**
 * Adapts the event bus to subscriptions with graphql-yoga's Repeater (what its pubsub is made of): events queue per
 * subscriber until the client takes them, and the listener goes when the subscription ends.
 */
export function eventStreams(bus: EventBus): EventStreams {
  return {
    subscribe: <C extends EventChannel>(channel: C, chargePointId?: string | null) =>
      new Repeater<EventChannels[C]>(async (push, stop) => {
        const stopListening = bus.listen(channel, (payload) => void push(payload), chargePointId);
        await stop;
        stopListening();
      }),
  };
}
