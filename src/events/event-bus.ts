import { createPubSub, type PubSub } from "graphql-yoga";
import type { Connector, OcppMessage, Station, Transaction } from "../generated/prisma/client.js";

/** Every state change the API publishes, keyed by channel; the payload is the changed record. */
export type EventChannels = {
  stationUpdated: [station: Station];
  connectorStatusChanged: [connector: Connector];
  transactionUpdated: [transaction: Transaction];
  ocppMessageLogged: [message: OcppMessage];
};

export type EventBus = PubSub<EventChannels>;

/**
 * In-process by default; pass an EventTarget (for example graphql-yoga's Redis event target) to share events
 * between instances without touching publishers or resolvers.
 */
export function createEventBus(config?: Parameters<typeof createPubSub<EventChannels>>[0]): EventBus {
  return createPubSub<EventChannels>(config);
}
