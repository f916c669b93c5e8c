import type { Database } from "../db/client.js";
import type { ChargingProfileService } from "../domain/charging-profiles.js";
import type { ConfigurationService } from "../domain/configuration.js";
import type { LocalAuthListService } from "../domain/local-auth-list.js";
import type { RemoteControlService } from "../domain/remote-control.js";
import type { ReservationService } from "../domain/reservations.js";
import type { EventBus } from "../events/event-bus.js";

/** The services that command chargers, for the mutations. */
export type CommandServices = {
  remoteControl: RemoteControlService;
  configuration: ConfigurationService;
  reservations: ReservationService;
  chargingProfiles: ChargingProfileService;
  localAuthList: LocalAuthListService;
};

/** What every resolver receives; built once per request or graphql-ws subscription. */
export type GraphQLContext = {
  db: Database;
  events: EventBus;
  commands: CommandServices;
};
