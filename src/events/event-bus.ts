import { createPubSub } from "graphql-yoga";
import type { Connector, OcppMessage, Station, Transaction } from "../generated/prisma/client.js";

/** Every state change the API publishes, by channel; the payload is the changed record. */
export type EventChannels = {
  stationUpdated: Station;
  connectorStatusChanged: Connector;
  transactionUpdated: Transaction;
  ocppMessageLogged: OcppMessage;
  /**
   * A user was deleted, disabled or given another role, or an API key was revoked: every instance closes the
   * graphql-ws sockets authenticated as that principal.
   */
  principalChanged: { kind: "user" | "apiKey"; id: number };
};

export type EventBus = {
  publish<C extends keyof EventChannels>(channel: C, record: EventChannels[C]): void;
  /** The channel's events, or only those of one charge point when chargePointId is given. */
  subscribe<C extends keyof EventChannels>(
    channel: C,
    chargePointId?: string | null,
  ): AsyncIterableIterator<EventChannels[C]>;
};

type PubSubConfig = Parameters<typeof createPubSub>[0];

/**
 * In-process by default; pass an EventTarget (for example graphql-yoga's Redis event target) to share events
 * between instances without touching publishers or resolvers. Each event goes out twice, on the channel and on the
 * channel keyed by its charge point, so that a subscriber to one charge point is only ever woken for that one:
 * filtering a shared stream per subscriber cost more than anything else when hundreds watch the same charger.
 */
export function createEventBus(config?: PubSubConfig): EventBus {
  const pubsub = createPubSub(config);
  return {
    publish(channel, record) {
      pubsub.publish(channel, record);
      const { chargePointId } = record as { chargePointId?: string };
      if (chargePointId !== undefined) pubsub.publish(channel, chargePointId, record);
    },
    subscribe<C extends keyof EventChannels>(channel: C, chargePointId?: string | null) {
      const stream = chargePointId ? pubsub.subscribe(channel, chargePointId) : pubsub.subscribe(channel);
      return stream as AsyncIterableIterator<EventChannels[C]>;
    },
  };
}
