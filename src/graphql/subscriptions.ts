import { filter, pipe } from "graphql-yoga";
import type { EventBus, EventChannels } from "../events/event-bus.js";

/** A channel's events, narrowed to one charge point when chargePointId is given. */
export function eventsFor<C extends keyof EventChannels>(
  events: EventBus,
  channel: C,
  chargePointId: string | null | undefined,
): AsyncIterable<EventChannels[C][0]> {
  // Every channel is unkeyed ([payload]); TypeScript cannot see that through the generic channel name.
  const subscribe = events.subscribe as (topic: C) => AsyncIterable<EventChannels[C][0]>;
  const stream = subscribe(channel);
  if (!chargePointId) return stream;
  return pipe(
    stream,
    filter((record) => (record as { chargePointId: string }).chargePointId === chargePointId),
  );
}
