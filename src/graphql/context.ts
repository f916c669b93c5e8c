import type { Principal } from "../auth/roles.js";
import type { Database } from "../db/client.js";
import type { ChargingProfileService } from "../features/smart-charging/charging-profile-service.js";
import type { ConfigurationService } from "../features/configuration/configuration-service.js";
import type { IdTagService } from "../features/authorization/id-tag-service.js";
import type { LocalAuthListService } from "../features/local-list/local-list-service.js";
import type { FirmwareService } from "../features/firmware/firmware-service.js";
import type { RemoteControlService } from "../features/remote-control/remote-control-service.js";
import type { StationAccessService } from "../features/access/station-access-service.js";
import type { StationService } from "../features/stations/station-service.js";
import type { UserService } from "../features/access/user-service.js";
import type { ReservationService } from "../features/reservations/reservation-service.js";
import type { TransactionService } from "../features/transactions/transaction-service.js";
import type { EventStreams } from "./event-streams.js";

/** The feature services resolvers write through (reads go through Pothos' `query`). */
export type Services = {
  remoteControl: RemoteControlService;
  firmware: FirmwareService;
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
  services: Services;
};

/** What every resolver receives; built per HTTP request or graphql-ws operation. */
export type GraphQLContext = ServerContext & {
  /** Null when the request carries no credentials (and authentication is required). */
  principal: Principal | null;
  /** The client's address (from X-Forwarded-For behind a TRUST_PROXY), for per-address limits. */
  clientAddress: string | undefined;
};
