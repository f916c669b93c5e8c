import type { Connector, OcppMessage, Station, StationEvent, Transaction } from "../generated/prisma/client.js";

/** Every state change the domain announces, by channel; the payload is the changed record. */
export type EventChannels = {
  stationUpdated: Station;
  connectorStatusChanged: Connector;
  transactionUpdated: Transaction;
  ocppMessageLogged: OcppMessage;
  /** A station notified an event (a monitor, a hard-wired event) or reported a security event. */
  stationEventReported: StationEvent;
  /**
   * A user was deleted, disabled or given another role, or an API key was revoked: every instance closes the
   * graphql-ws sockets authenticated as that principal.
   */
  principalChanged: { kind: "user" | "apiKey"; id: number };
};

export type EventChannel = keyof EventChannels;
export type EventListener<C extends EventChannel> = (payload: EventChannels[C]) => void;

/** What a store needs to announce its committed writes. */
export type EventPublisher = {
  publish<C extends EventChannel>(channel: C, payload: EventChannels[C]): void;
};

/** The domain's event bus: stores publish, readers (the GraphQL subscriptions, socket sessions) listen. */
export type EventBus = EventPublisher & {
  /**
   * Calls listener with each event of the channel, or only with those of one charge point when chargePointId is
   * given; returns what stops it.
   */
  listen<C extends EventChannel>(channel: C, listener: EventListener<C>, chargePointId?: string | null): () => void;
};

/** The event type of a channel, or of a channel narrowed to one charge point. */
const topic = (channel: string, chargePointId?: string | null) =>
  chargePointId ? `${channel}:${chargePointId}` : channel;

/**
 * An event bus over an EventTarget: in-process with the default one, shared between instances with a Redis-backed
 * target (see createRedisEventBus). Each event goes out twice, on its channel and on the channel keyed by its charge
 * point, so that a listener to one charge point is only ever woken for that one: filtering a shared stream per
 * subscriber cost more than anything else when hundreds watch the same charger.
 */
export class EventTargetBus implements EventBus {
  constructor(private readonly target: EventTarget = new EventTarget()) {}

  publish<C extends EventChannel>(channel: C, payload: EventChannels[C]): void {
    this.target.dispatchEvent(new CustomEvent(topic(channel), { detail: payload }));
    const { chargePointId } = payload as { chargePointId?: string };
    if (chargePointId !== undefined) {
      this.target.dispatchEvent(new CustomEvent(topic(channel, chargePointId), { detail: payload }));
    }
  }

  listen<C extends EventChannel>(channel: C, listener: EventListener<C>, chargePointId?: string | null): () => void {
    const type = topic(channel, chargePointId);
    const receive = (event: Event) => listener((event as CustomEvent<EventChannels[C]>).detail);
    this.target.addEventListener(type, receive);
    return () => this.target.removeEventListener(type, receive);
  }
}

/** The in-process event bus: one instance, no network. */
export const createEventBus = (): EventBus => new EventTargetBus();
