import type { Database } from "../db/client.js";
import type { EventBus } from "../events/event-bus.js";

/** What every resolver receives; built once per request or graphql-ws subscription. */
export type GraphQLContext = {
  db: Database;
  events: EventBus;
};
