import type { Principal } from "../auth/roles.js";
import type { Database } from "../db/client.js";
import type { ChargingProfileService } from "../domain/charging-profiles.js";
import type { ConfigurationService } from "../domain/configuration.js";
import type { IdTagService } from "../domain/id-tags.js";
import type { LocalAuthListService } from "../domain/local-auth-list.js";
import type { RemoteControlService } from "../domain/remote-control.js";
import type { StationAccessService } from "../domain/station-access.js";
import type { StationService } from "../domain/stations.js";
import type { UserService } from "../domain/users.js";
import type { ReservationService } from "../domain/reservations.js";
import type { TransactionService } from "../domain/transactions.js";
import type { EventStreams } from "./event-streams.js";

/** The services that command chargers, for the mutations. */
export type CommandServices = {
  remoteControl: RemoteControlService;
  configuration: ConfigurationService;
  reservations: ReservationService;
  chargingProfiles: ChargingProfileService;
  localAuthList: LocalAuthListService;
  transactions: TransactionService;
  idTags: IdTagService;
  stationAccess: StationAccessService;
  stations: StationService;
  users: UserService;
};

/** The parts of the context that live as long as the server. */
export type ServerContext = {
  /** Per-request query limits, from the configuration. */
  limits: { maxCost: number; maxDepth: number };
  db: Database;
  events: EventStreams;
  commands: CommandServices;
};

/** What every resolver receives; built per HTTP request or graphql-ws operation. */
export type GraphQLContext = ServerContext & {
  /** Null when the request carries no credentials (and authentication is required). */
  principal: Principal | null;
  /** The client's address (from X-Forwarded-For behind a TRUST_PROXY), for per-address limits. */
  clientAddress: string | undefined;
};
